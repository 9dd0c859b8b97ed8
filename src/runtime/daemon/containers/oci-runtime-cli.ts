import { constants } from 'node:fs';
import { access, open, readFile, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { containerError, notRunning, runtimeFailed } from './container-errors.ts';
import { runCommand, type CommandResult } from './run-command.ts';

export type OciRuntimeName = 'runc' | 'crun';

export interface OciRuntimeInfo {
  readonly name: OciRuntimeName;
  readonly path: string;
  readonly version: string;
}

/** `runc state` as far as we use it (runtime-spec runtime.md, plus runc's `paused`). */
export interface OciState {
  readonly status: 'creating' | 'created' | 'running' | 'stopped' | 'paused';
  readonly pid: number;
}

/**
 * One OCI runtime binary, always run with `--root <root>/runc` so that
 * `runc list` there shows only this daemon's containers and nothing collides
 * with Docker's own runc state.
 */
export class OciRuntime {
  readonly info: OciRuntimeInfo;
  readonly stateRoot: string;

  constructor(info: OciRuntimeInfo, stateRoot: string) {
    this.info = info;
    this.stateRoot = stateRoot;
  }

  /** Global flags that go before every subcommand (also passed to conmon as runtime args). */
  get globalArgs(): string[] {
    return ['--root', this.stateRoot];
  }

  async #run(args: readonly string[], signal?: AbortSignal): Promise<CommandResult> {
    return runCommand(this.info.path, [...this.globalArgs, ...args], { signal, timeoutMs: 60_000 });
  }

  /** The container's state, or undefined when the runtime does not know it. */
  async state(id: string, signal?: AbortSignal): Promise<OciState | undefined> {
    const result = await this.#run(['state', id], signal);
    if (result.code !== 0) {
      if (/does not exist|not found|no such/i.test(result.stderr)) return undefined;
      throw runtimeFailed(id, 'read the state of', result.stderr);
    }
    const parsed = JSON.parse(result.stdout) as { status?: string; pid?: number };
    return { status: (parsed.status ?? 'stopped') as OciState['status'], pid: parsed.pid ?? 0 };
  }

  async start(id: string, signal?: AbortSignal): Promise<void> {
    if (this.info.name === 'runc' && (await this.#startThroughFifo(id))) return;
    const result = await this.#run(['start', id], signal);
    if (result.code !== 0) throw runtimeFailed(id, 'start', result.stderr);
  }

  /**
   * What `runc start` does, without starting runc (a Go binary: ~10 ms of CPU
   * per container): runc init waits to write one byte into the container's
   * exec.fifo; reading it lets init exec the process, and removing the fifo
   * is how runc tells `running` from `created`. False when there is no fifo
   * (not created by runc, or already started): the caller runs `runc start`.
   */
  async #startThroughFifo(id: string): Promise<boolean> {
    const fifo = join(this.stateRoot, id, 'exec.fifo');
    let handle;
    try {
      handle = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      return false;
    }
    try {
      const byte = Buffer.alloc(1);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const read = await handle.read(byte, 0, 1, null).then((r) => r.bytesRead, (error: NodeJS.ErrnoException) => (error.code === 'EAGAIN' ? 0 : Promise.reject(error)));
        if (read > 0) break;
        if (Date.now() > deadline) throw runtimeFailed(id, 'start', 'the container init did not answer on its exec fifo within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      await handle.close();
    }
    await unlink(fifo);
    return true;
  }

  /**
   * runc's state of a container (state.json under its --root), when runc
   * made it: the init's pid and start time, the cgroup paths.
   */
  async #runcState(id: string): Promise<{ pid: number; start: number; cgroups: readonly string[] } | undefined> {
    if (this.info.name !== 'runc') return undefined;
    try {
      const state = JSON.parse(await readFile(join(this.stateRoot, id, 'state.json'), 'utf8')) as { init_process_pid?: number; init_process_start?: number; cgroup_paths?: Record<string, string> };
      return { pid: state.init_process_pid ?? 0, start: state.init_process_start ?? -1, cgroups: Object.values(state.cgroup_paths ?? {}) };
    } catch {
      return undefined;
    }
  }

  /** Whether the init is the process runc started (not a reused pid): its start time, as runc itself checks. */
  async #initAlive(state: { pid: number; start: number }): Promise<boolean> {
    if (state.pid <= 0) return false;
    try {
      const stat = await readFile(`/proc/${state.pid}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after the last ')'; starttime is field 22.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) === state.start;
    } catch {
      return false;
    }
  }

  /** Sends a signal to the container's init (`all`: every process of its cgroup). */
  async kill(id: string, signalNumber: number, options: { all?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    // What `runc kill` does for the init alone, without a runc process (~10 ms of CPU each): check and signal it.
    const state = options.all ? undefined : await this.#runcState(id);
    if (state && !(await this.#fifoPresent(id))) {
      if (!(await this.#initAlive(state))) throw notRunning(id, 'signal');
      try {
        process.kill(state.pid, signalNumber);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') throw notRunning(id, 'signal');
        throw runtimeFailed(id, 'signal', error);
      }
    }
    const result = await this.#run(['kill', ...(options.all ? ['--all'] : []), id, String(signalNumber)], options.signal);
    if (result.code !== 0) {
      if (/not running|process already finished|container not running|no such process/i.test(result.stderr)) throw notRunning(id, 'signal');
      throw runtimeFailed(id, 'signal', result.stderr);
    }
  }

  async #fifoPresent(id: string): Promise<boolean> {
    return access(join(this.stateRoot, id, 'exec.fifo')).then(() => true, () => false);
  }

  /** Forgets a stopped container (`force`: kill it first). Missing containers are not an error. */
  async delete(id: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    // What `runc delete` does for a container whose init is gone (no hooks here): its cgroups, then its state.
    // No state directory: runc has nothing to forget (already deleted at exit), so no runc either.
    if (this.info.name === 'runc' && !(await access(join(this.stateRoot, id)).then(() => true, () => false))) return;
    const state = await this.#runcState(id);
    if (state && !(await this.#initAlive(state))) {
      const left = (await Promise.all(state.cgroups.map((path) => rmdir(path).then(() => undefined, (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : path))))).filter(Boolean);
      if (left.length === 0) {
        await rm(join(this.stateRoot, id), { recursive: true, force: true });
        return;
      }
    }
    const result = await this.#run(['delete', ...(options.force ? ['--force'] : []), id], options.signal);
    if (result.code !== 0 && !/does not exist|not found/i.test(result.stderr)) throw runtimeFailed(id, 'delete', result.stderr);
  }

  async pause(id: string, signal?: AbortSignal): Promise<void> {
    const result = await this.#run(['pause', id], signal);
    if (result.code !== 0) throw runtimeFailed(id, 'pause', result.stderr);
  }

  async resume(id: string, signal?: AbortSignal): Promise<void> {
    const result = await this.#run(['resume', id], signal);
    if (result.code !== 0) throw runtimeFailed(id, 'unpause', result.stderr);
  }

  /** Host pids of every process in the container's cgroup. */
  async pids(id: string, signal?: AbortSignal): Promise<number[]> {
    const result = await this.#run(['ps', '--format', 'json', id], signal);
    if (result.code !== 0) throw containerError('STK5222', 'Unavailable', { message: `could not list the processes of container ${id.slice(0, 12)}: ${result.stderr.trim()}`, hint: 'Check that the container is running.' });
    const parsed = JSON.parse(result.stdout || '[]') as number[] | null;
    return parsed ?? [];
  }

  /** The argv of a foreground `exec` of a process.json (the caller spawns it with the stdio it needs). */
  execArgs(id: string, processJson: string, pidFile: string): string[] {
    return [...this.globalArgs, 'exec', '--process', processJson, '--pid-file', pidFile, id];
  }
}
