import type { ContainerRef } from './actions.ts';
import type { ReconcileContext } from './context.ts';
import { durationMs } from '../spec/index.ts';
import type { ResourceId } from './names.ts';
import type { ObservedContainer } from './observed.ts';
import type { NodeHandle } from './plan-builder.ts';

/**
 * Steps on existing containers that several reconcilers need: a stop that is
 * added once whoever asks first (a network recreate, a dependency's
 * recreate, a replacement), and a removal that waits for it and for any
 * network change on the same container.
 */

export function observedRef(container: ObservedContainer): ContainerRef {
  return { source: 'observed', id: container.id, name: container.name };
}

/** Whether a container has processes to stop (a paused one can be stopped too). */
export function isUp(container: ObservedContainer): boolean {
  return container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
}

/** The stop timeout: `-t`, else the service's `stop_grace_period`. */
export function stopTimeout(context: ReconcileContext, serviceName: string): { timeoutSeconds?: number } {
  const fromFlag = context.options.timeoutSeconds;
  if (fromFlag !== undefined) return { timeoutSeconds: fromFlag };
  const grace = context.project.services[serviceName]?.stop_grace_period;
  const ms = durationMs(grace);
  // Whole seconds, truncated, as Compose passes the stop timeout.
  return ms === undefined ? {} : { timeoutSeconds: Math.floor(ms / 1000) };
}

/** The node stopping a container, added on first request; later requests get the same node (their deps are added to it). */
export function stopOnce(
  context: ReconcileContext,
  resource: ResourceId,
  container: ObservedContainer,
  cause: string,
  group: string | undefined,
  deps: Iterable<NodeHandle | undefined> = [],
): NodeHandle {
  const existing = context.nodes.stops.get(container.id);
  if (existing !== undefined) return existing;
  const action = { kind: 'stopContainer' as const, container: observedRef(container), ...stopTimeout(context, container.service) };
  const handle = context.builder.add(resource, action, cause, group, deps);
  context.nodes.stops.set(container.id, handle);
  return handle;
}

/** Stop (when up) then remove; returns the removal node. */
export function removeSteps(
  context: ReconcileContext,
  resource: ResourceId,
  container: ObservedContainer,
  cause: string,
  group: string | undefined,
  deps: Iterable<NodeHandle | undefined> = [],
): NodeHandle {
  const stop = isUp(container) || context.nodes.stops.has(container.id) ? stopOnce(context, resource, container, cause, group) : undefined;
  const touches = context.nodes.networkTouches.get(container.id) ?? [];
  const removal = context.builder.add(resource, { kind: 'removeContainer', container: observedRef(container), removeVolumes: false }, cause, group, [stop, ...touches, ...deps]);
  context.nodes.removals.set(container.id, removal);
  return removal;
}

/** `remove:web#3` from `service:web#3`; `remove:app-web-1` from `container:app-web-1`. */
export function groupFor(verb: string, resource: ResourceId): string {
  return `${verb}:${resource.slice(resource.indexOf(':') + 1)}`;
}
