import { setMaxListeners } from 'node:events';
import { canceledError, type StackError } from '../base/index.ts';
import { asStackError, eventError } from './action-error.ts';
import type { ActionVerb, EngineEvent, EventSink, ResourceRef } from './events.ts';

/**
 * Walks a plan's DAG: a node runs once every node it depends on has
 * succeeded, at most `concurrency` at a time. It decides nothing: what a
 * node does is `run`'s business (actions.ts), what it means for the UI is
 * `describe`'s. A failed node skips everything that depends on it, directly
 * or not; independent branches go on. When the signal fires, nothing new
 * starts, the running nodes see the signal (their runtime calls reject with
 * Canceled), and the walk returns once they have settled: no call is left
 * running behind the caller's back.
 */

/** A node as the executor needs it: the planner's PlanNode, or a command's own (stop, kill...). */
export interface ExecutableNode<A> {
  readonly id: number;
  readonly resource: string;
  readonly action: A;
  readonly dependsOn: readonly number[];
  readonly cause: string;
  readonly group?: string;
}

/** What a node produced: the status word the UI settles on, and a value later nodes read (a new container's id). */
export interface NodeOutcome {
  readonly status: string;
  readonly value?: string;
}

export interface NodeContext {
  /** The node's id: events a handler emits about it (a pull's layers) carry it. */
  readonly node: number;
  readonly signal: AbortSignal;
  /** Outcomes of the nodes that finished, by id. */
  readonly results: ReadonlyMap<number, NodeOutcome>;
  progress(text: string, current?: number, total?: number): void;
  /** Emits an event about this pass that is not the node's own (a dependent's `wait.started`). */
  emit(event: UnstampedEvent): void;
}

export interface NodeDescription {
  readonly resource: ResourceRef;
  readonly verb: ActionVerb;
}

export interface ExecuteOptions<A> {
  readonly nodes: readonly ExecutableNode<A>[];
  readonly run: (node: ExecutableNode<A>, context: NodeContext) => Promise<NodeOutcome>;
  readonly describe: (node: ExecutableNode<A>) => NodeDescription;
  /** At most this many nodes at once; 0 or less: no limit. */
  readonly concurrency?: number;
  /** Nodes that wait rather than call (a dependency's health): they run outside the limit, so waiting never holds up work. */
  readonly unlimited?: (node: ExecutableNode<A>) => boolean;
  readonly signal?: AbortSignal;
  readonly emit: EventSink;
  readonly now?: () => number;
}

export interface FailedNode {
  readonly node: number;
  readonly resource: ResourceRef;
  readonly error: StackError;
}

export interface ExecutionReport {
  readonly succeeded: number;
  readonly failed: readonly FailedNode[];
  readonly skipped: number;
  readonly canceled: boolean;
  readonly results: ReadonlyMap<number, NodeOutcome>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the emitter stamps its time. */
export type UnstampedEvent = DistributiveOmit<EngineEvent, 'at'>;

type NodeState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

export async function executePlan<A>(options: ExecuteOptions<A>): Promise<ExecutionReport> {
  const { nodes, run, describe } = options;
  const now = options.now ?? Date.now;
  const emit = (event: UnstampedEvent) => options.emit({ ...event, at: now() } as EngineEvent);
  const limit = options.concurrency !== undefined && options.concurrency > 0 ? options.concurrency : Number.POSITIVE_INFINITY;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<number, NodeState>(nodes.map((n) => [n.id, 'waiting']));
  const pending = new Map<number, number>();
  const dependents = new Map<number, number[]>();
  for (const node of nodes) {
    const deps = node.dependsOn.filter((d) => byId.has(d));
    pending.set(node.id, deps.length);
    for (const dep of deps) (dependents.get(dep) ?? dependents.set(dep, []).get(dep))?.push(node.id);
  }
  const results = new Map<number, NodeOutcome>();
  const failed: FailedNode[] = [];
  let succeeded = 0;
  let skipped = 0;
  // Deeper nodes first among the ready ones: a container's start goes before the next container's create, so
  // each container is up as early as it can be, as `docker run` does it, instead of all creates queueing first.
  const depth = new Map<number, number>();
  for (const node of [...nodes].sort((a, b) => a.id - b.id)) depth.set(node.id, 1 + Math.max(0, ...node.dependsOn.map((d) => depth.get(d) ?? 0)));
  const ready: number[] = nodes.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  const byPriority = (a: number, b: number) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0) || a - b;
  const running = new Set<Promise<void>>();
  let limited = 0;
  const inner = new AbortController();
  // Every runtime call of every node listens on this signal: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, inner.signal);
  const onAbort = () => inner.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) inner.abort();

  const skip = (id: number, reason: string) => {
    if (state.get(id) !== 'waiting') return;
    state.set(id, 'skipped');
    skipped += 1;
    const node = byId.get(id) as ExecutableNode<A>;
    emit({ type: 'action.skipped', node: id, resource: describe(node).resource, reason });
    for (const next of dependents.get(id) ?? []) skip(next, reason);
  };

  const start = (id: number) => {
    const node = byId.get(id) as ExecutableNode<A>;
    const { resource, verb } = describe(node);
    state.set(id, 'running');
    emit({ type: 'action.started', node: id, resource, verb, cause: node.cause, ...(node.group !== undefined ? { group: node.group } : {}) });
    const context: NodeContext = {
      node: id,
      signal: inner.signal,
      results,
      progress: (text, current, total) =>
        emit({ type: 'action.progress', node: id, resource, text, ...(current !== undefined ? { current } : {}), ...(total !== undefined ? { total } : {}) }),
      emit,
    };
    const task = (async () => {
      try {
        if (inner.signal.aborted) throw canceledError(resource.id);
        const outcome = await run(node, context);
        results.set(id, outcome);
        state.set(id, 'succeeded');
        succeeded += 1;
        emit({ type: 'action.succeeded', node: id, resource, status: outcome.status });
        for (const next of dependents.get(id) ?? []) {
          const left = (pending.get(next) ?? 0) - 1;
          pending.set(next, left);
          if (left === 0 && state.get(next) === 'waiting') ready.push(next);
        }
      } catch (thrown) {
        const error = asStackError(thrown);
        if (error.errorClass === 'Canceled' && inner.signal.aborted) {
          state.set(id, 'skipped');
          skipped += 1;
          emit({ type: 'action.skipped', node: id, resource, reason: 'canceled' });
          return;
        }
        state.set(id, 'failed');
        failed.push({ node: id, resource, error });
        emit({ type: 'action.failed', node: id, resource, error: eventError(error) });
        for (const next of dependents.get(id) ?? []) skip(next, `${resource.name} failed`);
      }
    })();
    const counts = options.unlimited?.(node) !== true;
    if (counts) limited += 1;
    running.add(task);
    void task.finally(() => {
      running.delete(task);
      if (counts) limited -= 1;
    });
  };

  try {
    for (;;) {
      ready.sort(byPriority);
      for (let i = 0; i < ready.length && !inner.signal.aborted; ) {
        const id = ready[i] as number;
        const node = byId.get(id) as ExecutableNode<A>;
        if (state.get(id) !== 'waiting') ready.splice(i, 1);
        else if (limited < limit || options.unlimited?.(node) === true) {
          ready.splice(i, 1);
          start(id);
        } else i += 1;
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const canceled = inner.signal.aborted;
  for (const node of nodes) if (state.get(node.id) === 'waiting') skip(node.id, canceled ? 'canceled' : 'not reached');
  return { succeeded, failed, skipped, canceled, results };
}
