import { setMaxListeners } from 'node:events';
import { StackError, type Diagnostic } from '../../base/index.ts';
import { composeLabel, projectFilter, type ContainerSummary, type RuntimeClient, type RuntimeEvent } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import { AsyncQueue, type DashboardActions, type DashboardEvent, type DashboardSnapshot, type DashboardSource, type LogLine, type ServiceDetails, type ServiceVerb, type SourceOptions } from '../../ui/index.ts';
import { asStackError, eventError } from '../action-error.ts';
import { observeProject } from '../observe.ts';
import { dashboardActions } from './dashboard-actions.ts';
import { delay, followLogLines } from './follow-log-lines.ts';
import { eventMeaning, serviceSnapshotOf, serviceSnapshotsOf, stateAfter, trackedIdentity, type ContainerChange, type ObservedReplica, type TrackedContainer } from './dashboard-model.ts';
import { describeDiagnostic, previewPlan } from './plan-preview.ts';
import { RestartTally } from './restart-tally.ts';
import { serviceDetails } from './service-details.ts';
import { sampleStats } from './stats-sampler.ts';
import { watchFiles } from './watch-files.ts';

/** What loading the stack files again gives: the project (absent when they do not load), why not, and every file read. */
export interface ReloadResult {
  readonly project?: Project;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
}

export interface RuntimeDashboardOptions {
  readonly client: RuntimeClient;
  readonly project: Project;
  /** The files the project was loaded from (compose and env files), watched when `reload` is given. */
  readonly files?: readonly string[];
  /** Loads the stack files again, as the command did; absent: nothing is watched. */
  readonly reload?: () => Promise<ReloadResult>;
  /** Time between two rounds of stats. @default 2000 */
  readonly statsIntervalMs?: number;
  /** First wait before asking a runtime that went away again (doubles up to 5 s). @default 500 */
  readonly reconnectMs?: number;
  /** Runtime calls at once for the actions' passes, as `--parallel`. */
  readonly parallel: number;
  readonly version: string;
  readonly clock?: () => number;
}

/**
 * `stack dashboard`'s source over a RuntimeClient (Docker or stackd): the
 * snapshot from one observation plus an inspect per container (start time,
 * restart count), runtime events turned into row changes at once, stats in
 * rounds, logs through the engine's log follower, details and the plan `up`
 * would apply, the stack files watched, and the actions as engine passes.
 * A runtime that goes away is reported (`connection lost`) and asked again
 * until it answers; the rows are then read afresh.
 */
export class RuntimeDashboardSource implements DashboardSource {
  readonly actions: DashboardActions;
  readonly #o: RuntimeDashboardOptions;
  readonly #clock: () => number;
  readonly #tally = new RestartTally();
  #project: Project;
  #files: readonly string[];
  /** The open event streams: an action's end refreshes the plan shown in each. */
  readonly #queues = new Set<AsyncQueue<DashboardEvent>>();
  /** The plan preview shown since the stack file changed (when, and which files): kept current after each action. */
  #planShown: { readonly at: number; readonly files: readonly string[] } | undefined;

  constructor(options: RuntimeDashboardOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#project = options.project;
    this.#files = options.files ?? [];
    const actions = dashboardActions({ client: options.client, project: () => this.#project, parallel: options.parallel, version: options.version });
    const after = (verb: ServiceVerb) => async (service: string, o: SourceOptions) => {
      try {
        await actions[verb](service, o);
      } finally {
        void this.#refreshPlan(o.signal);
      }
    };
    this.actions = { restart: after('restart'), stop: after('stop'), start: after('start'), rebuild: after('rebuild'), recreate: after('recreate') };
  }

  /** The project as last loaded. */
  get project(): Project {
    return this.#project;
  }

  get #runtime(): string {
    return this.#o.client.endpoint.runtime === 'bundled' ? 'stackd' : 'docker';
  }

  async snapshot(options: SourceOptions): Promise<DashboardSnapshot> {
    return (await this.#observe(options.signal)).snapshot;
  }

  /** One observation of the project and an inspect per container: the rows, and the containers behind them. */
  async #observe(signal: AbortSignal): Promise<{ readonly snapshot: DashboardSnapshot; readonly replicas: readonly ObservedReplica[] }> {
    const observation = await observeProject(this.#o.client, this.#project, { signal });
    const replicas = await this.#inspectAll([...observation.containers.values()], signal);
    return { snapshot: { project: this.#project.name, runtime: this.#runtime, services: serviceSnapshotsOf(this.#project, replicas), at: this.#clock() }, replicas };
  }

  events(options: SourceOptions): AsyncIterable<DashboardEvent> {
    const queue = new AsyncQueue<DashboardEvent>(options.signal);
    this.#queues.add(queue);
    const tracked = new Map<string, TrackedContainer>();
    let connected = false;
    const { signal } = options;
    void Promise.allSettled([
      this.#followRuntime(queue, tracked, signal, (up) => (connected = up)),
      sampleStats({
        client: this.#o.client,
        containers: () => [...tracked.values()].filter((c) => c.state === 'running').map((c) => ({ id: c.id, service: c.service, name: c.name })),
        onSamples: (samples) => queue.push({ type: 'stats', at: this.#clock(), samples }),
        intervalMs: this.#o.statsIntervalMs ?? 2000,
        signal,
        connected: () => connected,
      }),
      this.#o.reload ? watchFiles({ files: () => this.#files, onChange: (changed) => this.#reloaded(queue, changed, signal), signal }) : Promise.resolve(),
    ]).then(() => {
      this.#queues.delete(queue);
      queue.close();
    });
    return queue;
  }

  logs(options: SourceOptions & { readonly service?: string; readonly tail: number }): AsyncIterable<LogLine> {
    return followLogLines({ client: this.#o.client, project: this.#project.name, ...options, reconnectMs: this.#o.reconnectMs ?? 500 });
  }

  async details(service: string, options: SourceOptions): Promise<ServiceDetails> {
    const project = this.#project;
    const plan = previewPlan(this.#o.client, project, options.signal).then((p) => p.resources, () => []);
    return serviceDetails(this.#o.client, project.name, project, service, await plan, options.signal);
  }

  /** Events of the project until the signal fires; a lost runtime is reported and asked again, then read afresh. */
  async #followRuntime(queue: AsyncQueue<DashboardEvent>, tracked: Map<string, TrackedContainer>, signal: AbortSignal, setConnected: (up: boolean) => void): Promise<void> {
    const refresh = new Map<string, NodeJS.Timeout>();
    let wasConnected = true;
    try {
      for (let attempt = 0; !signal.aborted; ) {
        const stream = new AbortController();
        const streamSignal = AbortSignal.any([signal, stream.signal]);
        setMaxListeners(0, streamSignal); // shared by the calls the events lead to
        try {
          const iterator = this.#o.client.events({ labels: [projectFilter(this.#project.name)], types: ['container'], signal: streamSignal })[Symbol.asyncIterator]();
          // Ask for the events before reading the world: a change between the two is seen, not lost.
          let next = iterator.next();
          next.catch(() => undefined);
          const { snapshot, replicas } = await this.#observe(signal);
          this.#track(tracked, replicas);
          queue.push({ type: 'snapshot', at: snapshot.at, snapshot });
          setConnected(true);
          wasConnected = true;
          attempt = 0;
          for (let result = await next; !result.done; result = await next) {
            await this.#apply(result.value, queue, tracked, refresh, signal);
            next = iterator.next();
            next.catch(() => undefined);
          }
          if (signal.aborted) return;
          throw new StackError({ code: 'STK5001', errorClass: 'Unavailable', message: `the ${this.#runtime} runtime closed its event stream`, hint: 'start the runtime again; the dashboard reconnects when it answers' });
        } catch (error) {
          if (signal.aborted) return;
          setConnected(false);
          if (wasConnected) queue.push({ type: 'connection', at: this.#clock(), state: 'lost', error: eventError(asStackError(error)) });
          wasConnected = false;
          await delay(Math.min(5000, (this.#o.reconnectMs ?? 500) * 2 ** attempt++), signal);
        } finally {
          stream.abort();
        }
      }
    } finally {
      for (const timer of refresh.values()) clearTimeout(timer);
    }
  }

  async #apply(event: RuntimeEvent, queue: AsyncQueue<DashboardEvent>, tracked: Map<string, TrackedContainer>, refresh: Map<string, NodeJS.Timeout>, signal: AbortSignal): Promise<void> {
    const meaning = eventMeaning(event);
    if (meaning.kind === 'none') return;
    if (meaning.kind === 'membership') return this.#refreshLater(meaning.service, queue, tracked, refresh, signal);
    const c = meaning.change;
    const restarts = await this.#restartsAfter(c, signal);
    const before = tracked.get(c.id);
    if (c.action === 'destroy') tracked.delete(c.id);
    else tracked.set(c.id, { id: c.id, name: c.container, service: c.service, number: c.number, state: stateAfter(before?.state ?? 'created', c.action) });
    queue.push({
      type: 'container',
      at: c.at,
      service: c.service,
      container: c.container,
      number: c.number,
      action: c.action,
      ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
      ...(c.health !== undefined ? { health: c.health } : {}),
      ...(restarts !== undefined ? { restarts } : {}),
    });
    // A replica came or went: its service's ports and counts are read again.
    if (c.action === 'create' || c.action === 'destroy') this.#refreshLater(c.service, queue, tracked, refresh, signal);
  }

  /** The restarts to show after a change: a restart asked for counts one; a start may be the policy's (the inspect says). */
  async #restartsAfter(c: ContainerChange, signal: AbortSignal): Promise<number | undefined> {
    if (c.action === 'restart') return this.#tally.restarted(c.id);
    if (c.action === 'destroy') {
      this.#tally.forget(c.id);
      return undefined;
    }
    if (c.action !== 'start') return undefined;
    try {
      return this.#tally.observe(c.id, (await this.#o.client.inspectContainer(c.id, { signal })).restartCount);
    } catch {
      return this.#tally.get(c.id);
    }
  }

  /** Reads one service's containers again, shortly after the burst of events that changed them (a recreate is several). */
  #refreshLater(service: string, queue: AsyncQueue<DashboardEvent>, tracked: Map<string, TrackedContainer>, refresh: Map<string, NodeJS.Timeout>, signal: AbortSignal): void {
    clearTimeout(refresh.get(service));
    refresh.set(
      service,
      setTimeout(() => {
        refresh.delete(service);
        void this.#refresh(service, queue, tracked, signal).catch(() => undefined);
      }, 150),
    );
  }

  async #refresh(service: string, queue: AsyncQueue<DashboardEvent>, tracked: Map<string, TrackedContainer>, signal: AbortSignal): Promise<void> {
    const listed = await this.#o.client.listContainers({ all: true, labels: [projectFilter(this.#project.name), `${composeLabel.service}=${service}`], signal });
    const replicas = await this.#inspectAll(listed.filter((s) => trackedIdentity(s.name, s.labels) !== undefined), signal);
    if (signal.aborted) return;
    this.#track(tracked, replicas, service);
    const at = this.#clock();
    if (replicas.length === 0 && !this.#project.services[service]) queue.push({ type: 'service.removed', at, service });
    else queue.push({ type: 'service', at, service: serviceSnapshotOf(this.#project, service, replicas) });
  }

  /** Replaces what is tracked (of one service, or of all) by what was just read. */
  #track(tracked: Map<string, TrackedContainer>, replicas: readonly ObservedReplica[], service?: string): void {
    for (const [id, c] of tracked) if (service === undefined || c.service === service) tracked.delete(id);
    for (const { summary } of replicas) {
      const identity = trackedIdentity(summary.name, summary.labels);
      if (identity) tracked.set(summary.id, { id: summary.id, name: summary.name, service: identity.service, number: identity.number, state: summary.state });
    }
  }

  async #inspectAll(summaries: readonly ContainerSummary[], signal: AbortSignal): Promise<ObservedReplica[]> {
    return Promise.all(
      summaries.map(async (summary): Promise<ObservedReplica> => {
        try {
          const details = await this.#o.client.inspectContainer(summary.id, { signal });
          return { summary, details, restarts: this.#tally.observe(summary.id, details.restartCount) };
        } catch {
          // Removed between the list and the inspect: the next event about it tells.
          const restarts = this.#tally.get(summary.id);
          return restarts !== undefined ? { summary, restarts } : { summary };
        }
      }),
    );
  }

  /** The stack files changed: load them again, and say what `up` would do now (or why they do not load). */
  async #reloaded(queue: AsyncQueue<DashboardEvent>, changed: readonly string[], signal: AbortSignal): Promise<void> {
    const reload = this.#o.reload;
    if (!reload || signal.aborted) return;
    const result = await reload();
    if (result.files.length > 0) this.#files = result.files;
    const error = result.diagnostics.find((d) => d.severity === 'error');
    if (!result.project || error) {
      this.#planShown = undefined;
      queue.push({ type: 'plan', at: this.#clock(), files: changed, resources: [], problem: error ? describeDiagnostic(error) : 'the stack file does not load' });
      return;
    }
    this.#project = result.project;
    try {
      const preview = await previewPlan(this.#o.client, result.project, signal);
      this.#planShown = { at: this.#clock(), files: changed };
      queue.push({ type: 'plan', at: this.#planShown.at, files: changed, resources: preview.resources, ...(preview.problem !== undefined ? { problem: preview.problem } : {}) });
      // Services may have been added to or removed from the file: the rows follow it.
      const snapshot = await this.snapshot({ signal });
      queue.push({ type: 'snapshot', at: snapshot.at, snapshot });
    } catch (failure) {
      if (!signal.aborted) queue.push({ type: 'plan', at: this.#clock(), files: changed, resources: [], problem: eventError(asStackError(failure)).message });
    }
  }

  /**
   * After an action, the plan shown since the file changed is computed again
   * (a recreate applies it), under the time of the change: the action's own
   * result stays on the notice line, the details show what is left to do.
   */
  async #refreshPlan(signal: AbortSignal): Promise<void> {
    const shown = this.#planShown;
    if (!shown || signal.aborted) return;
    try {
      const preview = await previewPlan(this.#o.client, this.#project, signal);
      const event: DashboardEvent = { type: 'plan', at: shown.at, files: shown.files, resources: preview.resources, ...(preview.problem !== undefined ? { problem: preview.problem } : {}) };
      for (const queue of this.#queues) queue.push(event);
    } catch {
      // The runtime went away: the event stream says so; the next action or file change refreshes the plan.
    }
  }
}
