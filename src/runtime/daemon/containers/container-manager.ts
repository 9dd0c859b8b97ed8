import { join } from 'node:path';
import { Emitter, canceledError, compareStrings, type Event } from '../../../base/index.ts';
import { KeyedMutex, type VolumeStore } from '../volumes/index.ts';
import { busy, containerNotFound, isPaused, nameInUse, notPaused, notRunning } from './container-errors.ts';
import type { ContainerEvent, ContainerEventAction } from './container-events.ts';
import { handleExitFile, isConmonFor, recordExit, type ExitContext } from './container-exit.ts';
import { createContainer } from './container-create.ts';
import { generateContainerName, newContainerId, normalizeContainerName } from './container-names.ts';
import { isActive, type ContainerState, type HealthState } from './container-record.ts';
import { recoverContainers, type RecoverResult } from './container-recover.ts';
import { startRun } from './container-start.ts';
import { ContainerStore } from './container-store.ts';
import { silentLog, type DaemonLog } from './daemon-log.ts';
import { within } from './deferred.ts';
import type { ContainerCreateBody, ResolvedImage } from './docker-types.ts';
import { ExecManager } from './exec.ts';
import { ExitWatcher } from './exit-watcher.ts';
import { initialHealth, parseHealthcheck } from './health.ts';
import { readHostFacts } from './host-facts.ts';
import { inspectJson, summaryJson, type ContainerInspect, type ContainerSummary } from './inspect.ts';
import type { ContainerEntry, NetworkHooks } from './manager-context.ts';
import type { OciRuntime } from './oci-runtime-cli.ts';
import type { HostFacts } from './oci-spec.ts';
import { removeCgroup } from './oci-runtime.ts';
import { unmountOverlay } from './rootfs.ts';
import { killContainer, removeContainer, stopContainer, type StopContext } from './container-stop.ts';
import { Supervisor } from './supervisor.ts';
import { ContainerIo } from './container-io.ts';

export interface ContainerManagerOptions {
  /** The daemon's state root: containers under `<root>/containers`, conmon exit files under `<root>/exits`. */
  readonly root: string;
  /** 4 hex digits, part of every host-global name (cgroups: `/stack-<inst>/<id>`). */
  readonly instanceId: string;
  /** The runtime probeOciRuntime chose. */
  readonly runtime: OciRuntime;
  readonly volumes: VolumeStore;
  readonly network?: NetworkHooks;
  readonly log?: DaemonLog;
  readonly hostFacts?: HostFacts;
  readonly conmonPath?: string;
  /** How often the exit directory is polled besides inotify (ms). */
  readonly exitPollMs?: number;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/**
 * The containers of one stackd: create/start/stop/kill/restart/pause/
 * unpause/remove/rename/wait with Docker's semantics, logs/attach/exec/top/
 * stats, restart policies and health checks, and recovery after a daemon
 * restart. Operations on one container are serialized by a per-container
 * lock; waiting for an exit happens outside it.
 */
export class ContainerManager implements AsyncDisposable {
  readonly #ctx: ExitContext & StopContext;
  readonly #names = new Map<string, string>();
  readonly #locks = new KeyedMutex();
  readonly #events = new Emitter<ContainerEvent>();
  readonly #supervisor: Supervisor;
  readonly #exits: ExitWatcher;
  readonly #execs: ExecManager;
  readonly #io: ContainerIo;
  readonly #options: ContainerManagerOptions;
  #orphanPoll: NodeJS.Timeout | undefined;

  /** Container events, shaped for Docker's /events (see container-events.ts). */
  readonly events: Event<ContainerEvent> = this.#events.event;

  private constructor(options: ContainerManagerOptions, facts: HostFacts) {
    this.#options = options;
    const log = options.log ?? silentLog;
    const entries = new Map<string, ContainerEntry>();
    this.#supervisor = new Supervisor({
      probe: (id, command, timeoutMs) => this.#execs.run(id, command, { timeoutMs }),
      current: (id) => {
        const e = entries.get(id);
        if (!e || !isActive(e.state)) return undefined;
        return { health: e.state.health, startedAtMs: Date.parse(e.state.startedAt), probing: e.state.status === 'running' };
      },
      update: (id, health) => this.#locks.run(id, () => this.#updateHealth(id, health)),
      restart: (id) => this.#locks.run(id, () => this.#policyRestart(id)),
      onError: (id, what, error) => log('warn', `${what} failed`, { id, error: error instanceof Error ? error.message : String(error) }),
    });
    this.#ctx = {
      root: options.root,
      instanceId: options.instanceId,
      store: new ContainerStore(join(options.root, 'containers')),
      runtime: options.runtime,
      volumes: options.volumes,
      facts,
      log,
      exitDir: join(options.root, 'exits'),
      socketDir: join(options.root, 'sockets'),
      ...(options.conmonPath ? { conmonPath: options.conmonPath } : {}),
      ...(options.network ? { network: options.network } : {}),
      entries,
      supervisor: this.#supervisor,
      locks: this.#locks,
      fire: (entry, action, attributes, actionText) => this.#fire(entry, action, attributes, actionText),
      saveState: async (entry, patch) => {
        entry.state = { ...entry.state, ...patch };
        await this.#ctx.store.writeState(entry.record.id, entry.state);
      },
      lookup: (idOrName) => this.#lookup(idOrName),
      forget: (entry) => {
        entries.delete(entry.record.id);
        this.#names.delete(entry.record.name);
        this.#execs.forgetContainer(entry.record.id);
      },
    };
    this.#execs = new ExecManager({
      runtime: options.runtime,
      hostCapabilities: facts.capabilities,
      runningContainer: (idOrName) => {
        const e = this.#lookup(idOrName);
        if (e.state.status === 'paused') throw isPaused(e.record.id, 'exec in');
        if (e.state.status !== 'running') throw notRunning(e.record.id, 'exec in');
        return { id: e.record.id, paths: this.#ctx.store.paths(e.record.id) };
      },
      onExecEvent: (event) => {
        const e = entries.get(event.containerId);
        if (!e) return;
        const attributes = { execID: event.execId, ...(event.exitCode !== undefined ? { exitCode: String(event.exitCode) } : {}) };
        this.#fire(e, event.action, attributes, event.action === 'exec_die' ? 'exec_die' : `${event.action}: ${event.command}`);
      },
    });
    this.#io = new ContainerIo(this.#ctx);
    this.#exits = new ExitWatcher(this.#ctx.exitDir, (id) => void this.#onExitFile(id));
    options.volumes.setUsage((name) => [...entries.values()].filter((e) => e.record.mounts.some((m) => m.type === 'volume' && m.source === name)).map((e) => e.record.id));
  }

  /** Opens the manager over a state root and re-adopts what is there (see recover()). */
  static async open(options: ContainerManagerOptions): Promise<{ manager: ContainerManager; recovered: RecoverResult }> {
    const manager = new ContainerManager(options, options.hostFacts ?? (await readHostFacts()));
    const recovered = await manager.#recover();
    return { manager, recovered };
  }

  async #recover(): Promise<RecoverResult> {
    const result = await recoverContainers(this.#ctx, this.#names);
    await this.#exits.start(this.#options.exitPollMs ?? 1000);
    if (result.orphans.length > 0) this.#watchOrphans(result.orphans);
    return result;
  }

  // --- create, start, restart, rename ---------------------------------------------------------

  async create(input: { name?: string; body: ContainerCreateBody; image: ResolvedImage; signal?: AbortSignal }): Promise<{ Id: string; Warnings: string[] }> {
    const name = input.name ? normalizeContainerName(input.name) : generateContainerName((n) => this.#names.has(n));
    const owner = this.#names.get(name);
    if (owner) throw nameInUse(name, owner);
    const id = newContainerId();
    this.#names.set(name, id); // reserve the name while the create runs
    try {
      const entry = await this.#locks.run(id, () => createContainer(this.#ctx, { id, name, body: input.body, image: input.image, ...(input.signal ? { signal: input.signal } : {}) }));
      this.#ctx.entries.set(id, entry);
      this.#fire(entry, 'create');
      return { Id: id, Warnings: [] };
    } catch (error) {
      this.#names.delete(name);
      throw error;
    }
  }

  /** Starts a container. Returns false when it was already running (Docker's 304). */
  async start(idOrName: string, signal?: AbortSignal): Promise<boolean> {
    const id = this.#lookup(idOrName).record.id;
    return this.#locks.run(id, async () => {
      const entry = this.#lookup(id);
      if (entry.state.status === 'running') return false;
      if (entry.state.status === 'paused') throw isPaused(id, 'start');
      if (entry.state.status === 'removing') throw busy(id, 'being removed');
      this.#supervisor.cancelRestart(id);
      entry.restartMemory = { restartCount: 0, backoffMs: 0 };
      await this.#ctx.saveState(entry, { restartCount: 0, manuallyStopped: false });
      await this.#run(entry, signal);
      return true;
    });
  }

  async #run(entry: ContainerEntry, signal?: AbortSignal): Promise<void> {
    try {
      const { pid, conmonPid } = await startRun(this.#ctx, entry, signal);
      const probe = parseHealthcheck(entry.record.config.Healthcheck);
      await this.#ctx.saveState(entry, {
        status: 'running',
        pid,
        conmonPid,
        exitCode: 0,
        error: '',
        oomKilled: false,
        startedAt: new Date().toISOString(),
        ...(probe ? { health: initialHealth() } : { health: undefined }),
      });
      this.#fire(entry, 'start');
      if (probe) this.#supervisor.startHealth(entry.record.id, probe);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Docker's codes for a start that failed: 127 command not found, 126 not executable, 128 anything else.
      const exitCode = /not found|no such file/i.test(message) ? 127 : /permission denied|exec format/i.test(message) ? 126 : 128;
      await this.#ctx.saveState(entry, { status: entry.state.status === 'restarting' ? 'exited' : entry.state.status, error: message, exitCode });
      throw error;
    }
  }

  async #policyRestart(id: string): Promise<void> {
    const entry = this.#ctx.entries.get(id);
    if (!entry || entry.state.status !== 'restarting') return;
    try {
      await this.#run(entry);
    } catch (error) {
      // A restart that cannot start counts as another failed run: the policy decides again, with a longer back-off.
      await this.#ctx.saveState(entry, { status: 'running', startedAt: new Date().toISOString() });
      await recordExit(this.#ctx, entry, 128, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Docker's restart: stop (with the grace period) if running, then start; fires `restart`. */
  async restart(idOrName: string, options: { timeoutSec?: number; signal?: AbortSignal } = {}): Promise<void> {
    const entry = this.#lookup(idOrName);
    if (isActive(entry.state) || entry.state.status === 'restarting') await this.stop(entry.record.id, options);
    await this.start(entry.record.id, options.signal);
    this.#fire(entry, 'restart');
  }

  async rename(idOrName: string, newName: string): Promise<void> {
    const name = normalizeContainerName(newName);
    const entry = this.#lookup(idOrName);
    const id = entry.record.id;
    await this.#locks.run(id, async () => {
      const owner = this.#names.get(name);
      if (owner && owner !== id) throw nameInUse(name, owner);
      const oldName = entry.record.name;
      if (oldName === name) return;
      entry.record = { ...entry.record, name };
      await this.#ctx.store.writeRecord(entry.record);
      this.#names.delete(oldName);
      this.#names.set(name, id);
      this.#fire(entry, 'rename', { oldName: `/${oldName}` });
    });
  }

  // --- stop, kill, pause, unpause, remove -----------------------------------------------------

  /** Stop signal, grace period, SIGKILL. Returns false when it was not running (Docker's 304). */
  async stop(idOrName: string, options: { timeoutSec?: number; signal?: AbortSignal } = {}): Promise<boolean> {
    return stopContainer(this.#ctx, this.#lookup(idOrName), options);
  }

  /** Sends a signal (SIGKILL by default). SIGKILL or the stop signal suppresses the restart policy until the next start. */
  async kill(idOrName: string, signalText: string | number = 'SIGKILL'): Promise<void> {
    await killContainer(this.#ctx, this.#lookup(idOrName), signalText);
  }

  async pause(idOrName: string): Promise<void> {
    const entry = this.#lookup(idOrName);
    await this.#locks.run(entry.record.id, async () => {
      if (entry.state.status === 'paused') throw isPaused(entry.record.id, 'pause');
      if (entry.state.status !== 'running') throw notRunning(entry.record.id, 'pause');
      await this.#ctx.runtime.pause(entry.record.id);
      await this.#ctx.saveState(entry, { status: 'paused' });
      this.#fire(entry, 'pause');
    });
  }

  async unpause(idOrName: string): Promise<void> {
    const entry = this.#lookup(idOrName);
    await this.#locks.run(entry.record.id, async () => {
      if (entry.state.status !== 'paused') throw notPaused(entry.record.id);
      await this.#ctx.runtime.resume(entry.record.id);
      await this.#ctx.saveState(entry, { status: 'running' });
      this.#fire(entry, 'unpause');
    });
  }

  /** Removes a container (`force`: kill it first; `volumes`: its anonymous volumes too). */
  async remove(idOrName: string, options: { force?: boolean; volumes?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    await removeContainer(this.#ctx, this.#lookup(idOrName), options);
    if (this.#ctx.entries.size === 0) await removeCgroup(`stack-${this.#ctx.instanceId}`);
  }

  /** Docker's wait: resolves with the exit status once the condition holds. */
  async wait(idOrName: string, options: { condition?: WaitCondition; signal?: AbortSignal } = {}): Promise<{ StatusCode: number; Error?: { Message: string } }> {
    const entry = this.#lookup(idOrName);
    const condition = options.condition ?? 'not-running';
    let promise: Promise<number>;
    if (condition === 'removed') promise = entry.removed.promise;
    else if (condition === 'not-running' && !isActive(entry.state) && entry.state.status !== 'restarting') promise = Promise.resolve(entry.state.exitCode);
    else promise = entry.exited.promise;
    const code = await within(promise, 2 ** 31 - 1, options.signal);
    if (code === undefined) throw canceledError(`container:${entry.record.name}`);
    return { StatusCode: code, ...(entry.state.error ? { Error: { Message: entry.state.error } } : {}) };
  }

  // --- reading ------------------------------------------------------------------------------

  inspect(idOrName: string): ContainerInspect {
    const entry = this.#lookup(idOrName);
    return inspectJson(entry.record, entry.state, this.#ctx.store.paths(entry.record.id), {
      execIds: [],
      volumePath: (name) => join(this.#ctx.root, 'volumes', name, '_data'),
    });
  }

  /** Containers newest first, as Docker lists them; `all: false` keeps only running (and paused, restarting) ones. */
  list(options: { all?: boolean } = {}): ContainerSummary[] {
    const volumePath = (name: string): string => join(this.#ctx.root, 'volumes', name, '_data');
    return [...this.#ctx.entries.values()]
      .filter((e) => options.all || isActive(e.state) || e.state.status === 'restarting')
      .sort((a, b) => compareStrings(b.record.created, a.record.created) || compareStrings(a.record.id, b.record.id))
      .map((e) => summaryJson(e.record, e.state, volumePath));
  }

  /** The full id of a container named by id, unique id prefix or name. */
  resolveId(idOrName: string): string {
    return this.#lookup(idOrName).record.id;
  }

  /** State of one container (a copy), for the API layer and the engine's observe step. */
  state(idOrName: string): ContainerState {
    return { ...this.#lookup(idOrName).state };
  }

  get io(): ContainerIo {
    return this.#io;
  }

  get exec(): ExecManager {
    return this.#execs;
  }

  // --- internals ------------------------------------------------------------------------------

  #lookup(idOrName: string): ContainerEntry {
    const key = idOrName.startsWith('/') ? idOrName.slice(1) : idOrName;
    const byId = this.#ctx.entries.get(key);
    if (byId) return byId;
    const byName = this.#names.get(key);
    if (byName) {
      const entry = this.#ctx.entries.get(byName);
      if (entry) return entry;
    }
    if (/^[0-9a-f]{1,63}$/.test(key)) {
      const matches = [...this.#ctx.entries.keys()].filter((id) => id.startsWith(key));
      if (matches.length === 1) return this.#ctx.entries.get(matches[0] as string) as ContainerEntry;
    }
    throw containerNotFound(idOrName);
  }

  async #onExitFile(id: string): Promise<void> {
    const { autoRemove } = await this.#locks.run(id, () => handleExitFile(this.#ctx, id));
    if (autoRemove) await this.remove(id, { force: true, volumes: true }).catch((error: unknown) => this.#ctx.log('warn', 'auto-remove failed', { id, error: String(error) }));
  }

  async #updateHealth(id: string, health: HealthState): Promise<void> {
    const entry = this.#ctx.entries.get(id);
    if (!entry || !isActive(entry.state)) return;
    const before = entry.state.health?.Status;
    await this.#ctx.saveState(entry, { health });
    if (before !== health.Status) this.#fire(entry, 'health_status', {}, `health_status: ${health.Status}`);
  }

  /** Containers re-adopted without their conmon: no exit file will come, so watch the pid instead. */
  #watchOrphans(ids: readonly string[]): void {
    const pending = new Set(ids);
    this.#orphanPoll = setInterval(() => {
      for (const id of pending) {
        const entry = this.#ctx.entries.get(id);
        if (!entry || !isActive(entry.state)) {
          pending.delete(id);
          continue;
        }
        void isConmonFor(entry.state.pid, id).then(async () => {
          const alive = await this.#ctx.runtime.state(id).catch(() => undefined);
          if (alive && (alive.status === 'running' || alive.status === 'paused')) return;
          pending.delete(id);
          await this.#locks.run(id, () => recordExit(this.#ctx, entry, 255, { error: 'the container exited without its monitor (conmon); its exit status was lost' }));
        });
      }
      if (pending.size === 0 && this.#orphanPoll) clearInterval(this.#orphanPoll);
    }, 1000);
    this.#orphanPoll.unref();
  }

  #fire(entry: ContainerEntry, action: ContainerEventAction, attributes: Readonly<Record<string, string>> = {}, actionText?: string): void {
    const ms = Date.now();
    const image = entry.record.config.Image || entry.record.imageId;
    this.#events.fire({
      type: 'container',
      action,
      Action: actionText ?? action,
      id: entry.record.id,
      from: image,
      attributes: { ...entry.record.config.Labels, image, name: entry.record.name, ...attributes },
      time: Math.floor(ms / 1000),
      timeNano: ms * 1e6,
    });
  }

  /**
   * Stops timers and watchers. Containers keep running (conmon holds them);
   * root filesystems of stopped containers are unmounted, running ones stay
   * mounted for their processes.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#exits[Symbol.dispose]();
    this.#supervisor[Symbol.dispose]();
    if (this.#orphanPoll) clearInterval(this.#orphanPoll);
    for (const entry of this.#ctx.entries.values()) {
      if (isActive(entry.state)) continue;
      await this.#locks.run(entry.record.id, () => unmountOverlay(entry.record.id, this.#ctx.store.paths(entry.record.id).rootfs)).catch(() => undefined);
    }
    this.#events.clear();
  }
}

