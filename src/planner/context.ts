import { InternalError, type Diagnostic } from '../base/index.ts';
import type { Project, ServiceConfig } from '../spec/index.ts';
import type { ProjectGraph } from './graph.ts';
import type { FileDigests } from './hash.ts';
import type { ObservedContainer, ObservedState } from './observed.ts';
import type { ReconcileOptions, RecreatePolicy } from './options.ts';
import type { Decision } from './plan.ts';
import type { NodeHandle, PlanBuilder } from './plan-builder.ts';
import type { ServicePlan } from './decide-service.ts';

/**
 * The state of one reconcile pass, shared by the per-kind reconcilers. The
 * decisions are made first (which containers are kept, recreated, removed);
 * the registries then let a reconciler emitting nodes for one resource hook
 * them onto the nodes another reconciler emitted for another.
 */
export interface ReconcileContext {
  readonly project: Project;
  readonly observed: ObservedState;
  readonly options: ReconcileOptions;
  readonly digests: FileDigests;
  readonly graph: ProjectGraph;
  /** Services this pass manages: the targets and, unless `--no-deps`, what they depend on. In dependency order. */
  readonly scope: readonly string[];
  /** Recreate policy per service in scope. */
  readonly policies: ReadonlyMap<string, RecreatePolicy>;
  readonly builder: PlanBuilder;
  readonly decisions: Decision[];
  readonly diagnostics: Diagnostic[];
  /** Decided services, by name (filled before any node is emitted). */
  readonly servicePlans: Map<string, ServicePlan>;
  /** Container id → what happens to it (for orphans and out-of-scope containers too). */
  readonly fates: Map<string, ContainerFate>;
  readonly nodes: Registries;
}

/** What the plan does to an observed container, as far as other reconcilers care. */
export type ContainerFate = 'kept' | 'removed' | 'replaced';

export interface Registries {
  /** Image reference → its pull or build node. */
  readonly images: Map<string, NodeHandle>;
  /** Network key → the node that creates it. */
  readonly networks: Map<string, NodeHandle>;
  /** Volume key → the node that creates it. */
  readonly volumes: Map<string, NodeHandle>;
  /** Container id → the node stopping it, so it is stopped once whoever asks. */
  readonly stops: Map<string, NodeHandle>;
  /** Container id → disconnect/connect nodes of a network recreate: its removal or start waits for them. */
  readonly networkTouches: Map<string, NodeHandle[]>;
  /** Container id → the node removing it. */
  readonly removals: Map<string, NodeHandle>;
  /** Service → nodes after which its containers exist under their final names (fresh creates, renames). */
  readonly materialized: Map<string, NodeHandle[]>;
  /** Service → its start nodes. */
  readonly starts: Map<string, NodeHandle[]>;
  /** Service → the first node taking down each replaced container (its stop, else its removal). */
  readonly teardowns: Map<string, NodeHandle[]>;
  /** `service|condition|required` → its awaitCondition node. */
  readonly awaits: Map<string, NodeHandle>;
}

export function newRegistries(): Registries {
  return {
    images: new Map(),
    networks: new Map(),
    volumes: new Map(),
    stops: new Map(),
    networkTouches: new Map(),
    removals: new Map(),
    materialized: new Map(),
    starts: new Map(),
    teardowns: new Map(),
    awaits: new Map(),
  };
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const replicaIndex = new WeakMap<ObservedState, Map<string, ObservedContainer[]>>();

/** The project's replicas of a service (one-off `run` containers are never replicas), as a fresh array. */
export function replicasOf(observed: ObservedState, service: string): ObservedContainer[] {
  // Indexed once per observed state: a per-service scan of every container is quadratic in large projects.
  let index = replicaIndex.get(observed);
  if (!index) {
    index = new Map();
    for (const container of observed.containers) {
      if (container.oneoff) continue;
      const list = index.get(container.service);
      if (list) list.push(container);
      else index.set(container.service, [container]);
    }
    replicaIndex.set(observed, index);
  }
  return [...(index.get(service) ?? [])];
}

export function serviceConfigOf(context: ReconcileContext, name: string): ServiceConfig {
  const service = context.project.services[name];
  if (!service) throw new InternalError(`service "${name}" is not in the project`);
  return service;
}
