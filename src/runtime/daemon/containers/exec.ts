import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { containerError, detail } from './container-errors.ts';
import type { ContainerPaths } from './container-store.ts';
import { buildExecProcess, findProcessPty, findScriptPty, setPtySize, shellQuote } from './exec-process.ts';
import type { ExecConfig, ExecInspect, ExecSession } from './exec-types.ts';
import type { OciRuntime } from './oci-runtime-cli.ts';
import { minimalEnv } from './run-command.ts';

/** What the exec manager needs from the container manager. */
export interface ExecHost {
  readonly runtime: OciRuntime;
  readonly hostCapabilities: readonly string[];
  /** The running container (throws NotFound / NotRunning / Paused otherwise). */
  runningContainer(idOrName: string): { readonly id: string; readonly paths: ContainerPaths };
  onExecEvent(event: { action: 'exec_create' | 'exec_start' | 'exec_die'; containerId: string; execId: string; command: string; exitCode?: number }): void;
}

interface ExecEntry {
  readonly id: string;
  readonly containerId: string;
  readonly config: ExecConfig;
  running: boolean;
  started: boolean;
  exitCode: number | null;
  pid: number;
  session?: ExecSession;
}

/** Finished execs kept per container for inspect (Docker keeps them until the container goes). */
const KEEP_FINISHED = 64;

/**
 * `docker exec`: create (a record), start (a foreground `runc exec` of a
 * process.json, with pipes, or under a pseudo-terminal made by util-linux
 * `script` when Tty is set, since Node cannot receive the pty fd runc's
 * --console-socket would send), inspect, resize. Records live in memory, as
 * in Docker; a daemon restart forgets them.
 */
export class ExecManager {
  readonly #host: ExecHost;
  readonly #execs = new Map<string, ExecEntry>();

  constructor(host: ExecHost) {
    this.#host = host;
  }

  create(containerIdOrName: string, config: ExecConfig): { Id: string } {
    const container = this.#host.runningContainer(containerIdOrName);
    if (!config.Cmd || config.Cmd.length === 0 || config.Cmd[0] === '') {
      throw containerError('STK5203', 'InvalidArgument', { message: 'exec needs a command', hint: 'Give Cmd at least one word.' });
    }
    const id = randomBytes(32).toString('hex');
    this.#execs.set(id, { id, containerId: container.id, config, running: false, started: false, exitCode: null, pid: 0 });
    this.#prune(container.id);
    this.#host.onExecEvent({ action: 'exec_create', containerId: container.id, execId: id, command: config.Cmd.join(' ') });
    return { Id: id };
  }

  async start(execId: string, options: { stdin?: Readable; signal?: AbortSignal } = {}): Promise<ExecSession> {
    const entry = this.#entry(execId);
    if (entry.started) throw containerError('STK5215', 'Conflict', { message: `exec ${execId.slice(0, 12)} has already been started`, hint: 'Create a new exec for each run.' });
    const container = this.#host.runningContainer(entry.containerId);
    entry.started = true;
    entry.running = true;
    const dir = join(container.paths.execDir, execId.slice(0, 16));
    const processJson = join(dir, 'process.json');
    const pidFile = join(dir, 'pid');
    try {
      await mkdir(dir, { recursive: true });
      const proc = await buildExecProcess(container.paths.config, container.paths.rootfs, entry.config, this.#host.hostCapabilities);
      await writeFile(processJson, JSON.stringify(proc));
    } catch (error) {
      entry.running = false;
      entry.exitCode = 126;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const runcArgs = this.#host.runtime.execArgs(container.id, processJson, pidFile);
    const tty = entry.config.Tty === true;
    const [rows, cols] = entry.config.ConsoleSize ?? [24, 80];
    const child = tty
      ? // -E never: the outer pty must not echo what we type before runc puts it in raw mode; the container's own pty echoes.
        spawn('script', ['-q', '-f', '-e', '-E', 'never', '-c', `stty rows ${rows} cols ${cols} raw -echo 2>/dev/null; exec ${[this.#host.runtime.info.path, ...runcArgs].map(shellQuote).join(' ')}`, '/dev/null'], {
          stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
          env: minimalEnv(),
        })
      : spawn(this.#host.runtime.info.path, runcArgs, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: minimalEnv() });
    const session = this.#session(entry, child, { tty, pidFile, dir, stdin: options.stdin, signal: options.signal });
    entry.session = session;
    this.#host.onExecEvent({ action: 'exec_start', containerId: container.id, execId, command: entry.config.Cmd.join(' ') });
    return session;
  }

  #session(entry: ExecEntry, child: ChildProcess, o: { tty: boolean; pidFile: string; dir: string; stdin?: Readable; signal?: AbortSignal }): ExecSession {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    // runc prints its own failure (command not found) on stderr before the process exists: hold stderr
    // until the pid file shows the process started, and replace runc's text with ours if it never did.
    const held: Buffer[] = [];
    let started = false;
    let closed = false;
    const markStarted = (): void => {
      if (started || closed) return;
      started = true;
      for (const chunk of held.splice(0)) stderr.write(chunk);
    };
    const pidKnown = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        void readFile(o.pidFile, 'utf8').then(
          (text) => Number.parseInt(text, 10) || 0,
          () => 0,
        ).then((pid) => {
          if (pid > 0) {
            entry.pid = pid;
            markStarted();
          }
          if (pid > 0 || closed) {
            clearInterval(check);
            resolve();
          }
        });
      }, 5);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      markStarted();
      stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => (started ? stderr.write(chunk) : held.push(chunk)));
    if (o.stdin && child.stdin) {
      o.stdin.pipe(child.stdin);
      child.stdin.on('error', () => undefined); // the process may exit before reading all input
    }
    const onAbort = (): void => void child.kill('SIGKILL');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let pty: string | undefined;
    const exit = new Promise<number>((resolve) => {
      child.on('error', () => undefined);
      child.on('close', (code, signal) => {
        o.signal?.removeEventListener('abort', onAbort);
        let status = code ?? (signal ? 128 + signalNumber(signal) : 255);
        if (!started && !existsSync(o.pidFile) && status === 255) {
          const runcText = Buffer.concat(held).toString('utf8');
          const message = /msg="((?:[^"\\]|\\.)*)"/.exec(runcText)?.[1]?.replace(/\\"/g, '"') ?? runcText;
          status = /not found|no such file/i.test(message) ? 127 : 126;
          stderr.write(`stack: exec failed${detail(message.replace(/^exec failed: (unable to start container process: )?/, ''))}\n`);
        } else {
          markStarted();
        }
        closed = true;
        entry.running = false;
        entry.exitCode = status;
        stdout.end();
        stderr.end();
        void rm(o.dir, { recursive: true, force: true });
        this.#host.onExecEvent({ action: 'exec_die', containerId: entry.containerId, execId: entry.id, command: entry.config.Cmd.join(' '), exitCode: status });
        resolve(status);
      });
    });
    return {
      stdout,
      stderr: o.tty ? null : stderr,
      exit,
      resize: async (height, width) => {
        if (!o.tty || child.pid === undefined || child.exitCode !== null) return;
        // The outer terminal, so runc's own copy agrees (it resizes the inner one on SIGWINCH, later)...
        pty ??= await findScriptPty(child.pid);
        if (pty) await setPtySize(pty, height, width);
        // ...and the container's terminal itself, through the process's own fd, so the size holds when resize() returns.
        await pidKnown;
        const inner = entry.pid > 0 ? await findProcessPty(entry.pid) : undefined;
        if (inner) await setPtySize(inner, height, width);
      },
      kill: (signal = 'SIGKILL') => {
        // The container process (runc exec then returns with its status); runc itself if the process never started.
        void pidKnown.then(() => {
          if (entry.pid > 0 && entry.running) {
            try {
              process.kill(entry.pid, signal);
              return;
            } catch {
              // already gone
            }
          }
          child.kill(signal);
        });
      },
    };
  }

  inspect(execId: string): ExecInspect {
    const e = this.#entry(execId);
    const [entrypoint = '', ...args] = e.config.Cmd;
    return {
      ID: e.id,
      Running: e.running,
      ExitCode: e.exitCode,
      ProcessConfig: { tty: e.config.Tty === true, entrypoint, arguments: args, privileged: e.config.Privileged === true, user: e.config.User ?? '' },
      OpenStdin: e.config.AttachStdin === true,
      OpenStderr: e.config.AttachStderr === true,
      OpenStdout: e.config.AttachStdout === true,
      CanRemove: false,
      ContainerID: e.containerId,
      DetachKeys: e.config.DetachKeys ?? '',
      Pid: e.pid,
    };
  }

  async resize(execId: string, height: number, width: number): Promise<void> {
    const e = this.#entry(execId);
    if (!e.session) throw containerError('STK5215', 'Conflict', { message: `exec ${execId.slice(0, 12)} is not running`, hint: 'Start the exec before resizing it.' });
    await e.session.resize(height, width);
  }

  /**
   * Runs a command in a container and collects its output (health probes):
   * killed after `timeoutMs`, with exit status -1 as Docker reports a timeout.
   */
  async run(containerId: string, command: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
    const { Id } = this.create(containerId, { Cmd: command, AttachStdout: true, AttachStderr: true });
    const session = await this.start(Id, { signal: options.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      if (size > 65_536) return;
      chunks.push(chunk);
      size += chunk.length;
    };
    session.stdout.on('data', collect);
    session.stderr?.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      session.kill('SIGKILL');
    }, options.timeoutMs);
    const exitCode = await session.exit;
    clearTimeout(timer);
    this.#execs.delete(Id);
    return { exitCode: timedOut ? -1 : exitCode, output: Buffer.concat(chunks).toString('utf8'), timedOut };
  }

  /** The exec ids of a container that are known (inspect's ExecIDs). */
  idsFor(containerId: string): string[] {
    return [...this.#execs.values()].filter((e) => e.containerId === containerId).map((e) => e.id);
  }

  /** Drops the exec records of a removed container. */
  forgetContainer(containerId: string): void {
    for (const [id, e] of this.#execs) if (e.containerId === containerId) this.#execs.delete(id);
  }

  #entry(execId: string): ExecEntry {
    const entry = this.#execs.get(execId);
    if (!entry) throw containerError('STK5214', 'NotFound', { message: `no such exec: ${execId}`, hint: 'Create the exec first (POST /containers/{id}/exec).' });
    return entry;
  }

  #prune(containerId: string): void {
    const finished = [...this.#execs.values()].filter((e) => e.containerId === containerId && e.started && !e.running);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.#execs.delete(e.id);
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return (constants.signals as Partial<Record<NodeJS.Signals, number>>)[signal] ?? 0;
}
