import type { Diagnostic } from '../base/index.ts';
import type { Action } from './actions.ts';
import type { ResourceId } from './names.ts';

/**
 * A Plan: what `up` will do, decided before anything is done. The planner
 * returns it; `stack plan` prints it; the engine's executor walks its nodes
 * in parallel as their dependencies finish, one runtime call per node.
 */

/**
 * Where a resource lands (Nomad's "buckets"):
 * - `create`: it does not exist; make it (an image to pull or build counts).
 * - `recreate`: it exists but diverged (config, image, force); replace it
 *   (an image present and pulled or built again counts).
 * - `start`: it exists, is up to date, and is not running.
 * - `restart`: it runs and is up to date, but must be stopped and started
 *   around another change (a recreated dependency with `restart: true`, a
 *   recreated network).
 * - `stop`: it runs, and must be stopped but cannot be started again by
 *   this plan (a container outside the targets whose network is recreated
 *   while what it joined is replaced); a warning says why.
 * - `keep`: nothing to do (running, completed, paused, or an orphan left alone).
 * - `remove`: it goes (scaled down, orphan with `--remove-orphans`, a leftover).
 */
export type Bucket = 'create' | 'recreate' | 'start' | 'restart' | 'stop' | 'keep' | 'remove';

export const buckets: readonly Bucket[] = ['create', 'recreate', 'start', 'restart', 'stop', 'keep', 'remove'];

export interface Decision {
  /** `service:web#1`, `network:default`, `volume:data`, `image:nginx`. */
  readonly resource: ResourceId;
  readonly bucket: Bucket;
  /** Why, most important first: `config changed: environment.MODE`, `image changed`, `not found`, `orphan`, `scaled down`. */
  readonly reasons: readonly string[];
}

export interface PlanNode {
  /** 1..n in the order of `Plan.nodes`. */
  readonly id: number;
  readonly resource: ResourceId;
  readonly action: Action;
  /** Ids of the nodes that must finish first, ascending; always lower than `id`. */
  readonly dependsOn: readonly number[];
  /** The reason of the decision this node carries out, or what it serves (`replaced by #4`). */
  readonly cause: string;
  /** Nodes that make one user-visible step share a group: `recreate:web#1`, `create:web#2`, `remove:web#3`. */
  readonly group?: string;
}

export interface Plan {
  readonly project: string;
  /** Topologically ordered: every node comes after the nodes it depends on. Empty when there are errors. */
  readonly nodes: readonly PlanNode[];
  /** One per resource the pass considered, sorted by resource. Empty when there are errors. */
  readonly decisions: readonly Decision[];
  /** Errors (then nothing is planned) and warnings (orphans, a diverged volume), sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The plan pulls or builds an image that containers it keeps already run:
   * their image may change only once that action ran, so the engine plans
   * again after executing, and the next plan recreates those whose image did.
   */
  readonly replan: boolean;
}

/** True when the plan does nothing: `up` on a converged project. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.nodes.length === 0;
}
