import { hasErrors, type Diagnostic } from '../base/index.ts';
import type { Plan, ReconcileOptions } from '../planner/index.ts';
import { projectFilter, type RuntimeClient } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import { callConcurrency, isWaitNode } from './concurrency.ts';
import { newActionEnv, type ActionEnv } from './action-env.ts';
import { runAction } from './actions.ts';
import { offsetNodes, type EngineNode } from './engine-actions.ts';
import type { EngineEvent, EventSink } from './events.ts';
import { executePlan, type FailedNode, type UnstampedEvent } from './executor.ts';
import type { Observation } from './observe.ts';
import { PlanRows } from './plan-events.ts';
import { planProject, type PlannedPass } from './plan-project.ts';
import { networkNameOf, volumeNameOf } from './project-names.ts';
import { waitNodes } from './wait-nodes.ts';

/**
 * One level-triggered pass of `up`: observe, plan, execute; plan again when
 * the plan pulled or built an image that kept containers run (only then is
 * its new id known); then, with `--wait`, wait for every service to reach
 * its desired end state. A pass killed at any point leaves a state the next
 * pass finishes: every object carries its labels from the call that made it.
 */
export interface ConvergeOptions {
  readonly client: RuntimeClient;
  readonly project: Project;
  readonly reconcile: ReconcileOptions;
  readonly emit: EventSink;
  readonly signal: AbortSignal;
  /** At most this many runtime calls at once; 0 or less: no limit. */
  readonly parallel: number;
  /** stack's version, for labels. */
  readonly version: string;
  /** For `pass.started`: `up`, `create`, `run`... */
  readonly command: string;
  /**
   * `stack run svc`: converge what svc needs (images, networks, volumes,
   * dependencies) but not svc's own replicas: the one-off container is the
   * command's to make.
   */
  readonly withoutReplicasOf?: string;
  /** `--wait`: the services to wait for (all in scope when empty) and the deadline. */
  readonly wait?: { readonly services: readonly string[]; readonly timeoutMs?: number };
  readonly now?: () => number;
}

export interface ConvergeResult {
  /** The first plan of the pass (what `--dry-run` would have printed). */
  readonly plan: Plan;
  /** The plan's diagnostics: errors mean nothing was done. */
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: readonly FailedNode[];
  readonly canceled: boolean;
  /** The observation the pass started from. */
  readonly observation: Observation;
}

export async function converge(options: ConvergeOptions): Promise<ConvergeResult> {
  const { client, project, signal } = options;
  const now = options.now ?? Date.now;
  const emit = (event: UnstampedEvent) => options.emit({ ...event, at: now() } as EngineEvent);
  const first = withoutReplicas(await planProject(client, project, options.reconcile, signal, now()), options.withoutReplicasOf);
  if (hasErrors(first.plan.diagnostics)) return { plan: first.plan, diagnostics: first.plan.diagnostics, failed: [], canceled: false, observation: first.observation };

  emit({ type: 'pass.started', project: project.name, command: options.command, dryRun: false });
  for (const d of first.plan.diagnostics) emit({ type: 'message', level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info', text: `${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ''}` });
  const failed: FailedNode[] = [];
  let succeeded = 0;
  let skipped = 0;
  let canceled = false;
  const images = new Map(Object.entries(first.observation.state.images));
  const run = async (nodes: readonly EngineNode[], rows: PlanRows, containers: Observation['containers'], deadline?: number) => {
    const env: ActionEnv = newActionEnv({ client, project, containers, images, rows, version: options.version, ...(deadline !== undefined ? { deadline } : {}) });
    const report = await executePlan({
      nodes,
      run: (node, context) => runAction(node, env, context),
      describe: (node) => rows.describe(node),
      concurrency: callConcurrency(options.parallel),
      unlimited: isWaitNode,
      signal,
      emit: options.emit,
      now,
    });
    failed.push(...report.failed);
    succeeded += report.succeeded;
    skipped += report.skipped;
    canceled ||= report.canceled;
  };

  let offset = 0;
  let pass = first;
  for (let round = 0; round < 2; round++) {
    const nodes = offsetNodes(pass.plan.nodes, offset);
    const rows = new PlanRows(nodes, pass.plan.decisions, (resource) => displayName(project, resource));
    emit({ type: 'plan.ready', ...rows.planned(pass.plan.decisions, nodes) });
    await run(nodes, rows, pass.observation.containers);
    offset += nodes.length;
    if (!pass.plan.replan || failed.length > 0 || canceled) break;
    pass = withoutReplicas(await planProject(client, project, options.reconcile, signal, now()), options.withoutReplicasOf);
    if (hasErrors(pass.plan.diagnostics) || pass.plan.nodes.length === 0) break;
  }

  if (options.wait && failed.length === 0 && !canceled) {
    const services = options.wait.services.length > 0 ? options.wait.services : Object.keys(project.services);
    const listed = await client.listContainers({ all: true, labels: [projectFilter(project.name)], signal });
    const nodes = waitNodes(project, services, listed, offset + 1);
    const rows = new PlanRows(nodes, [], () => undefined);
    const deadline = options.wait.timeoutMs !== undefined ? now() + options.wait.timeoutMs : undefined;
    await run(nodes, rows, new Map(listed.map((c) => [c.id, c])), deadline);
  }

  emit({ type: 'pass.finished', ok: failed.length === 0 && !canceled, canceled, succeeded, failed: failed.length, skipped });
  return { plan: first.plan, diagnostics: first.plan.diagnostics, failed, canceled, observation: first.observation };
}

/** The plan without the nodes and decisions of one service's replicas (nothing else depends on them: the service is the only target). */
function withoutReplicas(pass: PlannedPass, service: string | undefined): PlannedPass {
  if (service === undefined) return pass;
  const mine = (resource: string) => resource.startsWith(`service:${service}#`);
  const plan = { ...pass.plan, nodes: pass.plan.nodes.filter((n) => !mine(n.resource)), decisions: pass.plan.decisions.filter((d) => !mine(d.resource)) };
  return { ...pass, plan };
}

/** The runtime name of a plan resource that no node names (a kept network or volume). */
function displayName(project: Project, resource: string): string | undefined {
  const colon = resource.indexOf(':');
  const kind = resource.slice(0, colon);
  const key = resource.slice(colon + 1);
  if (kind === 'network') return project.networks[key] || key === 'default' ? networkNameOf(project, key) : key;
  if (kind === 'volume') return project.volumes[key] ? volumeNameOf(project, key) : key;
  const replica = /^service:(.+)#(\d+)$/.exec(resource);
  if (replica) {
    const service = project.services[replica[1] as string];
    return service?.container_name ?? `${project.name}-${replica[1]}-${replica[2]}`;
  }
  return undefined;
}
