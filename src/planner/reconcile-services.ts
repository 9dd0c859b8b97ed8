import { compareStrings } from '../base/index.ts';
import type { ContainerRef } from './actions.ts';
import { groupFor, isUp, observedRef, removeSteps, stopOnce } from './container-steps.ts';
import { pushTo, replicasOf, serviceConfigOf, type ReconcileContext } from './context.ts';
import type { ServicePlan, ReplicaDecision } from './decide-service.ts';
import { needsContainerAtCreate } from './dependencies.ts';
import { replicaResource, serviceResource, temporaryName } from './names.ts';
import type { NodeHandle } from './plan-builder.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from './usage.ts';

/**
 * Emits the nodes of the services in scope, in dependency order, from the
 * decisions already made (decide-service.ts):
 *
 * - create:   createContainer → startContainer
 * - recreate: createContainer (temporary name) → stop old → remove old →
 *             rename new → start new. The new container exists before the
 *             old one goes (Compose's invariant); the stop is the only gap.
 * - start:    startContainer
 * - restart:  stopContainer → startContainer; for a dependency recreated
 *             with `restart: true`, the stop comes before the old dependency
 *             is stopped, and the start after the new one started.
 * - remove:   stopContainer (when up) → removeContainer
 *
 * Every start waits for what the service depends on: the dependency's own
 * starts for `service_started`, an awaitCondition node (shared by the
 * services that wait for the same thing) for `service_healthy` and
 * `service_completed_successfully`.
 */
export function reconcileServices(context: ReconcileContext): void {
  for (const name of context.scope) {
    const plan = context.servicePlans.get(name);
    if (plan) emitService(context, plan);
  }
}

function emitService(context: ReconcileContext, plan: ServicePlan): void {
  const { builder, nodes, project, options } = context;
  const name = plan.service;
  const service = serviceConfigOf(context, name);
  const attachments: (NodeHandle | undefined)[] = [];
  for (const key of serviceNetworkKeys(service)) attachments.push(nodes.networks.get(key));
  for (const key of serviceVolumeKeys(service)) attachments.push(nodes.volumes.get(key));
  const infra = [nodes.images.get(plan.imageRef), ...attachments];

  const createNeeds: (NodeHandle | undefined)[] = [];
  const peers: Record<string, string[]> = {};
  const creates = plan.replicas.some((r) => r.bucket === 'create' || r.bucket === 'recreate');
  for (const dependency of context.graph.dependencies[name] ?? []) {
    if (!needsContainerAtCreate(dependency)) continue;
    createNeeds.push(...(nodes.materialized.get(dependency.service) ?? []));
    peers[dependency.service] = peerNames(context, dependency.service);
    if (creates && peers[dependency.service]?.length === 0) {
      context.diagnostics.push({
        code: 'STK4014',
        severity: 'error',
        message: `service "${name}" names a container of service "${dependency.service}" (${dependency.kinds.filter((k) => k !== 'depends_on').join(', ')}), which has none`,
        hint: `run at least one replica of "${dependency.service}" (its scale is 0, or --no-deps left it out)`,
      });
    }
  }

  // Leftovers hold the temporary names a replacement may want: they go first.
  const cleared: NodeHandle[] = [];
  for (const removal of plan.removals) {
    const handle = removeSteps(context, removal.resource, removal.container, removal.reason, groupFor('remove', removal.resource));
    if (removal.kind === 'leftover') cleared.push(handle);
  }

  let startDeps: NodeHandle[] | undefined;
  const waitForDependencies = (): NodeHandle[] => (startDeps ??= startDependencies(context, name));
  const start = (resource: string, container: ContainerRef, cause: string, group: string | undefined, deps: readonly (NodeHandle | undefined)[]): void => {
    const handle = builder.add(resource, { kind: 'startContainer', container }, cause, group, [...deps, ...waitForDependencies()]);
    pushTo(nodes.starts, name, handle);
  };

  for (const replica of plan.replicas) {
    const resource = replicaResource(name, replica.number);
    const cause = replica.reasons.join('; ');
    const create = (createName: string, group: string, replaces: ReplicaDecision['container']): NodeHandle =>
      builder.add(
        resource,
        {
          kind: 'createContainer',
          project: project.name,
          service: name,
          number: replica.number,
          name: createName,
          configHash: plan.configHash,
          config: plan.snapshot,
          imageRef: plan.imageRef,
          ...(replaces ? { replaces: { id: replaces.id, name: replaces.name } } : {}),
          inheritVolumes: replaces !== undefined && options.renewAnonVolumes !== true,
          peers,
        },
        cause,
        group,
        [...infra, ...createNeeds, ...cleared],
      );
    const old = replica.container;
    switch (replica.bucket) {
      case 'create': {
        const group = groupFor('create', resource);
        const created = create(replica.name, group, undefined);
        pushTo(nodes.materialized, name, created);
        if (options.noStart !== true) start(resource, { source: 'plan', node: created, name: replica.name }, cause, group, [created]);
        break;
      }
      case 'recreate': {
        if (!old) break;
        const group = groupFor('recreate', resource);
        const temporary = temporaryName(old.id, replica.name);
        const created = create(temporary, group, old);
        // A network recreate may have stopped it already (before anything else could be created): then its removal must wait for the replacement itself.
        const stoppedEarlier = nodes.stops.has(old.id);
        const stop = isUp(old) ? stopOnce(context, resource, old, cause, group, [created]) : undefined;
        const removal = removeSteps(context, resource, old, cause, group, stop === undefined || stoppedEarlier ? [created] : []);
        pushTo(nodes.teardowns, name, stop ?? removal);
        const rename = builder.add(resource, { kind: 'renameContainer', container: { source: 'plan', node: created, name: temporary }, name: replica.name }, cause, group, [removal]);
        pushTo(nodes.materialized, name, rename);
        if (options.noStart !== true) start(resource, { source: 'plan', node: created, name: replica.name }, cause, group, [rename]);
        break;
      }
      case 'start': {
        if (!old) break;
        start(resource, observedRef(old), cause, undefined, [...attachments, ...(nodes.networkTouches.get(old.id) ?? [])]);
        break;
      }
      case 'restart': {
        if (!old) break;
        const group = groupFor('restart', resource);
        const restarting = (context.graph.dependencies[name] ?? []).filter(
          (d) => d.restart && context.servicePlans.get(d.service)?.replicas.some((r) => r.bucket === 'recreate'),
        );
        // Stopped before the dependencies go, as Compose does, but not before their images are pulled or built:
        // that may take minutes. (Waiting for the replacements to be created too would make a circle when one
        // replacement needs another dependency's teardown: a chain of recreated services sharing a namespace.)
        const images = restarting.map((d) => nodes.images.get(context.servicePlans.get(d.service)?.imageRef ?? ''));
        const stop = stopOnce(context, resource, old, cause, group, images);
        for (const dependency of restarting) for (const teardown of nodes.teardowns.get(dependency.service) ?? []) builder.dependOn(teardown, [stop]);
        start(resource, observedRef(old), cause, group, [stop, ...(nodes.networkTouches.get(old.id) ?? [])]);
        break;
      }
      case 'keep':
      case 'stop':
      case 'remove':
        break;
    }
  }
}

/** The final names of a service's containers after this plan, lowest number first. */
function peerNames(context: ReconcileContext, service: string): string[] {
  const plan = context.servicePlans.get(service);
  if (plan) return plan.replicas.map((r) => r.name);
  return replicasOf(context.observed, service)
    .sort((a, b) => a.number - b.number || compareStrings(a.name, b.name))
    .map((c) => c.name);
}

/** What a start of this service waits for: each in-scope dependency's starts, or its shared awaitCondition node. */
function startDependencies(context: ReconcileContext, name: string): NodeHandle[] {
  const { nodes } = context;
  const out: NodeHandle[] = [];
  for (const dependency of context.graph.dependencies[name] ?? []) {
    const plan = context.servicePlans.get(dependency.service);
    // Out of scope (`--no-deps`) or scaled to zero: nothing to wait for.
    if (!plan || plan.scale === 0) continue;
    const starts = nodes.starts.get(dependency.service) ?? [];
    if (dependency.condition === 'service_started') {
      out.push(...starts);
      continue;
    }
    const key = `${dependency.service}|${dependency.condition}|${dependency.required}`;
    let wait = nodes.awaits.get(key);
    if (wait === undefined) {
      const waiting = waitingServices(context, dependency.service, dependency.condition, dependency.required);
      const action = {
        kind: 'awaitCondition' as const,
        project: context.project.name,
        service: dependency.service,
        condition: dependency.condition,
        required: dependency.required,
        dependents: waiting,
      };
      const cause = `${dependency.required ? 'required' : 'wanted'} by ${waiting.join(', ')}`;
      wait = context.builder.add(serviceResource(dependency.service), action, cause, undefined, starts);
      nodes.awaits.set(key, wait);
    }
    out.push(wait);
  }
  return out;
}

/** The services in scope that start something and wait for `service` to meet `condition`: named in the await node. */
function waitingServices(context: ReconcileContext, service: string, condition: string, required: boolean): string[] {
  const noStart = context.options.noStart === true;
  return context.scope.filter((name) => {
    const waits = (context.graph.dependencies[name] ?? []).some((d) => d.service === service && d.condition === condition && d.required === required);
    const plan = context.servicePlans.get(name);
    const starts = plan?.replicas.some((r) => r.bucket === 'start' || r.bucket === 'restart' || (!noStart && (r.bucket === 'create' || r.bucket === 'recreate')));
    return waits && starts === true;
  });
}
