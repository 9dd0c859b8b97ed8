import { compareStrings, sortedEntries } from '../base/index.ts';
import type { DependsOnCondition, ServiceConfig } from '../spec/index.ts';

/**
 * The services a service needs, explicit (`depends_on`) and implicit (what
 * compose-go adds when it normalizes a project: `links`, `volumes_from`,
 * `network_mode`/`ipc`/`pid`/`uts`/`cgroup` set to `service:x`). Implicit
 * ones mean `service_started`, restart the dependent (except `volumes_from`),
 * and are required; an explicit `depends_on` entry for the same service wins.
 */

/** How a dependency was declared. */
export type DependencyKind = 'depends_on' | 'links' | 'volumes_from' | 'network_mode' | 'ipc' | 'pid' | 'uts' | 'cgroup';

export interface ServiceDependency {
  /** The service depended on. */
  readonly service: string;
  /** Every way it was declared, sorted. */
  readonly kinds: readonly DependencyKind[];
  readonly condition: DependsOnCondition;
  /** Stop the dependent while the dependency is recreated, start it after. */
  readonly restart: boolean;
  /** False: a missing or failed dependency is only a warning. */
  readonly required: boolean;
}

/** Kinds that make the dependent join the dependency's container (a namespace, or its volumes): it needs that container to exist when it is created, and must be recreated when that container is. */
export const joiningKinds: ReadonlySet<DependencyKind> = new Set(['volumes_from', 'network_mode', 'ipc', 'pid', 'uts', 'cgroup']);

/** Kinds that name the dependency's container in the create call (joining ones, and legacy links). */
export function needsContainerAtCreate(dependency: ServiceDependency): boolean {
  return dependency.kinds.some((kind) => kind === 'links' || joiningKinds.has(kind));
}

export function joinsDependency(dependency: ServiceDependency): boolean {
  return dependency.kinds.some((kind) => joiningKinds.has(kind));
}

/** The dependencies of one service, sorted by service name. */
export function serviceDependencies(service: ServiceConfig): ServiceDependency[] {
  const implicit = new Map<string, Set<DependencyKind>>();
  const add = (target: string | undefined, kind: DependencyKind): void => {
    if (target === undefined || target === '') return;
    let kinds = implicit.get(target);
    if (!kinds) implicit.set(target, (kinds = new Set()));
    kinds.add(kind);
  };
  for (const link of service.links ?? []) add(link.split(':')[0], 'links');
  for (const from of service.volumes_from ?? []) {
    // `container:x` names a container outside the project: not a service dependency.
    if (!from.startsWith('container:')) add(from.split(':')[0], 'volumes_from');
  }
  const modes = { network_mode: service.network_mode, ipc: service.ipc, pid: service.pid, uts: service.uts, cgroup: service.cgroup } as const;
  for (const [kind, mode] of Object.entries(modes) as [DependencyKind, string | undefined][]) {
    if (mode?.startsWith('service:')) add(mode.slice('service:'.length), kind);
  }

  const out = new Map<string, ServiceDependency>();
  for (const [name, kinds] of implicit) {
    const onlyVolumes = kinds.size === 1 && kinds.has('volumes_from');
    out.set(name, { service: name, kinds: sortKinds(kinds), condition: 'service_started', restart: !onlyVolumes, required: true });
  }
  for (const [name, config] of sortedEntries(service.depends_on)) {
    const kinds = new Set(implicit.get(name) ?? []);
    kinds.add('depends_on');
    out.set(name, { service: name, kinds: sortKinds(kinds), condition: config.condition ?? 'service_started', restart: config.restart === true, required: config.required !== false });
  }
  return [...out.values()].sort((a, b) => compareStrings(a.service, b.service));
}

function sortKinds(kinds: Iterable<DependencyKind>): DependencyKind[] {
  return [...kinds].sort(compareStrings);
}
