import { StackError } from '../base/index.ts';
import type { ContainerRef } from '../planner/index.ts';
import type { ContainerSummary, RuntimeClient } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import type { NodeContext } from './executor.ts';
import type { PlanRows } from './plan-events.ts';
import { SerialLock } from './serial-lock.ts';

/** What every action handler reads: the runtime, the project, and what the pass learned so far. */
export interface ActionEnv {
  readonly client: RuntimeClient;
  /** Absent when a command works from labels only (`down -p x` without a file). */
  readonly project?: Project;
  /** The observed list entries of the project's containers, by id (a replacement takes over its predecessor's anonymous volumes from here). */
  readonly containers: ReadonlyMap<string, ContainerSummary>;
  /** Image reference → id: observed, then updated by each pull and build. */
  readonly images: Map<string, string>;
  readonly rows: PlanRows;
  /** stack's version, for labels. */
  readonly version: string;
  /**
   * Starts that make the engine pick host ports (ranges, or none given)
   * run one at a time: the engine's port allocation is not atomic across
   * concurrent starts (Compose serializes every start for this reason).
   */
  readonly portLock: SerialLock;
  /** `up --wait-timeout`: the moment waits give up, in ms since the epoch. */
  readonly deadline?: number;
}

export function newActionEnv(fields: Omit<ActionEnv, 'portLock'>): ActionEnv {
  return { ...fields, portLock: new SerialLock() };
}

/** The engine id of a container an action names: observed, or made by an earlier node of this pass. */
export function containerId(ref: ContainerRef, context: NodeContext): string {
  if (ref.source === 'observed') return ref.id;
  const id = context.results.get(ref.node)?.value;
  if (id === undefined) {
    throw new StackError({ code: 'STK9001', errorClass: 'Internal', message: `node #${ref.node} made no container for ${ref.name}` });
  }
  return id;
}
