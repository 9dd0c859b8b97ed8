import { compareStrings } from '../base/index.ts';
import type { NetworkConfig } from '../spec/index.ts';
import { groupFor, isUp, observedRef, stopOnce } from './container-steps.ts';
import { pushTo, serviceConfigOf, type ReconcileContext } from './context.ts';
import { joinedGone } from './decide-service.ts';
import { networkConfigHash } from './hash.ts';
import { networkConfig, networkResource, replicaResource } from './names.ts';
import type { ObservedContainer, ObservedNetwork } from './observed.ts';
import { serviceNetworkKeys } from './usage.ts';

/**
 * Networks the services in scope use: create the missing ones, and recreate
 * those whose config hash diverged. A network cannot be removed while
 * containers are attached, and is not worth losing them for, so a recreate
 * is: stop the attached containers, disconnect them, remove the network,
 * create it, reconnect the ones that stay, and start again those that ran.
 * Containers that this plan replaces or removes are not reconnected.
 *
 * Runs after the services are decided (it needs their fates) and before
 * they are emitted (their starts wait for the reconnects).
 */
export function reconcileNetworks(context: ReconcileContext): void {
  const { project, observed } = context;
  const keys = new Set<string>();
  for (const name of context.scope) for (const key of serviceNetworkKeys(serviceConfigOf(context, name))) keys.add(key);

  const interrupted = new Map<string, { container: ObservedContainer; keys: string[] }>();
  for (const key of [...keys].sort(compareStrings)) {
    const config = networkConfig(project, key);
    if (!config || config.external) continue;
    const resource = networkResource(key);
    const hash = networkConfigHash(config);
    const found = observed.networks.find((n) => n.name === config.name);
    if (!found) {
      context.nodes.networks.set(key, context.builder.add(resource, createAction(context, key, config, hash), 'not found', undefined));
      context.decisions.push({ resource, bucket: 'create', reasons: ['not found'] });
    } else if (found.configHash !== undefined && found.configHash !== hash) {
      for (const container of recreateNetwork(context, key, config, hash, found)) {
        const entry = interrupted.get(container.id);
        if (entry) entry.keys.push(key);
        else interrupted.set(container.id, { container, keys: [key] });
      }
      context.decisions.push({ resource, bucket: 'recreate', reasons: ['config changed'] });
    } else {
      context.decisions.push({ resource, bucket: 'keep', reasons: ['exists'] });
    }
  }
  restartInterrupted(context, [...interrupted.values()]);
}

function createAction(context: ReconcileContext, key: string, config: NetworkConfig, configHash: string) {
  return { kind: 'createNetwork' as const, project: context.project.name, key, name: config.name, configHash, config };
}

/** Emits the recreate sequence; returns the containers it stopped that stay (to be started again). */
function recreateNetwork(context: ReconcileContext, key: string, config: NetworkConfig, hash: string, found: ObservedNetwork): ObservedContainer[] {
  const { builder, nodes } = context;
  const group = `recreate:network:${key}`;
  const cause = `network ${key} recreated`;
  const attached = context.observed.containers
    .filter((c) => c.networks.includes(found.name))
    .sort((a, b) => compareStrings(a.name, b.name));

  const disconnects = new Map<string, number>();
  for (const container of attached) {
    const resource = replicaResource(container.service, container.number);
    const stop = isUp(container) ? stopOnce(context, resource, container, cause, group) : undefined;
    const action = { kind: 'disconnectNetwork' as const, container: observedRef(container), key, network: found.name };
    const handle = builder.add(resource, action, cause, group, [stop]);
    disconnects.set(container.id, handle);
    pushTo(nodes.networkTouches, container.id, handle);
  }
  const removal = builder.add(networkResource(key), { kind: 'removeNetwork', key, name: found.name, id: found.id }, 'config changed', group, disconnects.values());
  const creation = builder.add(networkResource(key), createAction(context, key, config, hash), 'config changed', group, [removal]);
  nodes.networks.set(key, creation);

  const interrupted: ObservedContainer[] = [];
  for (const container of attached) {
    if ((context.fates.get(container.id) ?? 'kept') !== 'kept') continue;
    const endpoint = context.project.services[container.service]?.networks?.[key] ?? undefined;
    const action = {
      kind: 'connectNetwork' as const,
      container: observedRef(container),
      key,
      network: config.name,
      aliases: [container.service, ...(endpoint?.aliases ?? [])],
      ...(endpoint ? { endpoint } : {}),
    };
    const handle = builder.add(replicaResource(container.service, container.number), action, cause, group, [creation, disconnects.get(container.id)]);
    pushTo(nodes.networkTouches, container.id, handle);
    if (isUp(container)) interrupted.push(container);
  }
  return interrupted;
}

/**
 * A container a network recreate stopped must run again. Replicas of
 * services in scope are started by the services reconciler (after their
 * dependencies, like any start): here they only move to `restart`. Others
 * (services outside the targets, orphans left alone) are started here.
 */
function restartInterrupted(context: ReconcileContext, containers: readonly { container: ObservedContainer; keys: string[] }[]): void {
  for (const { container, keys } of [...containers].sort((a, b) => compareStrings(a.container.name, b.container.name))) {
    const reason = `network ${keys.join(', ')} recreated`;
    const resource = replicaResource(container.service, container.number);
    const replica = context.servicePlans.get(container.service)?.replicas.find((r) => r.container?.id === container.id);
    const gone = brokenJoin(context, container);
    if (gone !== undefined) {
      context.diagnostics.push(joinedGone(container, gone, `is stopped to recreate network ${keys.join(', ')} and cannot start again`));
      const reasons = [reason, `joined container ${gone} goes`];
      if (replica) {
        replica.bucket = 'stop';
        replica.reasons.splice(0, replica.reasons.length, ...reasons);
      } else {
        context.decisions.push({ resource, bucket: 'stop', reasons });
      }
      continue;
    }
    if (replica) {
      if (replica.bucket === 'keep') replica.bucket = 'restart';
      if (!replica.reasons.includes(reason)) replica.reasons.push(reason);
      if (replica.reasons[0] === 'running') replica.reasons.shift();
      continue;
    }
    const touches = context.nodes.networkTouches.get(container.id) ?? [];
    const stop = context.nodes.stops.get(container.id);
    context.builder.add(resource, { kind: 'startContainer', container: observedRef(container) }, reason, groupFor('restart', resource), [stop, ...touches]);
    context.decisions.push({ resource, bucket: 'restart', reasons: [reason] });
  }
}

/** A container it joined (namespace, volumes) that will not exist after this plan: starting it would fail. */
function brokenJoin(context: ReconcileContext, container: ObservedContainer): string | undefined {
  const surviving = context.observed.containers.filter((c) => (context.fates.get(c.id) ?? 'kept') === 'kept');
  const exists = (ref: string): boolean => surviving.some((c) => c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref)));
  return [...(container.joined ?? [])].sort(compareStrings).find((ref) => !exists(ref));
}
