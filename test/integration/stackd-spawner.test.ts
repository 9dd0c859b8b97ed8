import { afterAll, describe, expect, it } from 'vitest';
import { directRunner, type ProcessRunner } from '../../src/base/process-runner.ts';
import { Spawner } from '../../src/runtime/daemon/spawner/index.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';

const missing = missingRequirements({ linux: true, commands: ['perl', 'sh', 'wc'] });
announceSkip('stackd spawner', missing);

// The spawner must be a drop-in for child_process: the same results for the same commands.
describe.skipIf(missing)('stackd spawner: tools run by a small helper give what child_process gives', () => {
  const spawner = new Spawner();
  afterAll(() => spawner[Symbol.dispose]());
  const runners: [string, ProcessRunner][] = [['direct', directRunner], ['spawner', spawner]];

  it.each(runners)('%s: exit code, stdout and stderr apart, env, cwd, input', async (_name, runner) => {
    const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', GREETING: 'hi' };
    expect(await runner.run('sh', ['-c', 'echo "$GREETING $1"; echo err >&2; exit 3', 'sh', 'arg with spaces'], { env })).toEqual({ code: 3, signal: null, stdout: 'hi arg with spaces\n', stderr: 'err\n' });
    expect((await runner.run('pwd', [], { cwd: '/tmp', env })).stdout).toBe('/tmp\n');
    const input = 'x'.repeat(300_000);
    expect((await runner.run('wc', ['-c'], { input, env })).stdout.trim()).toBe('300000');
    expect((await runner.run('sh', ['-c', 'printf "\\000\\377"'], { env })).stdout).toBe(Buffer.from([0, 0xff]).toString('utf8'));
  });

  it.each(runners)('%s: a missing program is an error with code ENOENT', async (_name, runner) => {
    await expect(runner.run('/nonexistent/tool', [])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each(runners)('%s: the timeout kills with SIGKILL, and an abort too', async (_name, runner) => {
    expect(await runner.run('sleep', ['10'], { timeoutMs: 100 })).toMatchObject({ code: null, signal: 'SIGKILL' });
    const controller = new AbortController();
    const pending = runner.run('sleep', ['10'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const outcome = await pending.then((r) => r, (e: unknown) => e);
    // child_process rejects with AbortError; the spawner reports the kill. Either way the process is gone at once.
    expect(outcome).toSatisfy((o: unknown) => (o as { name?: string }).name === 'AbortError' || (o as { signal?: string }).signal === 'SIGKILL');
  });

  it('runs many at once, each answer to its own call, and survives its helper being killed', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => spawner.run('sh', ['-c', `echo ${i}`])));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    const helpers = (await directRunner.run('pgrep', ['-P', String(process.pid), 'perl'])).stdout.trim().split('\n').filter(Boolean);
    expect(helpers.length).toBeGreaterThan(0);
    for (const pid of helpers) process.kill(Number(pid), 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await spawner.run('sh', ['-c', 'echo again'])).stdout).toBe('again\n');
  });
});
