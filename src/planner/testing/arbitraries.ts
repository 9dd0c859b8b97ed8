import fc from 'fast-check';
import { sha256Hex } from '../../base/index.ts';
import type { DependsOnConfig, Project, ServiceConfig } from '../../spec/index.ts';
import { joiningKinds, serviceDependencies } from '../dependencies.ts';
import { configSnapshot, networkConfigHash, serviceHashInput, snapshotHash, volumeConfigHash } from '../hash.ts';
import { containerName, imageRef, networkConfig, temporaryName } from '../names.ts';
import type { ContainerState, ObservedContainer, ObservedNetwork, ObservedState, ObservedVolume } from '../observed.ts';
import type { ReconcileOptions } from '../options.ts';
import { serviceNetworkKeys, serviceVolumeKeys } from '../usage.ts';
import { ProjectBuilder } from './project-builder.ts';

/**
 * fast-check generators for the planner's property tests: projects whose
 * dependencies form a DAG (with networks, volumes, scale, restart policies,
 * shared namespaces, builds, a disabled service), runtime states that are
 * plausible for them (subsets, diverged hashes and images, stopped, paused
 * and dead containers, orphans, one-offs, leftovers of interrupted
 * recreates, missing images), and command-line options.
 */

const serviceNames = ['api', 'cache', 'db', 'job', 'web', 'worker'] as const;
const imageRefs = ['app', 'busybox', 'nginx', 'postgres'] as const;

interface ServiceShape {
  readonly image: string | undefined;
  readonly build: boolean;
  readonly restart: string | undefined;
  readonly scale: number;
  readonly scaleBy: 'scale' | 'replicas' | 'default';
  readonly mode: string;
  readonly networks: readonly string[] | undefined;
  readonly volumes: readonly string[];
  readonly deps: readonly { readonly on: number; readonly kind: 'depends_on' | 'links' | 'volumes_from' | 'network_mode'; readonly condition: DependsOnConfig['condition']; readonly restart: boolean; readonly required: boolean }[];
  readonly grace: string | undefined;
  readonly containerName: boolean;
}

const serviceShape = (index: number): fc.Arbitrary<ServiceShape> =>
  fc.record({
    image: fc.option(fc.constantFrom(...imageRefs), { nil: undefined, freq: 6 }),
    build: fc.boolean(),
    restart: fc.constantFrom(undefined, 'no', 'always', 'on-failure', 'unless-stopped'),
    scale: fc.integer({ min: 0, max: 3 }),
    scaleBy: fc.constantFrom('scale' as const, 'replicas' as const, 'default' as const),
    mode: fc.constantFrom('a', 'b'),
    networks: fc.option(fc.subarray(['back', 'front', 'shared']), { nil: undefined }),
    volumes: fc.subarray(['cache', 'data', 'store']),
    deps:
      index === 0
        ? fc.constant([])
        : fc.array(
            fc.record({
              on: fc.integer({ min: 0, max: index - 1 }),
              kind: fc.constantFrom('depends_on' as const, 'depends_on' as const, 'links' as const, 'volumes_from' as const, 'network_mode' as const),
              condition: fc.constantFrom('service_started' as const, 'service_healthy' as const, 'service_completed_successfully' as const),
              restart: fc.boolean(),
              required: fc.boolean(),
            }),
            { maxLength: 2 },
          ),
    grace: fc.constantFrom(undefined, '5s', '1m30s'),
    containerName: fc.boolean(),
  });

export const projectArbitrary: fc.Arbitrary<Project> = fc
  .integer({ min: 1, max: serviceNames.length })
  .chain((count) => fc.tuple(fc.tuple(...Array.from({ length: count }, (_, i) => serviceShape(i))), fc.boolean(), fc.boolean()))
  .map(([shapes, withDisabled, externalShared]) => buildProject(shapes, withDisabled, externalShared));

function buildProject(shapes: readonly ServiceShape[], withDisabled: boolean, externalShared: boolean): Project {
  const builder = new ProjectBuilder('app').network('back').network('front').volume('cache').volume('data');
  builder.network('shared', externalShared ? { external: true } : {});
  builder.volume('store', { external: true });
  shapes.forEach((shape, i) => {
    const name = serviceNames[i] as string;
    const config: Record<string, unknown> = { environment: { MODE: shape.mode } };
    if (shape.image !== undefined || !shape.build) config.image = shape.image ?? 'nginx';
    if (shape.build) config.build = { context: `/srv/app/${name}` };
    if (shape.restart !== undefined) config.restart = shape.restart;
    if (shape.scaleBy === 'scale') config.scale = shape.scale;
    if (shape.scaleBy === 'replicas') config.deploy = { replicas: shape.scale };
    if (shape.grace !== undefined) config.stop_grace_period = shape.grace;
    if (shape.volumes.length > 0) config.volumes = shape.volumes.map((source) => ({ type: 'volume', source, target: `/${source}` }));
    if (shape.containerName && shape.scaleBy !== 'default' && shape.scale === 1) config.container_name = `fixed-${name}`;
    const dependsOn: Record<string, DependsOnConfig> = {};
    let networkMode: string | undefined;
    for (const dep of shape.deps) {
      const target = serviceNames[dep.on] as string;
      if (dep.kind === 'depends_on') dependsOn[target] = { condition: dep.condition, restart: dep.restart, required: dep.required };
      if (dep.kind === 'links') config.links = [...((config.links as string[] | undefined) ?? []), target];
      if (dep.kind === 'volumes_from') config.volumes_from = [...((config.volumes_from as string[] | undefined) ?? []), target];
      if (dep.kind === 'network_mode' && networkMode === undefined) networkMode = `service:${target}`;
    }
    if (Object.keys(dependsOn).length > 0) config.depends_on = dependsOn;
    if (networkMode !== undefined) config.network_mode = networkMode;
    else if (shape.networks !== undefined && shape.networks.length > 0) config.networks = Object.fromEntries(shape.networks.map((n) => [n, null]));
    builder.service(name, config as Omit<ServiceConfig, 'name'>);
  });
  if (withDisabled) builder.disabled('debug', { image: 'busybox', profiles: ['debug'] });
  return builder.build();
}

interface ContainerShape {
  readonly number: number;
  readonly state: ContainerState;
  readonly exitCode: number;
  readonly hash: 'current' | 'stale' | 'none';
  readonly staleImage: boolean;
  readonly dropNetwork: boolean;
  readonly oneoff: boolean;
  readonly leftover: boolean;
}

const containerShape: fc.Arbitrary<ContainerShape> = fc.record({
  number: fc.integer({ min: 1, max: 5 }),
  state: fc.constantFrom<ContainerState>('running', 'running', 'running', 'exited', 'exited', 'created', 'paused', 'dead', 'restarting'),
  exitCode: fc.constantFrom(0, 0, 1, 137),
  hash: fc.constantFrom('current' as const, 'current' as const, 'stale' as const, 'none' as const),
  staleImage: fc.boolean(),
  dropNetwork: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  oneoff: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  leftover: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

/** A runtime state plausible for `project`: what the engine could observe after earlier passes, edits and crashes. */
export function observedArbitrary(project: Project): fc.Arbitrary<ObservedState> {
  const services = [...Object.keys(project.services), ...Object.keys(project.disabled_services), 'ghost'];
  return fc
    .record({
      containers: fc.tuple(...services.map(() => fc.array(containerShape, { maxLength: 3 }))),
      networks: fc.dictionary(fc.constantFrom('back', 'default', 'front', 'shared', 'legacy'), fc.constantFrom('current', 'stale', 'none'), { maxKeys: 5 }),
      volumes: fc.dictionary(fc.constantFrom('cache', 'data'), fc.constantFrom('current', 'stale', 'none'), { maxKeys: 2 }),
      images: fc.dictionary(fc.constantFrom(...imageRefs, 'app-api', 'app-cache', 'app-db', 'app-job', 'app-web', 'app-worker'), fc.constantFrom('sha256:1', 'sha256:2')),
    })
    .map((shape) => buildObserved(project, services, shape));
}

function buildObserved(
  project: Project,
  services: readonly string[],
  shape: { containers: readonly (readonly ContainerShape[])[]; networks: Record<string, string>; volumes: Record<string, string>; images: Record<string, string> },
): ObservedState {
  const networks: ObservedNetwork[] = Object.entries(shape.networks).flatMap(([key, hash]): ObservedNetwork[] => {
    const config = networkConfig(project, key) ?? { name: `app_${key}` };
    if (config.external) return [{ id: `net-${key}`, name: config.name }];
    const configHash = hash === 'current' ? networkConfigHash(config) : hash === 'stale' ? 'stale' : undefined;
    return [{ id: `net-${key}`, name: config.name, key, ...(configHash ? { configHash } : {}) }];
  });
  // External resources exist: the user made them.
  for (const config of Object.values(project.networks)) if (config.external && !networks.some((n) => n.name === config.name)) networks.push({ id: `net-${config.name}`, name: config.name });
  const volumes: ObservedVolume[] = Object.entries(shape.volumes).map(([key, hash]) => {
    const config = project.volumes[key] ?? { name: `app_${key}` };
    const configHash = hash === 'current' ? volumeConfigHash(config) : hash === 'stale' ? 'stale' : undefined;
    return { name: config.name, key, ...(configHash ? { configHash } : {}) };
  });
  for (const config of Object.values(project.volumes)) if (config.external) volumes.push({ name: config.name });
  const networkNames = new Set(networks.map((n) => n.name));
  const volumeNames = new Set(volumes.map((v) => v.name));

  const containers: ObservedContainer[] = [];
  services.forEach((name, i) => {
    const service: ServiceConfig = project.services[name] ?? project.disabled_services[name] ?? { name, image: 'busybox' };
    const seen = new Set<number>();
    for (const c of shape.containers[i] ?? []) {
      if (seen.has(c.number) && !c.leftover) continue;
      seen.add(c.number);
      const finalName = c.oneoff ? `app-${name}-run-${c.number}` : containerName(project.name, service, c.number);
      if (!c.oneoff && service.container_name !== undefined && c.number !== 1) continue;
      const id = sha256Hex(`${name} ${c.number}${c.leftover ? ' leftover' : ''}${c.oneoff ? ' oneoff' : ''}`);
      const snapshot = configSnapshot(serviceHashInput(project, service, {}));
      const ref = imageRef(project.name, service) ?? '';
      const wanted = serviceNetworkKeys(service).flatMap((k) => networkConfig(project, k)?.name ?? []);
      const attached = wanted.filter((n) => networkNames.has(n) && !c.dropNetwork);
      if (networkNames.has('app_legacy') && c.dropNetwork) attached.push('app_legacy');
      const mounted = serviceVolumeKeys(service).flatMap((k) => project.volumes[k]?.name ?? []).filter((v) => volumeNames.has(v));
      const base: ObservedContainer = {
        id,
        name: c.leftover ? temporaryName(sha256Hex(`${name} ${c.number}`), finalName) : finalName,
        service: name,
        number: c.oneoff ? 0 : c.number,
        oneoff: c.oneoff,
        state: c.state,
        ...(c.state === 'exited' ? { exitCode: c.exitCode } : {}),
        ...(c.hash === 'current' ? { configHash: snapshotHash(snapshot), config: snapshot } : c.hash === 'stale' ? { configHash: 'stale' } : {}),
        image: c.staleImage ? 'sha256:old' : (shape.images[ref] ?? 'sha256:gone'),
        networks: attached,
        volumes: mounted,
        created: 0,
      };
      // Docker names are unique.
      if (!containers.some((other) => other.name === base.name)) containers.push(base);
    }
  });
  // A container joins containers that exist (a stale join, left by an interrupted pass, is a unit test's case).
  const withJoins = containers.map((container): ObservedContainer => {
    const service = project.services[container.service];
    if (!service || container.oneoff) return container;
    const joined = serviceDependencies(service)
      .filter((d) => d.kinds.some((k) => joiningKinds.has(k)))
      .flatMap((d) => containers.filter((c) => c.service === d.service && !c.oneoff).sort((a, b) => a.number - b.number)[0]?.id ?? []);
    return joined.length > 0 ? { ...container, joined } : container;
  });
  return { project: project.name, containers: withJoins, networks, volumes, images: shape.images };
}

export function optionsArbitrary(project: Project): fc.Arbitrary<ReconcileOptions> {
  const names = Object.keys(project.services);
  return fc.record(
    {
      targets: fc.subarray(names, { maxLength: Math.min(2, names.length) }),
      noDeps: fc.boolean(),
      recreate: fc.constantFrom(undefined, undefined, 'force' as const, 'never' as const),
      removeOrphans: fc.boolean(),
      noStart: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      scale: fc.dictionary(fc.constantFrom(...names), fc.integer({ min: 0, max: 3 }), { maxKeys: 1 }),
    },
    { requiredKeys: [] },
  );
}
