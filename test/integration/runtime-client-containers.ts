import { expect, it } from 'vitest';
import type { LogLine } from '../../src/runtime/client/index.ts';
import { eventually } from '../helpers/eventually.ts';
import type { SuiteContext } from './runtime-client-context.ts';

/** Container lifecycle checks of the conformance suite. */

/** A shell loop that exits 0 on SIGTERM at once, so stops do not wait out the grace period. */
const serve = ['sh', '-c', "trap 'exit 0' TERM; echo ready; while :; do sleep 0.1; done"];

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

export function containerChecks(ctx: SuiteContext): void {
  it('create → start → inspect → list → stop → remove, with state at each step', async () => {
    const { id, name } = await ctx.create('life', { Cmd: serve, Env: ['GREETING=hi'], Labels: { 'com.docker.compose.service': 'life' } });
    const created = await ctx.client.inspectContainer(name);
    expect(created).toMatchObject({ id, name, state: 'created', running: false, image: ctx.image });
    expect(created.labels['com.docker.compose.service']).toBe('life');
    expect(created.config.env).toContain('GREETING=hi');

    await ctx.client.startContainer(id);
    // Starting a running container is success (the engine answers 304).
    await ctx.client.startContainer(id);
    const running = await ctx.client.inspectContainer(id);
    expect(running.state).toBe('running');
    expect(running.pid).toBeGreaterThan(0);
    expect(running.startedAt).toBeGreaterThan(0);

    const listed = await ctx.client.listContainers({ labels: [ctx.projectFilter, 'com.docker.compose.service=life'] });
    expect(listed.map((c) => c.name)).toEqual([name]);
    expect(listed[0]).toMatchObject({ id, state: 'running', imageId: created.imageId });

    await ctx.client.stopContainer(id, { timeoutSeconds: 5 });
    await ctx.client.stopContainer(id);
    const stopped = await ctx.client.inspectContainer(id);
    expect(stopped).toMatchObject({ state: 'exited', exitCode: 0, running: false });
    expect(await ctx.client.listContainers({ labels: [ctx.projectFilter, 'com.docker.compose.service=life'] })).toEqual([]);
    const all = await ctx.client.listContainers({ all: true, status: ['exited'], labels: [ctx.projectFilter, 'com.docker.compose.service=life'] });
    expect(all.map((c) => [c.name, c.exitCode])).toEqual([[name, 0]]);

    await ctx.client.removeContainer(id);
    await expect(ctx.client.inspectContainer(id)).rejects.toMatchObject({ code: 'STK5005', errorClass: 'NotFound' });
  });

  it('wait: a wait registered before start sees the exit (next-exit), and wait on an exited container returns its code', async () => {
    const { id } = await ctx.create('wait', { Cmd: ['sh', '-c', 'exit 7'] });
    const pending = await ctx.client.beginWait(id, { condition: 'next-exit' });
    await ctx.client.startContainer(id);
    expect(await pending.exited).toEqual({ exitCode: 7 });
    expect(await ctx.client.waitContainer(id)).toEqual({ exitCode: 7 });
    const removed = await ctx.client.beginWait(id, { condition: 'removed' });
    await ctx.client.removeContainer(id);
    expect((await removed.exited).exitCode).toBe(7);
  });

  it('logs: stdout and stderr apart, in order, with timestamps when asked', async () => {
    const { id } = await ctx.create('logs', { Cmd: ['sh', '-c', 'echo one; echo two >&2; echo three'] });
    await ctx.client.startContainer(id);
    await ctx.client.waitContainer(id);
    const lines = await collect(ctx.client.containerLogs(id));
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['one', 'three']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['two']);
    // Timestamps on every line; stderr left out. (stdout and stderr are copied separately, so only per-stream order is defined.)
    const stamped = await collect(ctx.client.containerLogs(id, { timestamps: true, stderr: false }));
    expect(stamped.map((l) => [l.stream, l.line])).toEqual([['stdout', 'one'], ['stdout', 'three']]);
    for (const line of stamped) expect(Date.parse(line.time ?? '')).toBeGreaterThan(0);

    const tail = await ctx.create('logs-tail', { Cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo $i; done'] });
    await ctx.client.startContainer(tail.id);
    await ctx.client.waitContainer(tail.id);
    expect((await collect(ctx.client.containerLogs(tail.id, { tail: 2 }))).map((l) => l.line)).toEqual(['4', '5']);
    // since and until bound the lines by time.
    expect(await collect(ctx.client.containerLogs(tail.id, { since: new Date(Date.now() + 3_600_000) }))).toEqual([]);
    expect(await collect(ctx.client.containerLogs(tail.id, { until: 1 }))).toEqual([]);
    expect(await collect(ctx.client.containerLogs(tail.id, { since: 1, until: new Date(Date.now() + 3_600_000) }))).toHaveLength(5);
  });

  it('logs of a TTY container come raw, all on stdout', async () => {
    const { id } = await ctx.create('logs-tty', { Tty: true, Cmd: ['sh', '-c', 'echo out; echo err >&2'] });
    await ctx.client.startContainer(id);
    await ctx.client.waitContainer(id);
    expect(await collect(ctx.client.containerLogs(id))).toEqual([
      { stream: 'stdout', line: 'out' },
      { stream: 'stdout', line: 'err' },
    ]);
  });

  it('logs --follow streams lines as they come, ends when the container exits, and ends quietly on abort', async () => {
    const { id } = await ctx.create('follow', { Cmd: ['sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 0.1; done'] });
    await ctx.client.startContainer(id);
    const lines = await collect(ctx.client.containerLogs(id, { follow: true, tty: false }));
    expect(lines.map((l) => l.line)).toEqual(['line 1', 'line 2', 'line 3']);

    const long = await ctx.create('follow-long', { Cmd: serve });
    await ctx.client.startContainer(long.id);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of ctx.client.containerLogs(long.id, { follow: true, signal: controller.signal })) {
      seen.push(line.line);
      controller.abort();
    }
    expect(seen).toEqual(['ready']);
  });

  it('kill sends the signal asked for (default SIGKILL)', async () => {
    const { id } = await ctx.create('kill', { Cmd: ['sh', '-c', "trap 'echo got usr1; exit 5' USR1; echo ready; while :; do sleep 0.1; done"] });
    await ctx.client.startContainer(id);
    await eventually(async () => {
      const lines = await collect(ctx.client.containerLogs(id, { tty: false }));
      expect(lines.map((l) => l.line)).toContain('ready');
    }, { what: 'the trap to be set' });
    await ctx.client.killContainer(id, { killSignal: 'SIGUSR1' });
    expect(await ctx.client.waitContainer(id)).toEqual({ exitCode: 5 });
    expect((await collect(ctx.client.containerLogs(id, { tty: false }))).map((l) => l.line)).toContain('got usr1');

    const other = await ctx.create('kill-default', { Cmd: serve });
    await ctx.client.startContainer(other.id);
    await ctx.client.killContainer(other.id);
    expect(await ctx.client.waitContainer(other.id)).toEqual({ exitCode: 137 });
    // A stopped container cannot be killed: the engine says Conflict.
    await expect(ctx.client.killContainer(other.id)).rejects.toMatchObject({ errorClass: 'Conflict', code: 'STK5012' });
  });

  it('rename, pause/unpause and restart', async () => {
    const { id } = await ctx.create('rename-me', { Cmd: serve });
    const renamed = ctx.name('renamed');
    await ctx.client.renameContainer(id, renamed);
    expect((await ctx.client.inspectContainer(renamed)).id).toBe(id);
    await expect(ctx.client.inspectContainer(ctx.name('rename-me'))).rejects.toMatchObject({ code: 'STK5005' });

    await ctx.client.startContainer(id);
    await ctx.client.pauseContainer(id);
    expect(await ctx.client.inspectContainer(id)).toMatchObject({ state: 'paused', paused: true });
    expect((await ctx.client.listContainers({ status: ['paused'], labels: [ctx.projectFilter] })).map((c) => c.id)).toEqual([id]);
    await ctx.client.unpauseContainer(id);
    expect((await ctx.client.inspectContainer(id)).state).toBe('running');

    const before = (await ctx.client.inspectContainer(id)).startedAt ?? 0;
    await ctx.client.restartContainer(id, { timeoutSeconds: 5 });
    const after = await ctx.client.inspectContainer(id);
    expect(after.state).toBe('running');
    expect(after.startedAt ?? 0).toBeGreaterThan(before);
  });

  it('top lists the processes and stats gives memory figures', async () => {
    const { id } = await ctx.create('top', { Cmd: serve });
    await ctx.client.startContainer(id);
    const top = await ctx.client.topContainer(id);
    const cmd = top.titles.indexOf('CMD');
    expect(cmd).toBeGreaterThanOrEqual(0);
    expect(top.processes.some((p) => (p[cmd] ?? '').includes('while :'))).toBe(true);
    const stats = await ctx.client.containerStats(id);
    expect(stats.memoryUsage).toBeGreaterThan(0);
    expect(stats.memoryLimit).toBeGreaterThan(stats.memoryUsage);
    expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(stats.read).toBeGreaterThan(0);
  });
}
