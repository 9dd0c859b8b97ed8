import { compareStrings } from '../../base/index.ts';
import { desiredScale, imageRef } from '../../planner/index.ts';
import { parseComposeLabels, type ContainerDetails, type ContainerSummary, type RuntimeEvent } from '../../runtime/client/index.ts';
import type { Project } from '../../spec/index.ts';
import type { ContainerAction, ContainerSnapshot, Health, PublishedPort, RunState, ServiceSnapshot } from '../../ui/index.ts';

/**
 * The dashboard's world from what a runtime reports, pure: list entries and
 * inspects to service rows, engine events to container changes. The source
 * (runtime-dashboard-source.ts) does the I/O and calls these.
 */

/** A container of the project as the dashboard tracks it between events. */
export interface TrackedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly state: RunState;
}

/** One container as listed, with what only an inspect says (start time, restart count). */
export interface ObservedReplica {
  readonly summary: ContainerSummary;
  readonly details?: ContainerDetails;
  /** The restarts to show (the source's count); the runtime's RestartCount when absent. */
  readonly restarts?: number;
}

/** A replacement made by a recreate carries `<12 hex of the old id>_<name>` until it is renamed: not a replica of its own. */
export function isReplacementName(name: string): boolean {
  return /^[0-9a-f]{12}_/.test(name);
}

/** The service and replica number of a project container that the dashboard shows (not a one-off, not a replacement mid-recreate). */
export function trackedIdentity(name: string, labels: Readonly<Record<string, string>>): { readonly service: string; readonly number: number } | undefined {
  const parsed = parseComposeLabels(labels);
  if (parsed.service === undefined || parsed.oneoff === true || isReplacementName(name)) return undefined;
  return { service: parsed.service, number: parsed.containerNumber ?? 0 };
}

export function containerSnapshotOf(replica: ObservedReplica): ContainerSnapshot {
  const { summary, details } = replica;
  const state = summary.state as RunState;
  const up = state === 'running' || state === 'paused' || state === 'restarting';
  const startedAt = up ? details?.startedAt : undefined;
  return {
    name: summary.name,
    number: parseComposeLabels(summary.labels).containerNumber ?? 0,
    state,
    health: summary.health ?? 'none',
    restarts: replica.restarts ?? details?.restartCount ?? 0,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(!up && summary.exitCode !== undefined ? { exitCode: summary.exitCode } : {}),
  };
}

/**
 * The published ports of a service's containers, once each: Docker lists a
 * port published on every address twice (0.0.0.0 and ::); the IPv4 one is kept.
 */
export function publishedPorts(summaries: readonly ContainerSummary[]): PublishedPort[] {
  const byKey = new Map<string, PublishedPort>();
  for (const summary of summaries) {
    for (const p of summary.ports) {
      if (p.hostPort === undefined) continue;
      const key = `${p.hostPort}/${p.protocol}>${p.containerPort}`;
      const port: PublishedPort = { published: p.hostPort, target: p.containerPort, protocol: p.protocol, ...(p.hostIp !== undefined ? { hostIp: p.hostIp } : {}) };
      const known = byKey.get(key);
      if (!known || (known.hostIp?.includes(':') === true && port.hostIp?.includes(':') !== true)) byKey.set(key, port);
    }
  }
  return [...byKey.values()].sort((a, b) => a.published - b.published || a.target - b.target || compareStrings(a.protocol, b.protocol));
}

/** How many replicas a service should run: its file's scale, or as many as run when someone scaled it by hand (`up --scale`). */
export function desiredReplicas(project: Project | undefined, service: string, existing: number): number {
  const config = project?.services[service];
  if (!config) return 0;
  return Math.max(desiredScale(config, {}), existing);
}

/** The image a service row names: the file's reference, else what its first container runs. */
function serviceImage(project: Project | undefined, service: string, replicas: readonly ObservedReplica[]): string {
  const config = project?.services[service];
  const ref = config && project ? imageRef(project.name, config) : undefined;
  return ref ?? replicas[0]?.summary.image ?? '';
}

/** One service's row from its containers (which may be none). */
export function serviceSnapshotOf(project: Project | undefined, service: string, replicas: readonly ObservedReplica[]): ServiceSnapshot {
  const mine = [...replicas].sort((a, b) => (parseComposeLabels(a.summary.labels).containerNumber ?? 0) - (parseComposeLabels(b.summary.labels).containerNumber ?? 0) || compareStrings(a.summary.name, b.summary.name));
  return {
    name: service,
    image: serviceImage(project, service, mine),
    desired: desiredReplicas(project, service, mine.length),
    containers: mine.map(containerSnapshotOf),
    ports: publishedPorts(mine.map((r) => r.summary)),
  };
}

/**
 * Every service row of a project: the file's services (with or without
 * containers) and services that only have containers left (orphans, desired 0),
 * sorted by name. One-offs and replacements mid-recreate are left out.
 */
export function serviceSnapshotsOf(project: Project | undefined, replicas: readonly ObservedReplica[]): ServiceSnapshot[] {
  const byService = new Map<string, ObservedReplica[]>();
  for (const name of Object.keys(project?.services ?? {})) byService.set(name, []);
  for (const replica of replicas) {
    const identity = trackedIdentity(replica.summary.name, replica.summary.labels);
    if (!identity) continue;
    const list = byService.get(identity.service);
    if (list) list.push(replica);
    else byService.set(identity.service, [replica]);
  }
  return [...byService.keys()].sort(compareStrings).map((service) => serviceSnapshotOf(project, service, byService.get(service) ?? []));
}

const dashboardActions: ReadonlySet<string> = new Set<ContainerAction>(['create', 'start', 'restart', 'die', 'stop', 'kill', 'pause', 'unpause', 'destroy', 'health_status', 'oom']);

/** A runtime event about one of the project's shown containers, in the dashboard's terms. */
export interface ContainerChange {
  readonly id: string;
  readonly service: string;
  readonly container: string;
  readonly number: number;
  readonly action: ContainerAction;
  readonly exitCode?: number;
  readonly health?: Health;
  readonly at: number;
}

/**
 * What a runtime event means to the dashboard: a change to one shown
 * container, a change to a service's set of containers that needs a fresh look
 * (a replacement created or renamed during a recreate), or nothing.
 */
export type EventMeaning = { readonly kind: 'container'; readonly change: ContainerChange } | { readonly kind: 'membership'; readonly service: string } | { readonly kind: 'none' };

export function eventMeaning(event: RuntimeEvent): EventMeaning {
  if (event.type !== 'container') return { kind: 'none' };
  const name = event.attributes.name ?? '';
  const parsed = parseComposeLabels(event.attributes);
  if (parsed.service === undefined || parsed.oneoff === true) return { kind: 'none' };
  if (event.action === 'rename' || isReplacementName(name)) return event.action === 'create' || event.action === 'rename' || event.action === 'destroy' ? { kind: 'membership', service: parsed.service } : { kind: 'none' };
  const action = event.action.split(':')[0]?.trim() ?? '';
  if (!dashboardActions.has(action)) return { kind: 'none' };
  const exitCode = event.attributes.exitCode !== undefined ? Number(event.attributes.exitCode) : undefined;
  const health = action === 'health_status' ? healthOf(event.detail ?? event.action.split(':')[1]?.trim()) : undefined;
  return {
    kind: 'container',
    change: {
      id: event.id,
      service: parsed.service,
      container: name,
      number: parsed.containerNumber ?? 0,
      action: action as ContainerAction,
      ...(exitCode !== undefined && Number.isFinite(exitCode) ? { exitCode } : {}),
      ...(health !== undefined ? { health } : {}),
      at: event.time,
    },
  };
}

function healthOf(text: string | undefined): Health | undefined {
  return text === 'healthy' || text === 'unhealthy' || text === 'starting' ? text : undefined;
}

/** The state a change leaves a container in, for the source's own tracking (stats are sampled for running ones). */
export function stateAfter(state: RunState, action: ContainerAction): RunState {
  switch (action) {
    case 'create':
      return 'created';
    case 'start':
    case 'restart':
    case 'unpause':
      return 'running';
    case 'die':
    case 'stop':
      return 'exited';
    case 'pause':
      return 'paused';
    case 'destroy':
      return 'missing';
    default:
      return state;
  }
}
