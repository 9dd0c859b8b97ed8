import type { RuntimeClient, ContainerSummary } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import { callConcurrency, isWaitNode } from './concurrency.ts';
import { newActionEnv } from './action-env.ts';
import { runAction } from './actions.ts';
import type { EnginePlan } from './engine-actions.ts';
import type { EngineEvent, EventSink } from './events.ts';
import { executePlan, type ExecutionReport, type UnstampedEvent } from './executor.ts';
import { PlanRows } from './plan-events.ts';

/**
 * Runs a command's own plan (down, stop, start, kill, rm, pause, restart...)
 * as one pass of events: `pass.started`, `plan.ready`, the nodes, and
 * `pass.finished`. The same executor and handlers as `up`.
 */
export interface RunPassOptions {
  readonly client: RuntimeClient;
  readonly project?: Project;
  readonly plan: EnginePlan;
  readonly containers: ReadonlyMap<string, ContainerSummary>;
  readonly command: string;
  readonly emit: EventSink;
  readonly signal: AbortSignal;
  readonly parallel: number;
  readonly version: string;
  /** When waits give up (ms since the epoch): `start --wait-timeout`. */
  readonly deadline?: number;
  readonly now?: () => number;
}

export async function runPass(options: RunPassOptions): Promise<ExecutionReport> {
  const now = options.now ?? Date.now;
  const { plan } = options;
  const rows = new PlanRows(plan.nodes, plan.decisions, () => undefined);
  const emit = (event: UnstampedEvent) => options.emit({ ...event, at: now() } as EngineEvent);
  emit({ type: 'pass.started', project: plan.project, command: options.command, dryRun: false });
  emit({ type: 'plan.ready', ...rows.planned(plan.decisions, plan.nodes) });
  const env = newActionEnv({ client: options.client, ...(options.project ? { project: options.project } : {}), containers: options.containers, images: new Map(), rows, version: options.version, ...(options.deadline !== undefined ? { deadline: options.deadline } : {}) });
  const report = await executePlan({
    nodes: plan.nodes,
    run: (node, context) => runAction(node, env, context),
    describe: (node) => rows.describe(node),
    concurrency: callConcurrency(options.parallel),
      unlimited: isWaitNode,
    signal: options.signal,
    emit: options.emit,
    now,
  });
  emit({ type: 'pass.finished', ok: report.failed.length === 0 && !report.canceled, canceled: report.canceled, succeeded: report.succeeded, failed: report.failed.length, skipped: report.skipped });
  return report;
}
