import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerEvent } from '../../src/runtime/daemon/containers/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { ContainerFixture, collect, containerTestsMissing } from './containers-fixture.ts';

announceSkip('containers lifecycle', containerTestsMissing);

describe.skipIf(containerTestsMissing)('containers: lifecycle on runc + conmon', () => {
  let f: ContainerFixture;
  const events: ContainerEvent[] = [];
  const actionsOf = (id: string): string[] => events.filter((e) => e.id === id).map((e) => e.Action);
  beforeAll(async () => {
    f = await ContainerFixture.create();
    f.manager.events((e) => events.push(e));
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  it('runs a command, records its exit status and keeps its output with streams', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'echo out; echo err >&2; printf tail; exit 3'] });
    expect((await f.manager.wait(id)).StatusCode).toBe(3);
    const lines = [];
    for await (const line of f.manager.io.logs(id)) lines.push({ stream: line.stream, line: line.line, partial: line.partial });
    expect(lines).toEqual([
      { stream: 'stdout', line: 'out', partial: false },
      { stream: 'stderr', line: 'err', partial: false },
      { stream: 'stdout', line: 'tail', partial: true },
    ]);
    expect(f.manager.inspect(id).State).toMatchObject({ Status: 'exited', ExitCode: 3, Running: false, Pid: 0 });
    expect(actionsOf(id)).toEqual(['create', 'start', 'die']);
    expect(events.find((e) => e.id === id && e.action === 'die')?.attributes.exitCode).toBe('3');
  });

  it('init: true runs tini as PID 1, which reports a signal death of the command as 128+n', async () => {
    // Without an init, the shell would be PID 1 and immune to its own SIGKILL.
    const id = await f.run({ Cmd: ['sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; kill -9 $$'], HostConfig: { Init: true } });
    expect((await f.manager.wait(id)).StatusCode).toBe(137);
    expect(await f.output(id)).toMatch(/^\/sbin\/docker-init -- sh -c/);
    expect(f.manager.inspect(id).Path).toBe('sh');
  });

  it('logs: tail, since and follow until the container exits', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; sleep 0.3; echo late'] });
    const followed = await collect(f.manager.io.logs(id, { follow: true }));
    expect(followed).toBe('line1\nline2\nline3\nline4\nline5\nlate\n');
    expect(await collect(f.manager.io.logs(id, { tail: 2 }))).toBe('line5\nlate\n');
    expect(await collect(f.manager.io.logs(id, { sinceMs: Date.now() + 60_000 }))).toBe('');
    const stamps = [];
    for await (const line of f.manager.io.logs(id, { tail: 1 })) stamps.push(line.time);
    expect(stamps[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('stop: the stop signal ends a container that handles it, without waiting for the grace period', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done"] });
    await eventually(async () => expect(await f.output(id)).toContain('ready'));
    const t0 = Date.now();
    expect(await f.manager.stop(id, { timeoutSec: 30 })).toBe(true);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(f.manager.inspect(id).State.ExitCode).toBe(0);
    expect(await f.output(id)).toContain('bye');
    expect(await f.manager.stop(id)).toBe(false);
  });

  it('stop: a container that ignores the stop signal is killed after the grace period', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'] }); // PID 1 ignores TERM it has no handler for
    await f.manager.stop(id, { timeoutSec: 1 });
    expect(f.manager.inspect(id).State.ExitCode).toBe(137);
    expect(actionsOf(id).slice(-4)).toEqual(['kill', 'kill', 'die', 'stop']);
    expect(events.filter((e) => e.id === id && e.action === 'kill').map((e) => e.attributes.signal)).toEqual(['15', '9']);
  });

  it('kill: any signal reaches the init; SIGKILL ends it', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', "trap 'echo got-usr1' USR1; while true; do sleep 0.1; done"] });
    await eventually(() => expect(f.manager.inspect(id).State.Running).toBe(true));
    await eventually(async () => {
      await f.manager.kill(id, 'SIGUSR1');
      expect(await f.output(id)).toContain('got-usr1');
    });
    expect(f.manager.inspect(id).State.Running).toBe(true);
    await f.manager.kill(id);
    expect(f.manager.inspect(id).State).toMatchObject({ Running: false, ExitCode: 137 });
    await expect(f.manager.kill(id)).rejects.toMatchObject({ code: 'STK5204' });
    await expect(f.manager.kill(id, 'SIGNOPE')).rejects.toMatchObject({ code: 'STK5216' });
  });

  it('pause freezes the cgroup and unpause thaws it; exec is refused while paused', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'] });
    await f.manager.pause(id);
    const freezer = join('/sys/fs/cgroup/freezer', `stack-${f.instanceId}`, id, 'freezer.state');
    expect(readFileSync(freezer, 'utf8').trim()).toBe('FROZEN');
    expect(f.manager.inspect(id).State).toMatchObject({ Status: 'paused', Paused: true, Running: true });
    expect(() => f.manager.exec.create(id, { Cmd: ['true'] })).toThrow(expect.objectContaining({ code: 'STK5206' }));
    await expect(f.manager.pause(id)).rejects.toMatchObject({ code: 'STK5206' });
    await f.manager.unpause(id);
    expect(readFileSync(freezer, 'utf8').trim()).toBe('THAWED');
    await expect(f.manager.unpause(id)).rejects.toMatchObject({ code: 'STK5225' });
    expect(actionsOf(id)).toContain('pause');
    expect(actionsOf(id)).toContain('unpause');
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('restart gives a new run of the same container', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'] });
    const before = f.manager.inspect(id).State;
    await f.manager.restart(id, { timeoutSec: 0 });
    const after = f.manager.inspect(id).State;
    expect(after.Running).toBe(true);
    expect(after.Pid).not.toBe(before.Pid);
    expect(after.StartedAt > before.StartedAt).toBe(true);
    expect(actionsOf(id).at(-1)).toBe('restart');
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('remove refuses a running container unless forced, then leaves nothing behind', async () => {
    const id = await f.run({ Cmd: ['sleep', '1000'] });
    await expect(f.manager.remove(id)).rejects.toMatchObject({ code: 'STK5205' });
    const dir = join(f.root, 'containers', id);
    const cgroup = join('/sys/fs/cgroup/memory', `stack-${f.instanceId}`, id);
    expect(existsSync(cgroup)).toBe(true);
    const removed = f.manager.wait(id, { condition: 'removed' });
    await f.manager.remove(id, { force: true });
    await expect(removed).resolves.toMatchObject({ StatusCode: 137 });
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(cgroup)).toBe(false);
    expect(existsSync(join(f.root, 'runc', id))).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(id);
    expect(() => f.manager.inspect(id)).toThrow(expect.objectContaining({ code: 'STK5201' }));
    expect(actionsOf(id).at(-1)).toBe('destroy');
  });

  it('a command that does not exist fails the start with our error, and the state says 127', async () => {
    const { Id } = await f.manager.create({ body: { Cmd: ['no-such-binary'] }, image: f.image });
    await expect(f.manager.start(Id)).rejects.toMatchObject({ code: 'STK5209', message: expect.stringMatching(/^could not start container [0-9a-f]{12}: .*no-such-binary/) });
    expect(f.manager.inspect(Id).State).toMatchObject({ Status: 'created', ExitCode: 127, Running: false });
    expect(f.manager.inspect(Id).State.Error).toContain('no-such-binary');
  });

  it('a root filesystem that cannot be mounted fails the create with our error and leaves nothing', async () => {
    const before = f.manager.list({ all: true }).length;
    const broken = { ...f.image, layerDirs: [join(f.root, 'no-such-layer')] };
    await expect(f.manager.create({ body: { Cmd: ['true'] }, image: broken })).rejects.toMatchObject({ code: 'STK5212' });
    expect(f.manager.list({ all: true }).length).toBe(before);
  });

  it('AutoRemove (--rm): the container goes away by itself once it exits', async () => {
    const { Id } = await f.manager.create({ body: { Cmd: ['sh', '-c', 'exit 2'], HostConfig: { AutoRemove: true } }, image: f.image });
    const removed = f.manager.wait(Id, { condition: 'removed' });
    await f.manager.start(Id);
    expect(await removed).toMatchObject({ StatusCode: 2 });
    expect(() => f.manager.inspect(Id)).toThrow(expect.objectContaining({ code: 'STK5201' }));
  });

  it('an out-of-memory kill is recorded as OOMKilled with an oom event', async () => {
    const id = await f.run({ Cmd: ['sh', '-c', 'a=xxxxxxxxxxxxxxxx; while true; do a="$a$a"; done'], HostConfig: { Memory: 16 * 1024 * 1024 } });
    expect((await f.manager.wait(id)).StatusCode).toBe(137);
    expect(f.manager.inspect(id).State.OOMKilled).toBe(true);
    expect(actionsOf(id)).toContain('oom');
  });

  it('names are unique, found by name or id prefix, and can be renamed', async () => {
    const { Id } = await f.manager.create({ name: 'named-one', body: { Cmd: ['true'] }, image: f.image });
    await expect(f.manager.create({ name: 'named-one', body: { Cmd: ['true'] }, image: f.image })).rejects.toMatchObject({ code: 'STK5202' });
    expect(f.manager.resolveId('named-one')).toBe(Id);
    expect(f.manager.resolveId(Id.slice(0, 12))).toBe(Id);
    await f.manager.rename(Id, 'named-two');
    expect(f.manager.inspect('named-two').Name).toBe('/named-two');
    expect(() => f.manager.inspect('named-one')).toThrow(expect.objectContaining({ code: 'STK5201' }));
    expect(events.find((e) => e.id === Id && e.action === 'rename')?.attributes.oldName).toBe('/named-one');
    expect(f.manager.list({ all: true }).some((c) => c.Names[0] === '/named-two' && c.State === 'created')).toBe(true);
  });

  it('a create with several problems reports them together, and makes nothing', async () => {
    const before = f.manager.list({ all: true }).length;
    await expect(
      f.manager.create({ body: { Cmd: ['true'], WorkingDir: '/proc/self/fd/7', HostConfig: { CapAdd: ['NOT_A_CAP'], RestartPolicy: { Name: 'sometimes' as 'always' } } }, image: f.image }),
    ).rejects.toMatchObject({ errorClass: 'InvalidArgument', cause: expect.arrayContaining([expect.objectContaining({ code: 'STK5213' }), expect.objectContaining({ code: 'STK5203' })]) });
    expect(f.manager.list({ all: true }).length).toBe(before);
  });
});
