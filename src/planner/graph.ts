import { Graph, alg, type Label } from '@dagrejs/graphlib';
import { compareStrings, sortedEntries, type Diagnostic } from '../base/index.ts';
import type { Project } from '../spec/index.ts';
import { serviceDependencies, type ServiceDependency } from './dependencies.ts';
import { MinHeap } from './min-heap.ts';
import { imageRef, imageResource, networkConfig, networkResource, serviceResource, volumeResource, type ResourceId } from './names.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from './usage.ts';

/**
 * The project as a graph: one node per service, network, volume and image,
 * an edge from each thing to what needs it (dependency → dependent), so a
 * topological walk meets a dependency before its dependents.
 */

export type GraphNode =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'network'; readonly key: string }
  | { readonly kind: 'volume'; readonly key: string }
  | { readonly kind: 'image'; readonly ref: string };

export type GraphEdge = { readonly kind: 'service'; readonly dependency: ServiceDependency } | { readonly kind: 'network' | 'volume' | 'image' };

export interface ProjectGraph {
  /** Node ids are resource ids: `service:web`, `network:default`, `volume:data`, `image:nginx`. */
  readonly graph: Graph<Label, GraphNode, GraphEdge>;
  /** Enabled services, each after everything it depends on, ties in name order. Complete only when there is no cycle. */
  readonly order: readonly string[];
  /** Each service's dependencies on enabled services; optional ones that are missing are dropped. */
  readonly dependencies: Readonly<Record<string, readonly ServiceDependency[]>>;
  /** Each service's direct dependents, sorted. */
  readonly dependents: Readonly<Record<string, readonly string[]>>;
  readonly diagnostics: readonly Diagnostic[];
}

export function buildGraph(project: Project): ProjectGraph {
  const graph = new Graph<Label, GraphNode, GraphEdge>({ directed: true });
  const diagnostics: Diagnostic[] = [];
  const services = sortedEntries(project.services);
  for (const [name] of services) graph.setNode(serviceResource(name), { kind: 'service', service: name });

  const dependencies: Record<string, ServiceDependency[]> = {};
  const dependents: Record<string, string[]> = {};
  for (const [name] of services) dependents[name] = [];
  for (const [name, service] of services) {
    const kept: ServiceDependency[] = [];
    for (const dependency of serviceDependencies(service)) {
      if (project.services[dependency.service]) {
        kept.push(dependency);
        graph.setEdge(serviceResource(dependency.service), serviceResource(name), { kind: 'service', dependency });
        dependents[dependency.service]?.push(name);
      } else if (dependency.required) {
        diagnostics.push(missingDependency(project, name, dependency.service));
      }
    }
    dependencies[name] = kept;

    for (const key of serviceNetworkKeys(service)) {
      if (!networkConfig(project, key)) {
        diagnostics.push({ code: 'STK4011', severity: 'error', message: `service "${name}" uses network "${key}", which the project does not declare`, hint: `declare it under the top-level \`networks:\` key` });
        continue;
      }
      if (!graph.hasNode(networkResource(key))) graph.setNode(networkResource(key), { kind: 'network', key });
      graph.setEdge(networkResource(key), serviceResource(name), { kind: 'network' });
    }
    for (const key of serviceVolumeKeys(service)) {
      if (!project.volumes[key]) {
        diagnostics.push({ code: 'STK4012', severity: 'error', message: `service "${name}" mounts volume "${key}", which the project does not declare`, hint: `declare it under the top-level \`volumes:\` key` });
        continue;
      }
      if (!graph.hasNode(volumeResource(key))) graph.setNode(volumeResource(key), { kind: 'volume', key });
      graph.setEdge(volumeResource(key), serviceResource(name), { kind: 'volume' });
    }
    const ref = imageRef(project.name, service);
    if (ref !== undefined) {
      if (!graph.hasNode(imageResource(ref))) graph.setNode(imageResource(ref), { kind: 'image', ref });
      graph.setEdge(imageResource(ref), serviceResource(name), { kind: 'image' });
    }
  }
  for (const list of Object.values(dependents)) list.sort(compareStrings);

  diagnostics.push(...cycleDiagnostics(graph));
  return { graph, order: serviceOrder(graph, services.map(([name]) => name)), dependencies, dependents, diagnostics };
}

function missingDependency(project: Project, dependent: string, dependency: string): Diagnostic {
  const disabled = project.disabled_services[dependency];
  if (disabled) {
    const profiles = (disabled.profiles ?? []).join(', ');
    return {
      code: 'STK4002',
      severity: 'error',
      message: `service "${dependent}" requires service "${dependency}", which is disabled${profiles ? ` (profiles: ${profiles})` : ''}`,
      hint: `enable it with --profile${profiles ? ` ${disabled.profiles?.[0]}` : ''}, or declare the dependency with \`required: false\``,
    };
  }
  return {
    code: 'STK4003',
    severity: 'error',
    message: `service "${dependent}" depends on service "${dependency}", which is not defined`,
    hint: `define service "${dependency}", fix the name, or declare the dependency with \`required: false\``,
  };
}

/** One diagnostic per circle of services, naming it from its smallest service: `a -> b -> c -> a` (a depends on b...). */
function cycleDiagnostics(graph: Graph<Label, GraphNode, GraphEdge>): Diagnostic[] {
  // Networks, volumes and images only have edges out, so every circle is made of services.
  const circles: string[][] = [];
  for (const component of alg.tarjan(graph)) {
    if (component.length === 1 && !graph.hasEdge(component[0] as string, component[0] as string)) continue;
    circles.push(circleThrough(graph, new Set(component)));
  }
  return circles
    .sort((a, b) => compareStrings(a.join(' '), b.join(' ')))
    .map((circle) => {
      const names = circle.map(nameOf);
      const related = circle.slice(0, -1).map((id, i) => {
        const next = circle[i + 1] as string;
        const label = graph.edge(next, id);
        const kinds = label?.kind === 'service' ? label.dependency.kinds.join(', ') : '';
        return { message: `"${nameOf(id)}" depends on "${nameOf(next)}" (${kinds})` };
      });
      return {
        code: 'STK4001',
        severity: 'error' as const,
        message: `services depend on each other in a circle: ${names.join(' -> ')}`,
        hint: 'remove one of these dependencies so that one service can start first',
        related,
      };
    });
}

/** A closed path through the smallest member of a strongly connected component, following dependencies in name order. */
function circleThrough(graph: Graph<Label, GraphNode, GraphEdge>, members: ReadonlySet<string>): string[] {
  const start = [...members].sort(compareStrings)[0] as string;
  // "depends on" runs against the edges, which point from a dependency to its dependents.
  const dependenciesOf = (id: string): string[] => (graph.predecessors(id) ?? []).filter((p) => members.has(p)).sort(compareStrings);
  const visited = new Set<string>();
  const path: string[] = [start];
  const walk = (id: string): boolean => {
    for (const next of dependenciesOf(id)) {
      if (next === start) return true;
      if (visited.has(next)) continue;
      visited.add(next);
      path.push(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  visited.add(start);
  walk(start);
  return [...path, start];
}

function nameOf(id: ResourceId): string {
  return id.slice(id.indexOf(':') + 1);
}

/** Kahn's algorithm with the ready set in name order: deterministic whatever order the project's keys came in. */
function serviceOrder(graph: Graph<Label, GraphNode, GraphEdge>, services: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const name of services) {
    const deps = (graph.predecessors(serviceResource(name)) ?? []).filter((p) => graph.node(p)?.kind === 'service' && p !== serviceResource(name));
    remaining.set(name, deps.length);
  }
  const ready = new MinHeap<string>(compareStrings);
  for (const name of services) if (remaining.get(name) === 0) ready.push(name);
  const order: string[] = [];
  for (let name = ready.pop(); name !== undefined; name = ready.pop()) {
    order.push(name);
    for (const succ of graph.successors(serviceResource(name)) ?? []) {
      const node = graph.node(succ);
      if (node?.kind !== 'service' || node.service === name) continue;
      const left = (remaining.get(node.service) ?? 0) - 1;
      remaining.set(node.service, left);
      if (left === 0) ready.push(node.service);
    }
  }
  return order;
}
