import type { AwaitConditionAction } from '../planner/index.ts';
import { projectFilter, serviceFilter } from '../runtime/client/index.ts';
import { containerId, type ActionEnv } from './action-env.ts';
import { asStackError } from './action-error.ts';
import { awaitContainer, type WaitGoal } from './await-container.ts';
import type { AwaitReadyAction } from './engine-actions.ts';
import type { NodeContext, NodeOutcome } from './executor.ts';

/**
 * The two actions performed by observing rather than by one call: a
 * dependency's condition (`service_healthy`, `service_completed_successfully`),
 * and `up --wait`'s readiness of one container.
 */

const conditionWords = { service_started: 'started', service_healthy: 'healthy', service_completed_successfully: 'completed successfully' } as const;

export async function awaitCondition(action: AwaitConditionAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const condition = conditionWords[action.condition];
  const waiting = action.dependents.flatMap((service) => env.rows.replicaRows(service));
  for (const resource of waiting) context.emit({ type: 'wait.started', resource, dependency: action.service, condition });
  try {
    const status = await awaitService(action, env, context);
    for (const resource of waiting) context.emit({ type: 'wait.finished', resource, dependency: action.service, ok: true });
    return { status };
  } catch (thrown) {
    const error = asStackError(thrown);
    const canceled = error.errorClass === 'Canceled';
    if (!canceled) for (const resource of waiting) context.emit({ type: 'wait.finished', resource, dependency: action.service, ok: false, detail: error.message });
    if (action.required || canceled) throw error;
    context.emit({ type: 'message', level: 'warning', text: `${error.message}; ${action.dependents.join(', ')} start${action.dependents.length === 1 ? 's' : ''} anyway (required: false)` });
    return { status: 'Not ready' };
  }
}

async function awaitService(action: AwaitConditionAction, env: ActionEnv, context: NodeContext): Promise<string> {
  if (action.condition === 'service_started') return 'Started';
  const goal: WaitGoal = action.condition === 'service_healthy' ? { kind: 'healthy' } : { kind: 'completed' };
  const names = new Set(env.rows.replicaRows(action.service).map((r) => r.name));
  const listed = await env.client.listContainers({ all: true, labels: [projectFilter(action.project), serviceFilter(action.service), 'com.docker.compose.oneoff=False'], signal: context.signal });
  // The replicas this pass keeps (not a replacement's leftover, not one being scaled away).
  const containers = names.size > 0 ? listed.filter((c) => names.has(c.name)) : listed.filter((c) => !/^[0-9a-f]{12}_/.test(c.name));
  const statuses = await Promise.all(
    containers.map((c) => awaitContainer(env.client, c.id, goal, { signal: context.signal, service: action.service, progress: (text) => context.progress(text), ...(env.deadline !== undefined ? { deadline: env.deadline } : {}) })),
  );
  return statuses[0] ?? (goal.kind === 'healthy' ? 'Healthy' : 'Exited 0');
}

export async function awaitReady(action: AwaitReadyAction, env: ActionEnv, context: NodeContext): Promise<NodeOutcome> {
  const id = containerId(action.container, context);
  const goal: WaitGoal = { kind: 'ready', oneShot: action.oneShot, mustComplete: action.mustComplete };
  const status = await awaitContainer(env.client, id, goal, {
    signal: context.signal,
    service: action.service,
    progress: (text) => context.progress(text),
    ...(env.deadline !== undefined ? { deadline: env.deadline } : {}),
  });
  return { status, value: id };
}
