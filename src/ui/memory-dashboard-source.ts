import { StackError } from '../base/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import type {
  ContainerSnapshot,
  DashboardActions,
  DashboardEvent,
  DashboardSnapshot,
  DashboardSource,
  LogLine,
  ServiceDetails,
  ServiceSnapshot,
  ServiceVerb,
  SourceOptions,
  StatsSample,
} from './dashboard-source.ts';

export interface MemoryWorldOptions {
  readonly project: string;
  readonly runtime?: string;
  readonly services: readonly ServiceSnapshot[];
  readonly details?: Readonly<Record<string, ServiceDetails>>;
  /** Stamps events; tests pass a fixed clock. */
  readonly clock?: () => number;
  /** Log lines kept per service for `tail`. */
  readonly history?: number;
}

/**
 * A project held in memory that behaves like a runtime would: actions change
 * its containers and emit the runtime events a real one emits (a restart is
 * die, then start, then restart), logs and stats are pushed by whoever drives
 * it. The dashboard's tests and the bench run against it; phase 2's source
 * over the runtime client must pass the same dashboard tests.
 */
export class MemoryDashboardSource implements DashboardSource {
  readonly project: string;
  readonly runtime: string;
  readonly actions: DashboardActions;
  readonly #clock: () => number;
  readonly #history: number;
  readonly #services = new Map<string, ServiceSnapshot>();
  readonly #details: Readonly<Record<string, ServiceDetails>>;
  readonly #logs = new Map<string, LogLine[]>();
  readonly #eventQueues = new Set<AsyncQueue<DashboardEvent>>();
  readonly #logQueues = new Set<{ readonly service?: string; readonly queue: AsyncQueue<LogLine> }>();
  /** Calls to each action, in order: what a test checks after pressing a key. */
  readonly calls: { readonly verb: ServiceVerb; readonly service: string }[] = [];
  #down = false;

  constructor(options: MemoryWorldOptions) {
    this.project = options.project;
    this.runtime = options.runtime ?? 'memory';
    this.#clock = options.clock ?? Date.now;
    this.#history = options.history ?? 1000;
    this.#details = options.details ?? {};
    for (const s of options.services) this.#services.set(s.name, s);
    const act = (verb: ServiceVerb) => (service: string, o: SourceOptions) => this.#act(verb, service, o);
    this.actions = { restart: act('restart'), stop: act('stop'), start: act('start'), rebuild: act('rebuild'), recreate: act('recreate') };
  }

  async snapshot(_options: SourceOptions): Promise<DashboardSnapshot> {
    if (this.#down) throw this.#unavailable();
    return this.snapshotNow();
  }

  snapshotNow(): DashboardSnapshot {
    const services = [...this.#services.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { project: this.project, runtime: this.runtime, services, at: this.#clock() };
  }

  events(options: SourceOptions): AsyncIterable<DashboardEvent> {
    const queue = new AsyncQueue<DashboardEvent>(options.signal);
    if (this.#down) queue.fail(this.#unavailable());
    else this.#eventQueues.add(queue);
    options.signal.addEventListener('abort', () => this.#eventQueues.delete(queue), { once: true });
    return queue;
  }

  logs(options: SourceOptions & { readonly service?: string; readonly tail: number }): AsyncIterable<LogLine> {
    const queue = new AsyncQueue<LogLine>(options.signal);
    if (this.#down) {
      queue.fail(this.#unavailable());
      return queue;
    }
    const past = options.service !== undefined ? (this.#logs.get(options.service) ?? []) : [...this.#logs.values()].flat().sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
    for (const line of past.slice(Math.max(0, past.length - options.tail))) queue.push(line);
    const entry = { service: options.service, queue };
    this.#logQueues.add(entry);
    options.signal.addEventListener('abort', () => this.#logQueues.delete(entry), { once: true });
    return queue;
  }

  async details(service: string, _options: SourceOptions): Promise<ServiceDetails> {
    const known = this.#details[service];
    if (known) return known;
    const s = this.#require(service);
    return { service, config: `image: ${s.image}\n`, environment: {}, mounts: [], networks: [], health: [], plan: [] };
  }

  /** Sends an event to every open `events()` stream (and applies a container event to the world). */
  emit(event: DashboardEvent): void {
    if (event.type === 'service') this.#services.set(event.service.name, event.service);
    if (event.type === 'service.removed') this.#services.delete(event.service);
    for (const queue of this.#eventQueues) queue.push(event);
  }

  /** A container of a service writes lines. */
  log(service: string, ...texts: string[]): void {
    const s = this.#services.get(service);
    const container = s?.containers[0]?.name ?? `${this.project}-${service}-1`;
    const kept = this.#logs.get(service) ?? [];
    for (const text of texts) {
      const line: LogLine = { service, container, stream: 'stdout', text, time: this.#clock() };
      kept.push(line);
      for (const { service: wanted, queue } of this.#logQueues) if (wanted === undefined || wanted === service) queue.push(line);
    }
    if (kept.length > this.#history) kept.splice(0, kept.length - this.#history);
    this.#logs.set(service, kept);
  }

  stats(samples: readonly StatsSample[]): void {
    this.emit({ type: 'stats', at: this.#clock(), samples });
  }

  /**
   * The runtime goes away, as a daemon that stops does: open streams end with
   * an Unavailable error and new calls fail until `reconnect()`.
   */
  disconnect(): void {
    this.#down = true;
    const error = this.#unavailable();
    for (const queue of this.#eventQueues) queue.fail(error);
    for (const { queue } of this.#logQueues) queue.fail(error);
    this.#eventQueues.clear();
    this.#logQueues.clear();
  }

  reconnect(): void {
    this.#down = false;
  }

  /** Open event and log streams: a test checks the dashboard closed them. */
  get openStreams(): number {
    return this.#eventQueues.size + this.#logQueues.size;
  }

  #unavailable(): StackError {
    return new StackError({
      code: 'STK5001',
      errorClass: 'Unavailable',
      message: `the runtime of project "${this.project}" is not reachable`,
      hint: 'start the runtime again; the dashboard reconnects when it answers',
    });
  }

  #require(service: string): ServiceSnapshot {
    if (this.#down) throw this.#unavailable();
    const s = this.#services.get(service);
    if (!s) {
      throw new StackError({
        code: 'STK4009',
        errorClass: 'NotFound',
        message: `service "${service}" is not defined in project "${this.project}"`,
        hint: 'pick a service listed in the dashboard',
        resource: `service:${service}`,
      });
    }
    return s;
  }

  async #act(verb: ServiceVerb, service: string, options: SourceOptions): Promise<void> {
    this.calls.push({ verb, service });
    const s = this.#require(service);
    // Let the caller's "started" render first, as a real runtime call would.
    await Promise.resolve();
    if (options.signal.aborted) return;
    const containers = s.containers.map((c) => this.#apply(verb, service, c));
    this.#services.set(service, { ...s, containers });
  }

  #apply(verb: ServiceVerb, service: string, c: ContainerSnapshot): ContainerSnapshot {
    const at = this.#clock();
    const send = (action: Extract<DashboardEvent, { type: 'container' }>['action'], extra: { exitCode?: number } = {}) =>
      this.emit({ type: 'container', at, service, container: c.name, number: c.number, action, ...extra });
    const running = c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
    switch (verb) {
      case 'restart':
        if (running) send('die', { exitCode: 0 });
        send('start');
        send('restart');
        return { ...c, state: 'running', startedAt: at, restarts: c.restarts + 1, exitCode: undefined, health: c.health === 'none' ? 'none' : 'starting' };
      case 'stop':
        if (!running) return c;
        send('die', { exitCode: 0 });
        send('stop');
        return { ...c, state: 'exited', startedAt: undefined, exitCode: 0 };
      case 'start':
        if (running) return c;
        send('start');
        return { ...c, state: 'running', startedAt: at, exitCode: undefined };
      case 'rebuild':
      case 'recreate':
        if (running) send('die', { exitCode: 0 });
        send('destroy');
        send('create');
        send('start');
        return { ...c, state: 'running', startedAt: at, restarts: 0, exitCode: undefined };
    }
  }
}
