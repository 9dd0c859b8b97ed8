import { expect, it } from 'vitest';
import { runExec } from '../../src/runtime/client/index.ts';
import { text, type SuiteContext } from './runtime-client-context.ts';
import { makeTar, readTar } from './runtime-client-tar.ts';

/** exec, attach and archive checks of the conformance suite. */

const idle = ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"];

export function stdioChecks(ctx: SuiteContext): void {
  it('exec: exit code, stdout and stderr apart, env, user and working directory', async () => {
    const { id } = await ctx.create('exec', { Cmd: idle });
    await ctx.client.startContainer(id);
    expect(await runExec(ctx.client, id, { cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] })).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    const who = await runExec(ctx.client, id, { cmd: ['sh', '-c', 'echo $FOO; id -u; pwd'], env: ['FOO=bar'], user: '65534', workingDir: '/tmp' });
    expect(who).toEqual({ exitCode: 0, stdout: 'bar\n65534\n/tmp\n', stderr: '' });
    // A command that does not exist: the exec starts, and its exit code says so (126/127), as `docker exec` shows.
    const missing = await runExec(ctx.client, id, { cmd: ['/nonexistent'] });
    expect([126, 127]).toContain(missing.exitCode);
  });

  it('exec with stdin: input reaches the process and EOF ends it', async () => {
    const { id } = await ctx.create('exec-stdin', { Cmd: idle });
    await ctx.client.startContainer(id);
    const input = 'line one\nline two\n'.repeat(2000);
    const result = await runExec(ctx.client, id, { cmd: ['sh', '-c', 'wc -l; cat >&2'], input });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('4000');
    expect(result.stderr).toBe('');
  });

  it('exec with a TTY: raw output, and resize reaches the terminal', async () => {
    const { id } = await ctx.create('exec-tty', { Cmd: idle });
    await ctx.client.startContainer(id);
    const session = await ctx.client.execContainer(id, { cmd: ['sh'], tty: true, stdin: true });
    expect(session.tty).toBe(true);
    const output = text(session.stdout);
    await session.resize({ rows: 41, columns: 101 });
    session.stdin?.write('stty size; exit 4\n');
    const shown = await output;
    expect(shown).toContain('41 101');
    expect(await text(session.stderr)).toBe('');
    expect(await session.exitCode()).toBe(4);
  });

  it('exec: aborting its signal drops the connection; the session closes without an error', async () => {
    const { id } = await ctx.create('exec-abort', { Cmd: idle });
    await ctx.client.startContainer(id);
    const controller = new AbortController();
    const session = await ctx.client.execContainer(id, { cmd: ['sh', '-c', 'echo started; exec sleep 30'] }, { signal: controller.signal });
    const first = await new Promise<string>((resolve) => session.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(first).toBe('started\n');
    controller.abort();
    await session.closed;
    await expect(session.exitCode({ signal: controller.signal })).rejects.toMatchObject({ code: 'STK5099' });
  });

  it('exec detached: returns at once, the command still runs', async () => {
    const { id } = await ctx.create('exec-detach', { Cmd: idle });
    await ctx.client.startContainer(id);
    const session = await ctx.client.execContainer(id, { cmd: ['sh', '-c', 'echo done > /tmp/marker'], detach: true });
    expect(await session.exitCode()).toBe(0);
    expect((await runExec(ctx.client, id, { cmd: ['cat', '/tmp/marker'] })).stdout).toBe('done\n');
  });

  it('attach before start: stdin in, stdout and stderr out, closed when the process ends', async () => {
    const { id } = await ctx.create('attach', { Cmd: ['sh', '-c', 'read line; echo got $line; echo err >&2'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
    const session = await ctx.client.attachContainer(id, { stdin: true });
    expect(session.tty).toBe(false);
    const out = text(session.stdout);
    const err = text(session.stderr);
    await ctx.client.startContainer(id);
    session.stdin?.end('hello\n');
    expect(await out).toBe('got hello\n');
    expect(await err).toBe('err\n');
    await session.closed;
    expect(await ctx.client.waitContainer(id)).toEqual({ exitCode: 0 });
  });

  it('attach to a running container: live output; close() detaches and leaves it running', async () => {
    const { id } = await ctx.create('attach-live', { Cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do echo tick; sleep 0.1; done"] });
    await ctx.client.startContainer(id);
    const session = await ctx.client.attachContainer(id);
    const first = await new Promise<string>((resolve) => session.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(first).toContain('tick');
    session.close();
    await session.closed;
    expect((await ctx.client.inspectContainer(id)).state).toBe('running');
  });

  it('archive: put a tar in, stat and get it back; a missing path or container is NotFound', async () => {
    const { id } = await ctx.create('archive', { Cmd: idle });
    await ctx.client.startContainer(id);
    await ctx.client.putArchive(id, '/tmp', await makeTar([{ name: 'hello.txt', content: 'hello archive\n' }, { name: 'sub/deep.txt', content: 'deep' }]));
    expect(await ctx.client.statPath(id, '/tmp/hello.txt')).toMatchObject({ name: 'hello.txt', size: 14, isDirectory: false });
    expect((await ctx.client.statPath(id, '/tmp/sub')).isDirectory).toBe(true);
    const { stat, tar } = await ctx.client.getArchive(id, '/tmp/sub');
    expect(stat.isDirectory).toBe(true);
    const files = await readTar(tar);
    expect(files.get('sub/deep.txt')?.toString()).toBe('deep');
    await expect(ctx.client.statPath(id, '/tmp/nope')).rejects.toMatchObject({ code: 'STK5010', errorClass: 'NotFound' });
    await expect(ctx.client.getArchive(id, '/tmp/nope')).rejects.toMatchObject({ code: 'STK5010', errorClass: 'NotFound' });
    await expect(ctx.client.statPath(ctx.name('no-such-container'), '/tmp')).rejects.toMatchObject({ code: 'STK5005', errorClass: 'NotFound' });
    expect((await runExec(ctx.client, id, { cmd: ['cat', '/tmp/hello.txt'] })).stdout).toBe('hello archive\n');
    // A stopped container's files are still there to copy out (its root filesystem stays mounted until removal).
    await ctx.client.killContainer(id);
    await ctx.client.beginWait(id, { condition: 'not-running' }).then((w) => w.exited);
    expect(await ctx.client.statPath(id, '/tmp/hello.txt')).toMatchObject({ name: 'hello.txt', size: 14 });
  });
}
