import { compareStrings } from '../base/index.ts';
import { groupFor, removeSteps } from './container-steps.ts';
import type { ReconcileContext } from './context.ts';
import { networkConfig, networkResource, replicaResource } from './names.ts';
import type { ObservedContainer } from './observed.ts';

/**
 * Orphans: containers of the project whose service the file no longer
 * defines (services disabled by a profile are not orphans: the file still
 * defines them). With `--remove-orphans` they are stopped and removed, and so
 * are the project's networks the file no longer declares, once nothing that
 * stays is attached; without it, one warning names them and nothing happens.
 */
export function findOrphans(context: ReconcileContext): ObservedContainer[] {
  const { project } = context;
  return context.observed.containers
    .filter((c) => !project.services[c.service] && !project.disabled_services[c.service])
    .sort((a, b) => compareStrings(a.service, b.service) || a.number - b.number || compareStrings(a.name, b.name));
}

export function reconcileOrphans(context: ReconcileContext, orphans: readonly ObservedContainer[]): void {
  if (context.options.removeOrphans === true) {
    for (const container of orphans) {
      const resource = orphanResource(container);
      removeSteps(context, resource, container, 'orphan', groupFor('remove', resource));
      context.decisions.push({ resource, bucket: 'remove', reasons: ['orphan'] });
    }
    removeOrphanNetworks(context);
    return;
  }
  if (orphans.length === 0) return;
  for (const container of orphans) {
    // A network recreate restarts an orphan it stopped; that is its decision then.
    if (context.nodes.stops.has(container.id)) continue;
    context.decisions.push({ resource: orphanResource(container), bucket: 'keep', reasons: ['orphan'] });
  }
  const services = [...new Set(orphans.map((c) => c.service))];
  context.diagnostics.push({
    code: 'STK4004',
    severity: 'warning',
    message: `found containers of services this project no longer defines (${services.join(', ')}): ${orphans.map((c) => c.name).join(', ')}`,
    hint: 'if you removed or renamed these services, run this command with --remove-orphans to remove them',
  });
}

function orphanResource(container: ObservedContainer): string {
  return container.oneoff ? `container:${container.name}` : replicaResource(container.service, container.number);
}

/** Networks of the project that no declared network names; removed once the containers attached to them are gone. */
function removeOrphanNetworks(context: ReconcileContext): void {
  const { project, observed } = context;
  const declared = new Set(Object.keys(project.networks).map((key) => networkConfig(project, key)?.name));
  declared.add(networkConfig(project, 'default')?.name);
  const orphans = observed.networks.filter((n) => !declared.has(n.name)).sort((a, b) => compareStrings(a.name, b.name));
  for (const network of orphans) {
    const attached = observed.containers.filter((c) => c.networks.includes(network.name));
    const staying = attached.filter((c) => !context.nodes.removals.has(c.id)).sort((a, b) => compareStrings(a.name, b.name));
    // By name: the key it was labelled with may be one the file now uses for another network.
    const resource = networkResource(network.name);
    if (staying.length > 0) {
      context.diagnostics.push({
        code: 'STK4013',
        severity: 'warning',
        message: `network "${network.name}" is no longer declared but ${staying.map((c) => `"${c.name}"`).join(', ')} still ${staying.length === 1 ? 'uses' : 'use'} it; it is kept`,
        hint: 'it is removed by a later `up --remove-orphans` once no container uses it, or by `stack down`',
      });
      context.decisions.push({ resource, bucket: 'keep', reasons: ['orphan, in use'] });
      continue;
    }
    const removals = attached.map((c) => context.nodes.removals.get(c.id));
    context.builder.add(resource, { kind: 'removeNetwork', key: network.key ?? network.name, name: network.name, id: network.id }, 'orphan', undefined, removals);
    context.decisions.push({ resource, bucket: 'remove', reasons: ['orphan'] });
  }
}
