import { compareStrings, type Diagnostic } from '../base/index.ts';
import type { ServiceConfig } from '../spec/index.ts';
import { isUp } from './container-steps.ts';
import { replicasOf, serviceConfigOf, type ReconcileContext } from './context.ts';
import { joinsDependency, type ServiceDependency } from './dependencies.ts';
import { describeChanges, diffServiceConfig } from './diff.ts';
import { configSnapshot, serviceHashInput, snapshotHash, type ServiceHashInput } from './hash.ts';
import { containerName, imageRef, isTemporaryNameFor, networkConfig, replicaResource, type ResourceId } from './names.ts';
import type { ObservedContainer } from './observed.ts';
import type { ReconcileOptions, RecreatePolicy } from './options.ts';
import type { Bucket } from './plan.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from './usage.ts';

/**
 * The decision for each replica of one service, before any node exists:
 * which containers stay (kept, started, restarted), which are replaced,
 * which go, and which numbers are created. Services are decided in
 * dependency order, so a service sees whether what it depends on is
 * recreated.
 */

export interface ReplicaDecision {
  readonly number: number;
  /** The final name. */
  readonly name: string;
  /** The container that holds this number now; absent when it is created. */
  readonly container?: ObservedContainer;
  /** Mutable until emission: a network recreate turns a `keep` into a `restart`. */
  bucket: Bucket;
  readonly reasons: string[];
}

export interface Removal {
  readonly container: ObservedContainer;
  readonly resource: ResourceId;
  /** A leftover holds a temporary name a replacement may want, so it must go before any creation. */
  readonly kind: 'leftover' | 'scaled down';
  readonly reason: string;
}

export interface ServicePlan {
  readonly service: string;
  readonly scale: number;
  readonly imageRef: string;
  readonly configHash: string;
  readonly snapshot: string;
  /** Replicas that exist after the plan, by number. */
  readonly replicas: ReplicaDecision[];
  /** Containers that go: scaled down, or leftovers of an interrupted recreate. */
  readonly removals: Removal[];
}

export function decideService(context: ReconcileContext, name: string): ServicePlan {
  const { project, observed, options } = context;
  const service = serviceConfigOf(context, name);
  const policy = context.policies.get(name) ?? 'diverged';
  const scale = desiredScale(service, options);
  const input = serviceHashInput(project, service, context.digests);
  const snapshot = configSnapshot(input);
  const configHash = snapshotHash(snapshot);
  const all = replicasOf(observed, name);

  const removals: Removal[] = [];
  const judged: { container: ObservedContainer; reasons: string[] }[] = [];
  for (const container of all) {
    if (isTemporaryNameFor(container.name, containerName(project.name, service, container.number))) {
      removals.push({ container, resource: `container:${container.name}`, kind: 'leftover', reason: 'leftover of an interrupted recreate' });
    } else {
      judged.push({ container, reasons: recreateReasons(context, service, container, policy, input, configHash) });
    }
  }
  // Up-to-date replicas first, then by number: scaling down drops diverged ones first, then the highest numbers.
  judged.sort(
    (a, b) =>
      Number(a.reasons.length > 0) - Number(b.reasons.length > 0) ||
      a.container.number - b.container.number ||
      compareStrings(a.container.name, b.container.name),
  );
  const kept = judged.slice(0, scale);
  const keptNumbers = new Set(kept.map((j) => j.container.number));
  for (const { container } of judged.slice(scale)) {
    const resource = keptNumbers.has(container.number) ? `container:${container.name}` : replicaResource(name, container.number);
    removals.push({ container, resource, kind: 'scaled down', reason: 'scaled down' });
  }

  const restartCauses = restartReasons(context, name);
  const replicas: ReplicaDecision[] = kept.map(({ container, reasons }) => {
    const finalName = containerName(project.name, service, container.number);
    if (reasons.length > 0) return { number: container.number, name: finalName, container, bucket: 'recreate', reasons };
    const classified = classifyUpToDate(container, service, restartCauses, options);
    // Only under --no-recreate can a container whose joined container is gone be kept; it cannot run again.
    const runs = classified.bucket === 'start' || classified.bucket === 'restart';
    const gone = runs ? staleJoin(context, service, container, context.graph.dependencies[name] ?? []) : undefined;
    if (gone !== undefined) context.diagnostics.push(joinedGone(container, gone, 'is kept (--no-recreate) but cannot start'));
    const { bucket, why } = gone === undefined ? classified : { bucket: 'keep' as const, why: [`not started: joined container ${gone} is gone`] };
    if (container.state === 'paused') {
      context.diagnostics.push({
        code: 'STK4008',
        severity: 'warning',
        message: `container "${container.name}" of service "${name}" is paused; it is left as it is`,
        hint: `unpause it (\`stack unpause ${name}\`) to let it run again`,
      });
    }
    return { number: container.number, name: finalName, container, bucket, reasons: why };
  });

  // A leftover (a replacement whose rename was interrupted) holds no number: its replica is created again under it.
  const highest = judged.reduce((max, j) => Math.max(max, j.container.number), 0);
  for (let i = 0; replicas.length < scale; i++) {
    const number = highest + 1 + i;
    const why = judged.length === 0 ? 'not found' : 'scaled up';
    replicas.push({ number, name: containerName(project.name, service, number), bucket: 'create', reasons: [why] });
  }
  replicas.sort((a, b) => a.number - b.number);
  removals.sort((a, b) => a.container.number - b.container.number || compareStrings(a.container.name, b.container.name));
  return { service: name, scale, imageRef: imageRef(project.name, service) ?? '', configHash, snapshot, replicas, removals };
}

/** `--scale`, else `scale:`, else `deploy.replicas`, else 1; a global service runs one container here. */
export function desiredScale(service: ServiceConfig, options: ReconcileOptions): number {
  const flag = options.scale?.[service.name];
  if (flag !== undefined) return Math.max(0, Math.floor(flag));
  if (service.deploy?.mode === 'global') return 1;
  return Math.max(0, service.scale ?? service.deploy?.replicas ?? 1);
}

/** Why a replica must be replaced; empty when it is up to date (or the policy is `never`). */
function recreateReasons(
  context: ReconcileContext,
  service: ServiceConfig,
  container: ObservedContainer,
  policy: RecreatePolicy,
  input: ServiceHashInput,
  configHash: string,
): string[] {
  if (policy === 'never') return [];
  if (policy === 'force') return ['force recreate'];
  const { project, observed } = context;
  const reasons: string[] = [];
  const changes = container.configHash === configHash ? [] : configChanges(context, container, input);
  if (changes.length > 0) reasons.push(`config changed: ${describeChanges(changes)}`);
  else if (container.configHash === undefined) reasons.push('config hash missing');
  else if (container.configHash !== configHash) reasons.push('config hash changed');
  // A new `image:` reference explains a new image id already.
  const currentImage = observed.images[imageRef(project.name, service) ?? ''];
  if (container.image !== undefined && currentImage !== undefined && container.image !== currentImage && !changes.includes('image')) reasons.push('image changed');

  const dependencies = context.graph.dependencies[service.name] ?? [];
  for (const dependency of dependencies.filter(joinsDependency)) {
    if (context.servicePlans.get(dependency.service)?.replicas.some((r) => r.bucket === 'recreate')) {
      reasons.push(`dependency ${dependency.service} recreated (${joinedKinds(dependency)})`);
    }
  }
  const gone = reasons.some((r) => r.startsWith('dependency ')) ? undefined : staleJoin(context, service, container, dependencies);
  if (gone !== undefined) reasons.push(`joined container ${gone} is gone`);

  // A container that is up (running, paused, restarting) must be on its networks; so must one this plan would
  // start (a start does not attach it). A completed job is left alone: rerunning it for a network it no longer
  // needs is worse.
  if (isUp(container) || wouldStart(container, service, context.options)) {
    for (const key of serviceNetworkKeys(service)) {
      const network = networkConfig(project, key);
      if (network && !container.networks.includes(network.name)) reasons.push(`not connected to network ${key}`);
    }
  }
  for (const key of serviceVolumeKeys(service)) {
    const volume = project.volumes[key];
    if (volume && !container.volumes.includes(volume.name)) reasons.push(`volume ${key} not mounted`);
  }
  if (container.state === 'dead') reasons.push('dead');
  return reasons;
}

/** The fields that changed, when the container carries a snapshot that matches its hash; empty when they cannot be named. */
function configChanges(context: ReconcileContext, container: ObservedContainer, input: ServiceHashInput): string[] {
  if (container.configHash === undefined || container.config === undefined || snapshotHash(container.config) !== container.configHash) return [];
  try {
    return diffServiceConfig(input, JSON.parse(container.config), context.project.working_dir);
  } catch {
    return [];
  }
}

function joinedKinds(dependency: ServiceDependency): string {
  return dependency.kinds.filter((k) => k !== 'depends_on' && k !== 'links').join(', ');
}

/**
 * A container that joined another's namespace or volumes, where that other
 * container is gone, or goes in this plan (a pass interrupted between
 * recreating a dependency and its dependents; a leftover removed):
 * level-triggered repair. Checked only when every join names a service, so
 * that each joined container must be one of theirs.
 */
function staleJoin(context: ReconcileContext, service: ServiceConfig, container: ObservedContainer, dependencies: readonly ServiceDependency[]): string | undefined {
  if (container.joined === undefined || container.joined.length === 0) return undefined;
  const modes = [service.network_mode, service.ipc, service.pid, service.uts, service.cgroup];
  if (modes.some((m) => m?.startsWith('container:')) || (service.volumes_from ?? []).some((v) => v.startsWith('container:'))) return undefined;
  const survivors = (name: string): readonly ObservedContainer[] => {
    const plan = context.servicePlans.get(name);
    if (!plan) return replicasOf(context.observed, name);
    return plan.replicas.flatMap((r) => (r.container && r.bucket !== 'recreate' ? [r.container] : []));
  };
  const candidates = dependencies.filter(joinsDependency).flatMap((d) => survivors(d.service));
  const matches = (ref: string): boolean => candidates.some((c) => c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref)));
  return [...container.joined].sort(compareStrings).find((ref) => !matches(ref));
}

/** Dependencies with `restart: true` that this pass recreates: the service's running containers restart around them. */
function restartReasons(context: ReconcileContext, name: string): string[] {
  return (context.graph.dependencies[name] ?? [])
    .filter((d) => d.restart && context.servicePlans.get(d.service)?.replicas.some((r) => r.bucket === 'recreate'))
    .map((d) => `dependency ${d.service} recreated (restart: true)`);
}

function classifyUpToDate(container: ObservedContainer, service: ServiceConfig, restartCauses: readonly string[], options: ReconcileOptions): { bucket: Bucket; why: string[] } {
  const noStart = options.noStart === true;
  switch (container.state) {
    case 'running':
      return restartCauses.length > 0 && !noStart ? { bucket: 'restart', why: [...restartCauses] } : { bucket: 'keep', why: ['running'] };
    case 'restarting':
      return { bucket: 'keep', why: ['restarting'] };
    case 'paused':
      return { bucket: 'keep', why: ['paused'] };
    case 'removing':
      return { bucket: 'keep', why: ['being removed'] };
    case 'dead':
      return { bucket: 'keep', why: ['dead'] };
    case 'created':
      return noStart ? { bucket: 'keep', why: ['created'] } : { bucket: 'start', why: ['created'] };
    case 'exited': {
      const code = container.exitCode;
      // A job that finished is done: starting it again on every `up` is Compose's pain #1-2.
      if (code === 0 && isOneShot(service)) return { bucket: 'keep', why: ['completed'] };
      const why = code === undefined ? 'exited' : `exited ${code}`;
      return noStart ? { bucket: 'keep', why: [why] } : { bucket: 'start', why: [why] };
    }
  }
}

function wouldStart(container: ObservedContainer, service: ServiceConfig, options: ReconcileOptions): boolean {
  if (options.noStart === true) return false;
  if (container.state === 'created') return true;
  return container.state === 'exited' && !(container.exitCode === 0 && isOneShot(service));
}

/** A service the runtime does not restart after a clean exit: `restart: no` (the default) or `on-failure`. */
export function isOneShot(service: ServiceConfig): boolean {
  const restart = service.restart ?? deployRestart(service.deploy?.restart_policy?.condition) ?? 'no';
  return restart === 'no' || restart.startsWith('on-failure');
}

function deployRestart(condition: string | undefined): string | undefined {
  if (condition === undefined) return undefined;
  if (condition === 'none') return 'no';
  if (condition === 'any') return 'always';
  return condition;
}

/** The warning for a container that cannot start because a container it joined is gone (STK4015). */
export function joinedGone(container: ObservedContainer, gone: string, what: string): Diagnostic {
  return {
    code: 'STK4015',
    severity: 'warning',
    message: `container "${container.name}" ${what}: it joined container ${gone}, which is gone or replaced by this plan`,
    hint: `recreate it: \`stack up --force-recreate ${container.service}\``,
  };
}
