import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { attachStdin } from './attach-stdin.ts';
import { containerError, notRunning } from './container-errors.ts';
import type { StopContext } from './container-stop.ts';
import { isActive } from './container-record.ts';
import { findProcessPty, setPtySize } from './exec-process.ts';
import type { LogEntry } from './log-format.ts';
import { logSize, readLogs } from './log-reader.ts';
import { cgroupsPathFor } from './oci-spec.ts';
import { readStats, type ContainerStats } from './stats.ts';
import { topProcesses, type TopResult } from './top.ts';

export interface LogsOptions {
  readonly follow?: boolean;
  readonly tail?: number | 'all';
  readonly sinceMs?: number;
  readonly untilMs?: number;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
  readonly signal?: AbortSignal;
}

/** A container's input and output: logs, attach, TTY resize, top and stats. */
export class ContainerIo {
  readonly #ctx: StopContext;
  readonly #lastStats = new Map<string, ContainerStats>();

  constructor(ctx: StopContext) {
    this.#ctx = ctx;
  }

  /**
   * The container's output from its log, oldest first. With `follow` it
   * ends when the running container exits (after everything it wrote), or
   * at once when it is not running, as `docker logs -f` does.
   */
  async *logs(idOrName: string, options: LogsOptions = {}): AsyncGenerator<LogEntry> {
    const entry = this.#ctx.lookup(idOrName);
    const running = isActive(entry.state) || entry.state.status === 'restarting';
    const exited = running ? entry.exited.promise : Promise.resolve(entry.state.exitCode);
    for await (const line of readLogs(this.#ctx.store.paths(entry.record.id).log, { ...options, exited })) {
      if (line.stream === 'stdout' && options.stdout === false) continue;
      if (line.stream === 'stderr' && options.stderr === false) continue;
      yield line;
    }
  }

  /**
   * Docker's attach: the output from now on (`logs: true` adds what was
   * already written) until the current run ends, or the next run when the
   * container has not started yet (compose attaches before start); and, for
   * OpenStdin containers, `stdin` fed to the container's stdin through
   * conmon's attach socket.
   */
  async attach(idOrName: string, options: { stdin?: Readable; logs?: boolean; stream?: boolean; signal?: AbortSignal } = {}): Promise<{ output: AsyncGenerator<LogEntry>; stdinDone: Promise<void> }> {
    const entry = this.#ctx.lookup(idOrName);
    const paths = this.#ctx.store.paths(entry.record.id);
    const fromOffset = options.logs ? 0 : await logSize(paths.log);
    const exited = entry.exited.promise;
    const output = readLogs(paths.log, { follow: options.stream !== false, fromOffset, exited, ...(options.signal ? { signal: options.signal } : {}) });
    let stdinDone = Promise.resolve();
    if (options.stdin) {
      if (!entry.record.config.OpenStdin) {
        throw containerError('STK5223', 'FailedPrecondition', { message: `container ${entry.record.name} was not created with OpenStdin`, hint: 'Create it with stdin_open: true (docker run -i) to write to its stdin.' });
      }
      const stdin = options.stdin;
      stdinDone = this.#whenRunning(entry.record.id, options.signal).then((running) => (running ? attachStdin(join(this.#ctx.socketDir, entry.record.id, 'attach'), stdin, options.signal) : undefined));
    }
    return { output, stdinDone };
  }

  /**
   * Resolves true once the container runs (at once if it does); false if the run it was waiting
   * for ended first, the container was removed, or the signal fired.
   */
  async #whenRunning(id: string, signal?: AbortSignal): Promise<boolean> {
    const first = this.#ctx.entries.get(id);
    if (!first) return false;
    let ended = false;
    void first.exited.promise.then(() => (ended = true));
    for (;;) {
      const entry = this.#ctx.entries.get(id);
      if (!entry || signal?.aborted) return false;
      if (entry.state.status === 'running' || entry.state.status === 'paused') return true;
      if (ended) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Forgets what it kept for a removed container. */
  forget(id: string): void {
    this.#lastStats.delete(id);
  }

  /** Sets the size of a TTY container's terminal through conmon's control fifo. */
  async resize(idOrName: string, height: number, width: number): Promise<void> {
    const entry = this.#ctx.lookup(idOrName);
    if (!isActive(entry.state)) throw notRunning(entry.record.id, 'resize');
    if (!entry.record.config.Tty) return;
    // O_NONBLOCK: fails at once (ENXIO) instead of hanging if conmon is not reading.
    const handle = await open(this.#ctx.store.paths(entry.record.id).ctl, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      await handle.write(`1 ${Math.floor(height)} ${Math.floor(width)}\n`);
    } finally {
      await handle.close();
    }
    // conmon applies it when it reads the fifo; setting it on the init's own terminal too makes it hold on return.
    const pty = await findProcessPty(entry.state.pid);
    if (pty) await setPtySize(pty, height, width);
  }

  async top(idOrName: string, psArgs?: string): Promise<TopResult> {
    const entry = this.#ctx.lookup(idOrName);
    if (entry.state.status !== 'running' && entry.state.status !== 'paused') throw notRunning(entry.record.id, 'list the processes of');
    const pids = await this.#ctx.runtime.pids(entry.record.id);
    return topProcesses(pids, psArgs);
  }

  /** One stats sample; consecutive calls fill precpu_stats from the previous sample, as Docker's stream does. */
  async stats(idOrName: string): Promise<ContainerStats> {
    const entry = this.#ctx.lookup(idOrName);
    const id = entry.record.id;
    const running = isActive(entry.state);
    const sample = await readStats({
      id,
      name: entry.record.name,
      cgroupPath: running ? cgroupsPathFor(this.#ctx.instanceId, id) : '/nonexistent-stopped-container',
      pid: running ? entry.state.pid : 0,
      ...(this.#lastStats.has(id) ? { previous: this.#lastStats.get(id) as ContainerStats } : {}),
    });
    if (running) this.#lastStats.set(id, sample);
    else this.#lastStats.delete(id);
    return sample;
  }
}
