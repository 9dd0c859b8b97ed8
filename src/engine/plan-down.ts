import { compareStrings } from '../base/index.ts';
import { imageRef, serviceDependencies, type Decision, type ObservedContainer } from '../planner/index.ts';
import { composeLabel, parseComposeLabels } from '../runtime/client/index.ts';
import type { Project } from '../spec/index.ts';
import type { EngineNode, EnginePlan } from './engine-actions.ts';
import type { Observation } from './observe.ts';

/**
 * `down` as a plan (pure): every container of the project stopped and
 * removed, dependents before what they depend on; then the project's
 * networks; with `-v` its named volumes (and each container's anonymous
 * ones); with `--rmi` its images. It works from the labels alone when there
 * is no compose file (`down -p name`): the dependency order then comes from
 * each container's `com.docker.compose.depends_on` label. Only objects
 * carrying the project label are ever removed, and never an external one.
 */
export interface DownOptions {
  /** `-v`: named volumes of the project and the containers' anonymous volumes. */
  readonly volumes?: boolean;
  /** `--remove-orphans`: containers of services the file no longer defines, and one-off containers. */
  readonly removeOrphans?: boolean;
  /** `--rmi local`: images built for the project; `all`: every image its services use. */
  readonly rmi?: 'local' | 'all';
  /** `-t`: seconds before SIGKILL. */
  readonly timeoutSeconds?: number;
}

export function planDown(observation: Observation, project: Project | undefined, options: DownOptions): EnginePlan {
  const name = observation.state.project;
  const known = project ? new Set([...Object.keys(project.services), ...Object.keys(project.disabled_services)]) : undefined;
  const containers = observation.state.containers
    .filter((c) => (c.oneoff || (known !== undefined && !known.has(c.service)) ? options.removeOrphans === true : true))
    .sort((a, b) => compareStrings(a.service, b.service) || a.number - b.number || compareStrings(a.name, b.name));
  const dependents = dependentsOf(observation, project);
  const nodes: EngineNode[] = [];
  const decisions: Decision[] = [];
  const add = (node: Omit<EngineNode, 'id'>): number => {
    const id = nodes.length + 1;
    nodes.push({ ...node, id });
    return id;
  };

  // Visit dependents first: a container's stop waits for the stops of the containers that depend on it.
  const order = topologicalDown(containers, dependents);
  const firstOf = new Map<string, number>();
  const removals: number[] = [];
  for (const container of order) {
    const resource = resourceOf(container);
    const orphan = container.oneoff || (known !== undefined && !known.has(container.service));
    const cause = orphan ? 'orphan' : 'down';
    const waitFor = [...(dependents.get(container.service) ?? [])].flatMap((service) => containers.filter((c) => c.service === service && !c.oneoff).map((c) => firstOf.get(c.id) ?? 0)).filter((id) => id > 0);
    const ref = { source: 'observed' as const, id: container.id, name: container.name };
    const group = `remove:${resource.slice(resource.indexOf(':') + 1)}`;
    const up = container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
    if (up && options.timeoutSeconds === 0) {
      // No grace period: the stop would be a kill; the engine kills and removes in one call.
      const remove = add({ resource, action: { kind: 'removeContainer', container: ref, removeVolumes: options.volumes === true, force: true }, dependsOn: sorted(waitFor), cause, group });
      firstOf.set(container.id, remove);
      removals.push(remove);
      decisions.push({ resource, bucket: 'remove', reasons: [cause] });
      continue;
    }
    const stop = up ? add({ resource, action: { kind: 'stopContainer', container: ref, ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}) }, dependsOn: sorted(waitFor), cause, group }) : undefined;
    const remove = add({ resource, action: { kind: 'removeContainer', container: ref, removeVolumes: options.volumes === true }, dependsOn: stop !== undefined ? [stop] : sorted(waitFor), cause, group });
    firstOf.set(container.id, stop ?? remove);
    removals.push(remove);
    decisions.push({ resource, bucket: 'remove', reasons: [cause] });
  }

  const external = new Set<string>();
  for (const network of Object.values(project?.networks ?? {})) if (network.external) external.add(network.name);
  for (const volume of Object.values(project?.volumes ?? {})) if (volume.external) external.add(volume.name);
  const ours = (labels: Readonly<Record<string, string>> | undefined, runtimeName: string) => labels?.[composeLabel.project] === name && !external.has(runtimeName);

  for (const network of observation.state.networks) {
    if (!ours(observation.labels.networks.get(network.name), network.name)) continue;
    const resource = `network:${network.key ?? network.name}`;
    add({ resource, action: { kind: 'removeNetwork', key: network.key ?? network.name, name: network.name, id: network.id }, dependsOn: removals, cause: 'down' });
    decisions.push({ resource, bucket: 'remove', reasons: ['down'] });
  }
  if (options.volumes === true) {
    for (const volume of observation.state.volumes) {
      if (!ours(observation.labels.volumes.get(volume.name), volume.name)) continue;
      const resource = `volume:${volume.key ?? volume.name}`;
      add({ resource, action: { kind: 'removeVolume', key: volume.key ?? volume.name, name: volume.name }, dependsOn: removals, cause: 'down -v' });
      decisions.push({ resource, bucket: 'remove', reasons: ['down -v'] });
    }
  }
  for (const ref of imagesToRemove(observation, project, containers, options.rmi)) {
    const resource = `image:${ref}`;
    add({ resource, action: { kind: 'removeImage', ref }, dependsOn: removals, cause: `--rmi ${options.rmi}` });
    decisions.push({ resource, bucket: 'remove', reasons: [`--rmi ${options.rmi}`] });
  }
  return { project: name, nodes, decisions };
}

function resourceOf(container: ObservedContainer): string {
  return container.oneoff ? `container:${container.name}` : `service:${container.service}#${container.number}`;
}

/** Service → the services that depend on it: from the file, else from the containers' depends_on labels. */
function dependentsOf(observation: Observation, project: Project | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (dependency: string, dependent: string) => (out.get(dependency) ?? out.set(dependency, new Set()).get(dependency))?.add(dependent);
  if (project) {
    for (const service of [...Object.values(project.services), ...Object.values(project.disabled_services)]) for (const d of serviceDependencies(service)) add(d.service, service.name);
  } else {
    for (const summary of observation.containers.values()) {
      const labels = parseComposeLabels(summary.labels);
      if (labels.service === undefined) continue;
      for (const d of labels.dependsOn ?? []) add(d.service, labels.service);
    }
  }
  return out;
}

/** Containers ordered so that a service's dependents come before it (a cycle, which the loader forbids, falls back to name order). */
function topologicalDown(containers: readonly ObservedContainer[], dependents: ReadonlyMap<string, ReadonlySet<string>>): ObservedContainer[] {
  const services = [...new Set(containers.map((c) => c.service))].sort(compareStrings);
  const visited = new Set<string>();
  const order: string[] = [];
  const visit = (service: string, path: Set<string>) => {
    if (visited.has(service) || path.has(service)) return;
    path.add(service);
    for (const dependent of [...(dependents.get(service) ?? [])].sort(compareStrings)) if (services.includes(dependent)) visit(dependent, path);
    path.delete(service);
    visited.add(service);
    order.push(service);
  };
  for (const service of services) visit(service, new Set());
  return order.flatMap((service) => containers.filter((c) => c.service === service));
}

function imagesToRemove(observation: Observation, project: Project | undefined, containers: readonly ObservedContainer[], rmi: DownOptions['rmi']): string[] {
  if (rmi === undefined) return [];
  const refs = new Set<string>();
  if (project) {
    for (const service of Object.values(project.services)) {
      const ref = imageRef(project.name, service);
      if (ref !== undefined && (rmi === 'all' || service.image === undefined)) refs.add(ref);
    }
  } else {
    for (const container of containers) {
      const image = observation.containers.get(container.id)?.image;
      if (image === undefined) continue;
      if (rmi === 'all' || image === `${observation.state.project}-${container.service}`) refs.add(image);
    }
  }
  return [...refs].sort(compareStrings);
}

function sorted(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
