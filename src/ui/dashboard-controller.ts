import { setMaxListeners } from 'node:events';
import { isStackError } from '../base/errors.ts';
import type { EventError } from '../engine/events.ts';
import type { DashboardActions, DashboardSource, LogLine, ServiceVerb, StatsSample } from './dashboard-source.ts';
import type { DashboardState } from './dashboard-state.ts';
import { dashboardKey, type KeyPress } from './dashboard-keys.ts';
import type { DashboardInput, DashboardIntent } from './dashboard-store.ts';
import { nextUptimeChange } from './status-words.ts';
import type { Store } from './store.ts';

export interface DashboardControllerOptions {
  readonly source: DashboardSource;
  readonly actions: DashboardActions;
  readonly store: Store<DashboardState, DashboardInput>;
  /** Stamps what the controller reports (the reducer has no clock). */
  readonly clock?: () => number;
  /** Lines of history loaded when the dashboard opens. */
  readonly logTail?: number;
  /** Log lines arriving within this window reach the store as one batch: one render for a burst. */
  readonly logBatchMs?: number;
}

/**
 * The dashboard's only moving part outside React: it reads the source into
 * the store (snapshot, events, logs, details for the open pane), and turns
 * the keys' service verbs into DashboardActions calls, reporting how they
 * went. Components only dispatch intents (DESIGN principle 4).
 *
 * It also keeps the dashboard cheap when nothing happens: one timer, set for
 * the whole second at or after the moment a shown uptime changes (each second
 * for young services, each minute or hour for old ones, none when nothing
 * runs); stats samples wait for that tick, and log lines are batched, so a
 * redraw carries everything that changed since the last.
 */
export class DashboardController implements AsyncDisposable {
  readonly #o: Required<Omit<DashboardControllerOptions, 'clock'>> & { readonly clock: () => number };
  readonly #abort = new AbortController();
  readonly #loops: Promise<void>[] = [];
  #pendingLines: LogLine[] = [];
  #flushTimer: NodeJS.Timeout | undefined;
  #detailsFor: string | undefined;
  #detailsAbort: AbortController | undefined;
  #nextActionId = 1;
  readonly #actionsInFlight = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  /** Stats wait for the next tick: samples every second must not cost a redraw each on top of the uptimes'. */
  readonly #pendingStats = new Map<string, StatsSample>();
  #tickTimer: NodeJS.Timeout | undefined;
  #tickDue: number | undefined;

  constructor(options: DashboardControllerOptions) {
    this.#o = { ...options, logTail: options.logTail ?? 200, logBatchMs: options.logBatchMs ?? 100, clock: options.clock ?? Date.now };
    // Every followed log, stats call and inspect listens to this one signal: many at once is the design, not a leak.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Loads the snapshot, then follows events and logs until closed. Resolves once the snapshot is in. */
  async start(): Promise<void> {
    const signal = this.#abort.signal;
    this.#unsubscribe = this.#o.store.subscribe(() => {
      this.#syncDetails();
      this.#scheduleTick();
    });
    try {
      const snapshot = await this.#o.source.snapshot({ signal });
      this.#o.store.dispatch({ type: 'snapshot', at: snapshot.at, snapshot });
    } catch (error) {
      this.#lost(error);
      return;
    }
    this.#loops.push(this.#follow(async () => {
      for await (const event of this.#o.source.events({ signal })) {
        if (event.type === 'stats') this.#queueStats(event.samples);
        else this.#o.store.dispatch(event);
      }
    }));
    this.#loops.push(this.#follow(async () => {
      for await (const line of this.#o.source.logs({ signal, tail: this.#o.logTail })) this.#queueLine(line);
    }));
    this.#syncDetails();
    this.#scheduleTick();
  }

  /** A key press from the view. */
  key(input: string, key: KeyPress, pageSize: number): void {
    // Keys typed faster than a frame (or sent by a script, or pasted) arrive as one chunk: each is a key press of its own.
    const chars = [...input];
    if (chars.length > 1 && !Object.values(key).some((flag) => flag === true)) {
      for (const char of chars) this.key(char, {}, pageSize);
      return;
    }
    const outcome = dashboardKey(this.#o.store.getSnapshot(), input, key, pageSize);
    this.#o.store.dispatchAll(outcome.intents);
    if (outcome.command) void this.perform(outcome.command.verb, outcome.command.service);
  }

  /** When the next tick is due (clock time), or undefined when nothing shown changes with time alone. */
  get nextTick(): number | undefined {
    return this.#tickDue;
  }

  dispatch(intent: DashboardIntent): void {
    this.#o.store.dispatch(intent);
  }

  /** Runs a service action, reporting it as `action` events; one action per service at a time. */
  perform(verb: ServiceVerb, service: string): Promise<void> {
    const store = this.#o.store;
    const busy = store.getSnapshot().services[service]?.pending;
    if (busy !== undefined) {
      store.dispatch({ type: 'notice', at: this.#o.clock(), level: 'info', text: `${service} is busy (${busy}); try again when it is done` });
      return Promise.resolve();
    }
    const id = this.#nextActionId++;
    store.dispatch({ type: 'action', at: this.#o.clock(), id, service, verb, phase: 'started' });
    const run = (async () => {
      try {
        await this.#o.actions[verb](service, { signal: this.#abort.signal });
        store.dispatch({ type: 'action', at: this.#o.clock(), id, service, verb, phase: 'succeeded' });
      } catch (error) {
        store.dispatch({ type: 'action', at: this.#o.clock(), id, service, verb, phase: 'failed', error: eventError(error) });
      }
    })();
    this.#actionsInFlight.add(run);
    void run.finally(() => this.#actionsInFlight.delete(run));
    return run;
  }

  /** Stops reading, cancels what runs, and waits for it to wind down. */
  async close(): Promise<void> {
    this.#abort.abort();
    this.#detailsAbort?.abort();
    this.#unsubscribe?.();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickTimer = undefined;
    this.#flush();
    await Promise.allSettled([...this.#loops, ...this.#actionsInFlight]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #follow(loop: () => Promise<void>): Promise<void> {
    return loop().catch((error) => {
      if (!this.#abort.signal.aborted) this.#lost(error);
    });
  }

  #lost(error: unknown): void {
    this.#o.store.dispatch({ type: 'connection', at: this.#o.clock(), state: 'lost', error: eventError(error) });
  }

  #queueLine(line: LogLine): void {
    this.#pendingLines.push(line);
    // A timer only while lines wait: an idle dashboard has none.
    if (this.#flushTimer === undefined) this.#flushTimer = setTimeout(() => this.#flush(), this.#o.logBatchMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    if (this.#pendingLines.length === 0) return;
    const lines = this.#pendingLines;
    this.#pendingLines = [];
    this.#o.store.dispatch({ type: 'logs', at: this.#o.clock(), lines });
  }

  #queueStats(samples: readonly StatsSample[]): void {
    for (const sample of samples) this.#pendingStats.set(sample.container, sample);
    this.#scheduleTick();
  }

  /** Sets the one timer for the next moment something shown changes with time alone, or none. */
  #scheduleTick(): void {
    if (this.#abort.signal.aborted) return;
    const now = this.#o.clock();
    let delay = Number.POSITIVE_INFINITY;
    for (const service of Object.values(this.#o.store.getSnapshot().services)) {
      if (service.startedAt !== undefined) delay = Math.min(delay, nextUptimeChange(service.startedAt, now));
    }
    // Stats ride on the next uptime tick when one comes within a second; else on the next second.
    if (this.#pendingStats.size > 0 && delay > 1000) delay = 1000 - (now % 1000);
    if (!Number.isFinite(delay)) {
      if (this.#tickTimer) clearTimeout(this.#tickTimer);
      this.#tickTimer = undefined;
      this.#tickDue = undefined;
      return;
    }
    // On the next whole second of the clock: containers started at scattered milliseconds change their
    // uptimes at scattered moments, and one redraw a second shows them all (a label is at most a second late).
    const due = Math.ceil((now + delay) / 1000) * 1000;
    // A tick already set for this moment or an earlier one stays: it is for a change that has happened or comes
    // first. Moving it later would skip that change (stats arriving each second would postpone it for ever).
    if (this.#tickTimer !== undefined && this.#tickDue !== undefined && this.#tickDue <= due) return;
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickDue = due;
    this.#tickTimer = setTimeout(() => this.#tick(), due - now);
  }

  #tick(): void {
    this.#tickTimer = undefined;
    this.#tickDue = undefined;
    const at = this.#o.clock();
    const samples = [...this.#pendingStats.values()];
    this.#pendingStats.clear();
    this.#o.store.dispatchAll(samples.length > 0 ? [{ type: 'stats', at, samples }, { type: 'tick', at }] : [{ type: 'tick', at }]);
    this.#scheduleTick();
  }

  /** Loads details for the selected service while the pane is open. */
  #syncDetails(): void {
    const state = this.#o.store.getSnapshot();
    const wanted = state.ui.detailsOpen ? state.ui.selected : undefined;
    if (wanted === this.#detailsFor) return;
    this.#detailsFor = wanted;
    this.#detailsAbort?.abort();
    if (wanted === undefined || this.#abort.signal.aborted) return;
    const abort = new AbortController();
    this.#detailsAbort = abort;
    this.#o.store.dispatch({ type: 'details.loading', at: this.#o.clock(), service: wanted });
    this.#o.source.details(wanted, { signal: abort.signal }).then(
      (details) => {
        if (!abort.signal.aborted) this.#o.store.dispatch({ type: 'details.loaded', at: this.#o.clock(), details });
      },
      (error) => {
        if (!abort.signal.aborted) this.#o.store.dispatch({ type: 'details.failed', at: this.#o.clock(), service: wanted, error: eventError(error) });
      },
    );
  }
}

/** Our code and words for a failure; anything that is not a StackError is a bug and says so. */
function eventError(error: unknown): EventError {
  if (isStackError(error)) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'STK9001', message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}
