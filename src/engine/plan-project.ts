import { reconcile, type Plan, type ReconcileOptions } from '../planner/index.ts';
import type { RuntimeClient } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import { readFileDigests } from './file-digests.ts';
import { observeProject, type Observation } from './observe.ts';
import { pullDue } from './pull-due.ts';

export interface PlannedPass {
  readonly plan: Plan;
  readonly observation: Observation;
}

/**
 * Everything `up` decides before it acts: the file digests, one observation
 * of the runtime, the due time-based pulls, and the planner's verdict. Shared
 * by `stack plan`, `up --dry-run` and `up` itself, so the three agree.
 */
export async function planProject(client: RuntimeClient, project: Project, options: ReconcileOptions, signal: AbortSignal, now: number = Date.now()): Promise<PlannedPass> {
  const [fileDigests, observation] = await Promise.all([readFileDigests(project), observeProject(client, project, { signal })]);
  const due = pullDue(project, observation.images, now);
  const plan = reconcile({ project, observed: observation.state, fileDigests, options: { ...options, ...(due.length > 0 ? { pullDue: due } : {}) } });
  return { plan, observation };
}
