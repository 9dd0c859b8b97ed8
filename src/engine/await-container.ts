import { isErrorClass, StackError, throwIfAborted } from '../base/index.ts';
import type { ContainerDetails, RuntimeClient } from '../runtime/client/index.ts';
import { ActionError } from './action-error.ts';

/**
 * Waits, by observing, until one container reaches a goal: inspect once,
 * then re-inspect on each engine event about it (health_status, die, start,
 * destroy) until the goal is met or cannot be anymore. No polling and no
 * sleep; the event subscription starts a second before the first inspect,
 * so an event between the two is replayed, never missed.
 *
 * - `healthy`: `service_healthy`. Unhealthy, or exited, fails.
 * - `completed`: `service_completed_successfully`. Exit 0 succeeds, any other exit fails.
 * - `ready`: `up --wait`. Healthy when it has a health check, else running;
 *   a one-shot job that exited 0 is ready too; `mustComplete` waits for the exit.
 */
export type WaitGoal =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'ready'; readonly oneShot: boolean; readonly mustComplete: boolean };

export interface AwaitOptions {
  readonly signal: AbortSignal;
  /** Milliseconds since the epoch after which the wait fails with STK4503. */
  readonly deadline?: number;
  /** The service, for messages. */
  readonly service: string;
  readonly progress?: (text: string) => void;
}

type Verdict = { readonly done: true; readonly status: string } | { readonly done: false; readonly text: string };

export async function awaitContainer(client: RuntimeClient, id: string, goal: WaitGoal, options: AwaitOptions): Promise<string> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    options.deadline === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          inner.abort();
        }, Math.max(0, options.deadline - Date.now()));
  let last: ContainerDetails | undefined;
  try {
    const since = Math.floor(Date.now() / 1000) - 1;
    last = await client.inspectContainer(id, { signal: inner.signal });
    let verdict = judge(last, goal, options.service);
    if (verdict.done) return verdict.status;
    options.progress?.(verdict.text);
    for await (const event of client.events({ containers: [id], types: ['container'], since, signal: inner.signal })) {
      if (event.action === 'destroy') throw gone(options.service, last.name);
      last = await client.inspectContainer(id, { signal: inner.signal });
      verdict = judge(last, goal, options.service);
      if (verdict.done) return verdict.status;
      options.progress?.(verdict.text);
    }
    throwIfAborted(options.signal);
    if (timedOut) throw timeout(options.service, last);
    throw new StackError({ code: 'STK5001', errorClass: 'Unavailable', message: 'the engine closed its event stream', hint: 'check that the engine is still running' });
  } catch (error) {
    if (timedOut && !options.signal.aborted) throw timeout(options.service, last);
    if (isErrorClass(error, 'NotFound')) throw gone(options.service, last?.name ?? id);
    if (error instanceof ActionError && (error.code === 'STK4501' || error.code === 'STK4502')) throw await withLogTail(client, id, error);
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    inner.abort();
  }
}

/** Pure: whether a container's state meets the goal, has failed it, or is still on its way. */
export function judge(details: ContainerDetails, goal: WaitGoal, service: string): Verdict {
  const name = details.name;
  const exited = details.state === 'exited' || details.state === 'dead';
  const code = details.exitCode ?? 0;
  if (goal.kind === 'completed' || (goal.kind === 'ready' && goal.mustComplete)) {
    if (exited && code === 0) return { done: true, status: 'Exited 0' };
    if (exited) throw failed('STK4502', service, name, `exited with code ${code}`, `exit code ${code}`);
    return { done: false, text: `waiting for ${name} to exit` };
  }
  const hasCheck = details.config.hasHealthcheck;
  if (goal.kind === 'healthy' && !hasCheck) {
    throw new ActionError({
      code: 'STK4501',
      errorClass: 'FailedPrecondition',
      message: `service "${service}" is waited for with service_healthy but ${name} has no health check`,
      hint: `add a \`healthcheck:\` to "${service}", or wait for it with service_started`,
      resource: `service:${service}`,
    });
  }
  if (exited) {
    if (goal.kind === 'ready' && goal.oneShot && code === 0) return { done: true, status: 'Exited 0' };
    throw failed('STK4502', service, name, `exited with code ${code}`, `exit code ${code}`);
  }
  if (details.health === 'unhealthy') {
    const output = details.healthLog.at(-1);
    const detail = output === undefined ? undefined : `health check exited ${output.exitCode}: ${output.output.trim()}`;
    throw failed('STK4501', service, name, 'is unhealthy', detail);
  }
  if (details.state !== 'running') return { done: false, text: `${name} is ${details.state}` };
  if (!hasCheck) return { done: true, status: 'Running' };
  if (details.health === 'healthy') return { done: true, status: 'Healthy' };
  const streak = details.failingStreak;
  return { done: false, text: `health: starting${streak > 0 ? ` (${streak} failing check${streak === 1 ? '' : 's'})` : ''}` };
}

function failed(code: 'STK4501' | 'STK4502', service: string, name: string, what: string, detail: string | undefined): ActionError {
  return new ActionError({
    code,
    errorClass: 'FailedPrecondition',
    message: `service "${service}": container ${name} ${what}`,
    hint: `see \`stack logs ${service}\` for its output`,
    resource: `service:${service}`,
    ...(detail !== undefined ? { detail } : {}),
  });
}

function timeout(service: string, last: ContainerDetails | undefined): ActionError {
  const health = last?.healthLog.at(-1);
  const state = last === undefined ? 'unknown' : last.health !== undefined ? `${last.state}, health ${last.health}` : last.state;
  return new ActionError({
    code: 'STK4503',
    errorClass: 'Timeout',
    message: `service "${service}" was not ready in time (container ${last?.name ?? '?'}: ${state})`,
    hint: 'raise --wait-timeout, or see `stack logs` and `stack ps` for why it is slow',
    resource: `service:${service}`,
    ...(health !== undefined ? { detail: `last health check exited ${health.exitCode}: ${health.output.trim()}` } : {}),
  });
}

function gone(service: string, name: string): ActionError {
  return new ActionError({
    code: 'STK4502',
    errorClass: 'FailedPrecondition',
    message: `service "${service}": container ${name} was removed while it was waited for`,
    hint: 'run `stack up` again',
    resource: `service:${service}`,
  });
}

/** The failure with the container's last log lines added to its detail, so the reason is on screen. */
async function withLogTail(client: RuntimeClient, id: string, error: ActionError): Promise<ActionError> {
  const lines: string[] = [];
  try {
    for await (const line of client.containerLogs(id, { tail: 5, signal: AbortSignal.timeout(5_000) })) lines.push(line.line);
  } catch {
    return error;
  }
  if (lines.length === 0) return error;
  const detail = [error.detail, 'last log lines:', ...lines.map((l) => `  ${l}`)].filter((l) => l !== undefined).join('\n');
  return new ActionError({ code: error.code, errorClass: error.errorClass, message: error.message, hint: error.hint, resource: error.resource, detail });
}
