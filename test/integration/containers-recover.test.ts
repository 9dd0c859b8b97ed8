import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerCreateBody } from '../../src/runtime/daemon/containers/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip, repoRoot } from '../helpers/requirements.ts';
import { ContainerFixture, collect, collectStream, containerTestsMissing } from './containers-fixture.ts';

announceSkip('containers recovery', containerTestsMissing);

describe.skipIf(containerTestsMissing)('containers: surviving the daemon', () => {
  let f: ContainerFixture;
  let child: string;
  beforeAll(async () => {
    f = await ContainerFixture.create();
    child = join(f.root, 'child.mjs');
    await build({ absWorkingDir: repoRoot, entryPoints: ['test/integration/containers-daemon-child.ts'], bundle: true /* node_modules included: the child runs from the test's temporary root */, platform: 'node', format: 'esm', target: 'node20', outfile: child, banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }, logLevel: 'warning' });
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  /** Runs the stand-in daemon, which starts `bodies` and dies by SIGKILL; returns the container ids. */
  const runChildDaemon = (bodies: ContainerCreateBody[]): string[] => {
    const result = spawnSync('node', [child, f.root, f.instanceId, f.runtime.info.path, JSON.stringify(f.image), JSON.stringify(bodies)], { encoding: 'utf8', timeout: 60_000 });
    expect({ signal: result.signal, stderr: result.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' }); // stderr shows why when the child did not get that far
    return JSON.parse(result.stdout.trim()) as string[];
  };

  it('containers outlive the process that started them, and a fresh manager adopts them and records exits that happened meanwhile', async () => {
    await f.manager[Symbol.asyncDispose](); // only the child's manager may watch this root while it lives
    const [longId, shortId] = runChildDaemon([
      { Cmd: ['sh', '-c', 'echo before; while [ ! -f /tmp/more ]; do sleep 0.05; done; echo after; sleep 1000'] },
      { Cmd: ['sh', '-c', 'if [ -f /marker ]; then echo second-run; sleep 1000; else touch /marker; echo first-run; exit 4; fi'], HostConfig: { RestartPolicy: { Name: 'on-failure' } } },
    ]) as [string, string];

    // The daemon is dead; conmon still runs and keeps the exit status of the container that ended.
    const conmonPid = Number(readFileSync(join(f.root, 'containers', longId, 'conmon.pid'), 'utf8'));
    expect(readFileSync(`/proc/${conmonPid}/cmdline`, 'utf8')).toContain('conmon');
    await eventually(() => expect(existsSync(join(f.root, 'exits', shortId))).toBe(true), { timeoutMs: 10_000 });

    const recovered = await f.reopen();
    expect(recovered.adopted).toContain(longId);
    expect(recovered.exitedWhileDown).toContain(shortId);
    expect(recovered.orphans).toEqual([]);

    // Adopted: logs from before and after, exec, stop.
    expect(f.manager.inspect(longId).State).toMatchObject({ Status: 'running', Running: true });
    const { Id } = f.manager.exec.create(longId, { Cmd: ['touch', '/tmp/more'] });
    expect(await (await f.manager.exec.start(Id)).exit).toBe(0);
    await eventually(async () => expect(await f.output(longId)).toBe('before\nafter\n'));
    const follow = collect(f.manager.io.logs(longId, { follow: true }));
    expect(await f.manager.stop(longId, { timeoutSec: 0 })).toBe(true);
    expect(f.manager.inspect(longId).State.ExitCode).toBe(137);
    expect(await follow).toBe('before\nafter\n');

    // Exited while down: status 4 recorded, then restarted by its on-failure policy.
    await eventually(() => expect(f.manager.inspect(shortId).State).toMatchObject({ Status: 'running' }), { timeoutMs: 10_000 });
    expect(f.manager.inspect(shortId).RestartCount).toBe(1);
    await eventually(async () => expect(await f.output(shortId)).toBe('first-run\nsecond-run\n'));
    await f.manager.stop(shortId, { timeoutSec: 0 });
  });

  it('health checks resume on an adopted container', async () => {
    const MS = 1_000_000;
    const [id] = runChildDaemon([{ Cmd: ['sleep', '1000'], Healthcheck: { Test: ['CMD', 'true'], Interval: 50 * MS } }]) as [string];
    await f.reopen();
    await eventually(() => expect(f.manager.inspect(id).State.Health).toMatchObject({ Status: 'healthy' }), { timeoutMs: 10_000 });
    const last = f.manager.inspect(id).State.Health?.Log.at(-1)?.End ?? '';
    await eventually(() => expect((f.manager.inspect(id).State.Health?.Log.at(-1)?.End ?? '') > last).toBe(true), { timeoutMs: 10_000 });
    await f.manager.stop(id, { timeoutSec: 0 });
  });

  it('a container that exits after recovery is noticed through its exit file as usual', async () => {
    const [id] = runChildDaemon([{ Cmd: ['sh', '-c', 'while [ ! -f /tmp/stop ]; do sleep 0.05; done; exit 9'] }]) as [string];
    await f.reopen();
    expect(f.manager.inspect(id).State.Running).toBe(true);
    const session = await f.manager.exec.start(f.manager.exec.create(id, { Cmd: ['touch', '/tmp/stop'] }).Id);
    expect(await collectStream(session.stdout)).toBe('');
    expect((await f.manager.wait(id)).StatusCode).toBe(9);
  });
});
