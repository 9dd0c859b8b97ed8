import type { Action, ContainerRef, Plan, PlanNode, RemoveContainerAction } from '../planner/index.ts';
import type { ExecutableNode } from './executor.ts';

/**
 * The actions the engine runs: the planner's (one runtime call each, see
 * src/planner/actions.ts) and the few that only commands ask for (`kill`,
 * `pause`, `unpause`, `restart`, `down --rmi`, `up --wait`). Commands build
 * their nodes from observed containers; the executor runs them all alike.
 */
export interface KillContainerAction {
  readonly kind: 'killContainer';
  readonly container: ContainerRef;
  /** `SIGKILL` unless `-s` says otherwise. */
  readonly signal?: string;
}

export interface PauseContainerAction {
  readonly kind: 'pauseContainer';
  readonly container: ContainerRef;
}

export interface UnpauseContainerAction {
  readonly kind: 'unpauseContainer';
  readonly container: ContainerRef;
}

export interface RestartContainerAction {
  readonly kind: 'restartContainer';
  readonly container: ContainerRef;
  readonly timeoutSeconds?: number;
}

/** `down -t 0`: kill and remove in one call (the engine's `rm -f`), since a stop with no grace period is a kill anyway. */
export interface ForceRemoveContainerAction extends RemoveContainerAction {
  readonly force: true;
}

export interface RemoveImageAction {
  readonly kind: 'removeImage';
  readonly ref: string;
}

/** `up --wait`: one container reaches its desired end state (healthy, running, or exited 0 for a one-shot). */
export interface AwaitReadyAction {
  readonly kind: 'awaitReady';
  readonly container: ContainerRef;
  readonly service: string;
  /** A one-shot job (restart `no` or `on-failure`): exiting 0 is success, as is running when it has no health check. */
  readonly oneShot: boolean;
  /** A service others wait for with `service_completed_successfully`: only exiting 0 counts. */
  readonly mustComplete: boolean;
}

export type EngineAction = Action | ForceRemoveContainerAction | KillContainerAction | PauseContainerAction | UnpauseContainerAction | RestartContainerAction | RemoveImageAction | AwaitReadyAction;

export type EngineNode = ExecutableNode<EngineAction>;

/** A plan and what the UI needs to show it: one `PlannedResource` per decision. */
export interface EnginePlan {
  readonly project: string;
  readonly nodes: readonly EngineNode[];
  readonly decisions: Plan['decisions'];
}

/** The planner's nodes, renumbered from `offset + 1` (a replan continues the pass's numbering). */
export function offsetNodes(nodes: readonly PlanNode[], offset: number): EngineNode[] {
  if (offset === 0) return [...nodes];
  return nodes.map((node) => ({ ...node, id: node.id + offset, dependsOn: node.dependsOn.map((d) => d + offset), action: offsetAction(node.action, offset) }));
}

function offsetAction(action: Action, offset: number): Action {
  if (!('container' in action)) return action;
  const ref = action.container;
  return ref.source === 'plan' ? { ...action, container: { ...ref, node: ref.node + offset } } : action;
}
