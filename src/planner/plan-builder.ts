import { InternalError } from '../base/index.ts';
import type { Action, ContainerRef } from './actions.ts';
import type { ResourceId } from './names.ts';
import { MinHeap } from './min-heap.ts';
import type { PlanNode } from './plan.ts';

/**
 * Collects plan nodes in any order and numbers them at the end. The
 * reconcilers add a node when they reach it, and may add a dependency to a
 * node added earlier (a dependent's stop that must precede a dependency's
 * stop); `finish` then numbers the nodes 1..n topologically, taking the
 * earliest-added ready node first, so ids follow the order of reconciling
 * wherever the dependencies allow and always point backwards.
 *
 * A handle is the node's index in insertion order. Actions that name a node
 * (`ContainerRef` with `source: 'plan'`) carry the handle until `finish`
 * rewrites it to the final id.
 */
export type NodeHandle = number;

interface Draft {
  readonly resource: ResourceId;
  readonly action: Action;
  readonly cause: string;
  readonly group: string | undefined;
  readonly deps: Set<NodeHandle>;
}

export class PlanBuilder {
  readonly #drafts: Draft[] = [];

  add(resource: ResourceId, action: Action, cause: string, group: string | undefined, deps: Iterable<NodeHandle | undefined> = []): NodeHandle {
    const handle = this.#drafts.length;
    this.#drafts.push({ resource, action, cause, group, deps: new Set() });
    this.dependOn(handle, deps);
    return handle;
  }

  dependOn(node: NodeHandle, deps: Iterable<NodeHandle | undefined>): void {
    const draft = this.#drafts[node];
    if (!draft) throw new InternalError(`plan node ${node} does not exist`);
    for (const dep of deps) {
      if (dep === undefined || dep === node) continue;
      if (!this.#drafts[dep]) throw new InternalError(`plan node ${dep} does not exist`);
      draft.deps.add(dep);
    }
  }

  get size(): number {
    return this.#drafts.length;
  }

  finish(): PlanNode[] {
    const count = this.#drafts.length;
    const waiting = new Array<number>(count).fill(0);
    const dependents: NodeHandle[][] = Array.from({ length: count }, () => []);
    this.#drafts.forEach((draft, handle) => {
      waiting[handle] = draft.deps.size;
      for (const dep of draft.deps) dependents[dep]?.push(handle);
    });
    const ready = new MinHeap<NodeHandle>((a, b) => a - b);
    for (let handle = 0; handle < count; handle++) if (waiting[handle] === 0) ready.push(handle);
    const idOf = new Array<number>(count).fill(0);
    const order: NodeHandle[] = [];
    while (ready.size > 0) {
      const handle = ready.pop() as NodeHandle;
      order.push(handle);
      idOf[handle] = order.length;
      for (const next of dependents[handle] ?? []) {
        const left = (waiting[next] ?? 0) - 1;
        waiting[next] = left;
        if (left === 0) ready.push(next);
      }
    }
    if (order.length !== count) {
      const stuck = this.#drafts.flatMap((d, handle) => (idOf[handle] === 0 ? [`${handle}:${d.resource} ${d.action.kind} <- ${[...d.deps].join(',')}`] : []));
      throw new InternalError(`the plan has a dependency cycle among: ${stuck.join('; ')}`);
    }
    return order.map((handle) => {
      const draft = this.#drafts[handle] as Draft;
      const node: PlanNode = {
        id: idOf[handle] as number,
        resource: draft.resource,
        action: renumberAction(draft.action, idOf),
        dependsOn: [...draft.deps].map((dep) => idOf[dep] as number).sort((a, b) => a - b),
        cause: draft.cause,
      };
      return draft.group === undefined ? node : { ...node, group: draft.group };
    });
  }
}

function renumberAction(action: Action, idOf: readonly number[]): Action {
  if (!('container' in action)) return action;
  return { ...action, container: renumberRef(action.container, idOf) };
}

function renumberRef(ref: ContainerRef, idOf: readonly number[]): ContainerRef {
  return ref.source === 'plan' ? { ...ref, node: idOf[ref.node] as number } : ref;
}
