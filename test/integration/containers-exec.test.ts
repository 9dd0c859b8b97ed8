import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { announceSkip } from '../helpers/requirements.ts';
import { ContainerFixture, collect, collectStream, containerTestsMissing } from './containers-fixture.ts';

announceSkip('containers exec and attach', containerTestsMissing);

describe.skipIf(containerTestsMissing)('containers: exec and attach', () => {
  let f: ContainerFixture;
  let id: string;
  beforeAll(async () => {
    f = await ContainerFixture.create();
    id = await f.run({ Cmd: ['sleep', '1000'], Env: ['FROM_CONTAINER=yes'], WorkingDir: '/srv' });
  });
  afterAll(async () => {
    const leftovers = await f?.cleanup();
    expect(leftovers).toEqual([]);
  });

  it('runs a command with the container env and cwd, and returns its exit status', async () => {
    const { Id } = f.manager.exec.create(id, { Cmd: ['sh', '-c', 'echo $FROM_CONTAINER $EXTRA; pwd; echo oops >&2; exit 7'], Env: ['EXTRA=1'], AttachStdout: true, AttachStderr: true });
    const session = await f.manager.exec.start(Id);
    const [out, err, code] = await Promise.all([collectStream(session.stdout), collectStream(session.stderr), session.exit]);
    expect(out).toBe('yes 1\n/srv\n');
    expect(err).toBe('oops\n');
    expect(code).toBe(7);
    expect(f.manager.exec.inspect(Id)).toMatchObject({ Running: false, ExitCode: 7, ContainerID: id });
  });

  it('feeds stdin and ends it', async () => {
    const { Id } = f.manager.exec.create(id, { Cmd: ['sh', '-c', 'wc -l; cat'], AttachStdin: true });
    const session = await f.manager.exec.start(Id, { stdin: Readable.from(['a\nb\n', 'c\n']) });
    expect(await collectStream(session.stdout)).toBe('3\n');
    expect(await session.exit).toBe(0);
  });

  it('runs as another user and in another directory', async () => {
    const { Id } = f.manager.exec.create(id, { Cmd: ['sh', '-c', 'id -u; id -g; pwd; echo $HOME'], User: 'app', WorkingDir: '/tmp' });
    const session = await f.manager.exec.start(Id);
    expect(await collectStream(session.stdout)).toBe('1000\n1000\n/tmp\n/home/app\n');
  });

  it('a missing command fails with 127 and our message, not runc\'s', async () => {
    const { Id } = f.manager.exec.create(id, { Cmd: ['no-such-command'] });
    const session = await f.manager.exec.start(Id);
    const [err, code] = await Promise.all([collectStream(session.stderr), session.exit]);
    expect(code).toBe(127);
    expect(err).toMatch(/^stack: exec failed: /);
    expect(err).not.toContain('level=error');
  });

  it('with a TTY: one output stream, a terminal of the requested size, resizable', async () => {
    const stdin = new PassThrough();
    const { Id } = f.manager.exec.create(id, { Cmd: ['sh', '-c', 'stty size; read line; stty size; echo "got $line"'], Tty: true, AttachStdin: true, ConsoleSize: [30, 100] });
    const session = await f.manager.exec.start(Id, { stdin });
    expect(session.stderr).toBeNull();
    let out = '';
    session.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await eventually(() => expect(out).toContain('30 100'));
    await session.resize(40, 120);
    stdin.write('hello\n');
    expect(await session.exit).toBe(0);
    await eventually(() => expect(out).toContain('got hello'));
    expect(out).toContain('40 120');
    // The typed line appears once (the container's terminal echoes it), not twice.
    expect(out.split('hello').length - 1).toBe(2);
  });

  it('an exec runs once; attaching stdin needs OpenStdin', async () => {
    const { Id } = f.manager.exec.create(id, { Cmd: ['true'] });
    expect(await (await f.manager.exec.start(Id)).exit).toBe(0);
    await expect(f.manager.exec.start(Id)).rejects.toMatchObject({ code: 'STK5215' });
    await expect(f.manager.io.attach(id, { stdin: new PassThrough() })).rejects.toMatchObject({ code: 'STK5223' });
  });

  it('exec needs a running container', async () => {
    const { Id } = await f.manager.create({ body: { Cmd: ['true'] }, image: f.image });
    expect(() => f.manager.exec.create(Id, { Cmd: ['true'] })).toThrow(expect.objectContaining({ code: 'STK5204' }));
    expect(() => f.manager.exec.inspect('nope')).toThrow(expect.objectContaining({ code: 'STK5214' }));
  });

  it('attach: stdin of an OpenStdin container, output followed from the log until it exits', async () => {
    const { Id } = await f.manager.create({ body: { Cmd: ['sh', '-c', 'while read l; do echo "echo:$l"; done; echo closed'], OpenStdin: true, StdinOnce: true }, image: f.image });
    const stdin = new PassThrough();
    const attached = await f.manager.io.attach(Id, { stdin, stream: true });
    const output = collect(attached.output);
    await f.manager.start(Id);
    stdin.write('one\n');
    stdin.end('two\n');
    await attached.stdinDone;
    expect(await output).toBe('echo:one\necho:two\nclosed\n');
    expect((await f.manager.wait(Id)).StatusCode).toBe(0);
  });

  it('a TTY container: output through the terminal, resizable through conmon', async () => {
    const cid = await f.run({ Cmd: ['sh', '-c', 'stty size; while [ ! -f /tmp/go ]; do sleep 0.05; done; stty size'], Tty: true });
    await eventually(async () => expect(f.manager.inspect(cid).State.Running).toBe(true));
    await f.manager.io.resize(cid, 33, 77);
    const { Id } = f.manager.exec.create(cid, { Cmd: ['touch', '/tmp/go'] });
    await (await f.manager.exec.start(Id)).exit;
    await f.manager.wait(cid);
    expect(await f.output(cid)).toMatch(/33 77\r$/m);
  });

  it('top and stats of a running container', async () => {
    const top = await f.manager.io.top(id);
    expect(top.Titles).toContain('PID');
    expect(top.Processes.some((p) => (p.at(-1) ?? '').includes('sleep 1000'))).toBe(true);
    const first = await f.manager.io.stats(id);
    const second = await f.manager.io.stats(id);
    expect(first.memory_stats.usage).toBeGreaterThan(0);
    expect(first.pids_stats.current).toBeGreaterThanOrEqual(1);
    expect(second.precpu_stats).toEqual(first.cpu_stats);
    expect(second.cpu_stats.cpu_usage.total_usage).toBeGreaterThanOrEqual(first.cpu_stats.cpu_usage.total_usage);
  });
});
