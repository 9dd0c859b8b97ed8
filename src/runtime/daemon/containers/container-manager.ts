import { join } from 'node:path';
import { Emitter, canceledError, compareStrings, type Event } from '../../../base/index.ts';
import { KeyedMutex, type VolumeStore } from '../volumes/index.ts';
import { createContainer } from './container-create.ts';
import { busy, isPaused, nameInUse, notRunning } from './container-errors.ts';
import type { ContainerEvent, ContainerEventAction } from './container-events.ts';
import { handleExitFile, type ExitContext } from './container-exit.ts';
import { ContainerIo } from './container-io.ts';
import { generateContainerName, newContainerId, normalizeContainerName } from './container-names.ts';
import { isActive, type ContainerState, type HealthState } from './container-record.ts';
import { recoverContainers, watchOrphans, type RecoverResult } from './container-recover.ts';
import { policyRestart, runContainer } from './container-start.ts';
import { killContainer, pauseContainer, removeContainer, stopContainer, unpauseContainer, type StopContext } from './container-stop.ts';
import { ContainerStore } from './container-store.ts';
import { silentLog, type DaemonLog } from './daemon-log.ts';
import { within } from './deferred.ts';
import type { ContainerCreateBody, ResolvedImage } from './docker-types.ts';
import { ExecManager } from './exec.ts';
import { ExitWatcher } from './exit-watcher.ts';
import { readHostFacts } from './host-facts.ts';
import { inspectJson, summaryJson, type ContainerInspect, type ContainerSummary } from './inspect.ts';
import { findEntry, type ContainerEntry, type NetworkHooks } from './manager-context.ts';
import type { OciRuntime } from './oci-runtime-cli.ts';
import { removeCgroup } from './oci-runtime.ts';
import type { HostFacts } from './oci-spec.ts';
import { unmountOverlay } from './rootfs.ts';
import { Supervisor } from './supervisor.ts';

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
  #stopOrphanWatch: (() => void) | undefined;

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
      restart: (id) => this.#locks.run(id, () => policyRestart(this.#ctx, id)),
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
      // Written first, then shown: readers never see a state that is not on disk, and the event the
      // caller fires next follows in the same turn of the event loop as the change becoming visible.
      saveState: async (entry, patch) => {
        const next = { ...entry.state, ...patch };
        await this.#ctx.store.writeState(entry.record.id, next);
        entry.state = next;
      },
      lookup: (idOrName) => this.#lookup(idOrName),
      forget: (entry) => {
        entries.delete(entry.record.id);
        this.#names.delete(entry.record.name);
        this.#execs.forgetContainer(entry.record.id);
        this.#io.forget(entry.record.id);
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
    if (result.orphans.length > 0) this.#stopOrphanWatch = watchOrphans(this.#ctx, result.orphans);
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
      await runContainer(this.#ctx, entry, signal);
      return true;
    });
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
    await pauseContainer(this.#ctx, this.#lookup(idOrName));
  }

  async unpause(idOrName: string): Promise<void> {
    await unpauseContainer(this.#ctx, this.#lookup(idOrName));
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
      execIds: this.#execs.idsFor(entry.record.id),
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
    return findEntry(this.#ctx.entries, this.#names, idOrName);
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
    this.#stopOrphanWatch?.();
    for (const entry of this.#ctx.entries.values()) {
      if (isActive(entry.state)) continue;
      await this.#locks.run(entry.record.id, () => unmountOverlay(entry.record.id, this.#ctx.store.paths(entry.record.id).rootfs)).catch(() => undefined);
    }
    await this.#ctx.store.settled();
    this.#events.clear();
  }
}

