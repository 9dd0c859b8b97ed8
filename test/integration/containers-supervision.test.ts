import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../src/runtime/daemon/containers/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { ContainerFixture, containerTestsMissing } from './containers-fixture.ts';

announceSkip('containers supervision', containerTestsMissing);

const MS = 1_000_000; // Docker durations are nanoseconds

describe.skipIf(containerTestsMissing)('containers: restart policies and health checks', () => {
  let f: ContainerFixture;
  const events: ContainerEvent[] = [];
  beforeAll(async () => {
    f = await ContainerFixture.create();
    f.manager.events((e) => events.push(e));
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  it('always: a container that exits is started again, with back-off, until stopped by hand', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'echo run; exit 0'], HostConfig: { RestartPolicy: { Name: 'always' } } });
    await eventually(() => expect(f.manager.inspect(id).RestartCount).toBeGreaterThanOrEqual(3), { timeoutMs: 20_000 });
    // The count goes up when the restart is scheduled, the start event follows after the back-off.
    expect(events.filter((e) => e.id === id && e.action === 'start').length).toBeGreaterThanOrEqual(3);
    await f.manager.stop(id, { timeoutSec: 1 });
    // A policy restart is only ever scheduled from the `restarting` state: `exited` right after the stop
    // (and not `restarting`) means the manual stop cancelled the policy.
    expect(f.manager.inspect(id).State).toMatchObject({ Status: 'exited', Restarting: false });
    expect(f.manager.state(id).manuallyStopped).toBe(true);
  });

  it('on-failure:2 restarts a failing container twice, then leaves it exited', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'exit 5'], HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 } } });
    await eventually(
      () => {
        const c = f.manager.inspect(id);
        expect(c.State.Status).toBe('exited');
        expect(c.RestartCount).toBe(2);
        expect(events.filter((e) => e.id === id && e.action === 'die').length).toBe(3);
      },
      { timeoutMs: 15_000 },
    );
    expect(f.manager.inspect(id).State.ExitCode).toBe(5);
  });

  it('on-failure does not restart a clean exit', async () => {
    const id = await f.run({ Cmd: ['true'], HostConfig: { RestartPolicy: { Name: 'on-failure' } } });
    await f.manager.wait(id);
    await eventually(() => expect(f.manager.inspect(id).State.Status).toBe('exited'));
    expect(f.manager.inspect(id).RestartCount).toBe(0);
  });

  it('unless-stopped: restarts on exit, but not after a manual stop; a manual start resets the count', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'sleep 0.2; exit 1'], HostConfig: { RestartPolicy: { Name: 'unless-stopped' } } });
    await eventually(() => expect(f.manager.inspect(id).RestartCount).toBeGreaterThanOrEqual(1), { timeoutMs: 10_000 });
    await f.manager.stop(id, { timeoutSec: 0 });
    expect(f.manager.state(id)).toMatchObject({ status: 'exited', manuallyStopped: true });
    await f.manager.start(id);
    expect(f.manager.inspect(id).RestartCount).toBe(0);
    expect(f.manager.state(id).manuallyStopped).toBe(false);
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('a health check goes from starting to healthy, with its log and events', async () => {
    const id = await f.run({
      Cmd: ['sh', '-c', 'sleep 0.3; touch /tmp/ready; sleep 1000'],
      Healthcheck: { Test: ['CMD-SHELL', 'test -f /tmp/ready && echo ok'], Interval: 100 * MS, Timeout: 2000 * MS, Retries: 3 },
    });
    expect(f.manager.inspect(id).State.Health?.Status).toBe('starting');
    await eventually(() => expect(f.manager.inspect(id).State.Health?.Status).toBe('healthy'), { timeoutMs: 10_000 });
    const health = f.manager.inspect(id).State.Health;
    expect(health?.Log.at(-1)).toMatchObject({ ExitCode: 0, Output: 'ok\n' });
    expect(health?.Log.length).toBeLessThanOrEqual(5);
    expect(f.manager.list().find((c) => c.Id === id)?.Status).toMatch(/^Up .* \(healthy\)$/);
    expect(events.some((e) => e.id === id && e.Action === 'health_status: healthy')).toBe(true);
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('a failing health check turns unhealthy after its retries, keeping the last 5 results', async () => {
    const id = await f.run({
      Cmd: ['sleep', '1000'],
      Healthcheck: { Test: ['CMD', 'sh', '-c', 'echo broken; exit 1'], Interval: 50 * MS, Retries: 2 },
    });
    await eventually(() => expect(f.manager.inspect(id).State.Health?.Status).toBe('unhealthy'), { timeoutMs: 10_000 });
    expect(f.manager.inspect(id).State.Health?.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(f.manager.inspect(id).State.Health?.Log.at(-1)).toMatchObject({ ExitCode: 1, Output: 'broken\n' });
    await eventually(() => expect(f.manager.inspect(id).State.Health?.Log.length).toBe(5), { timeoutMs: 10_000 });
    expect(events.some((e) => e.id === id && e.Action === 'health_status: unhealthy')).toBe(true);
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('a probe that runs past its timeout counts as a failure with exit -1', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'], Healthcheck: { Test: ['CMD', 'sleep', '10'], Interval: 50 * MS, Timeout: 200 * MS, Retries: 1 } });
    await eventually(() => expect(f.manager.inspect(id).State.Health?.Status).toBe('unhealthy'), { timeoutMs: 10_000 });
    expect(f.manager.inspect(id).State.Health?.Log[0]).toMatchObject({ ExitCode: -1 });
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('failures inside the start period do not count', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'], Healthcheck: { Test: ['CMD', 'false'], Interval: 50 * MS, StartPeriod: 60_000 * MS, StartInterval: 50 * MS, Retries: 1 } });
    await eventually(() => expect(f.manager.inspect(id).State.Health?.Log.length).toBeGreaterThanOrEqual(3), { timeoutMs: 10_000 });
    expect(f.manager.inspect(id).State.Health).toMatchObject({ Status: 'starting', FailingStreak: 0 });
    await f.manager.stop(id, { timeoutSec: 0 });
  });
});
