import type { ContainerCreateBody, ContainerMount, HostConfig } from '../runtime/client/index.ts';
import type { Project, ServiceConfig } from '../spec/index.ts';
import { definedOnly, healthcheck, hostSettings, restartPolicy, stopTimeoutSeconds } from './container-host.ts';
import { containerLabels, type ContainerIdentity } from './container-labels.ts';
import { containerStorage, type InjectedFile } from './container-mounts.ts';
import { containerNetworking, exposedPorts, joinMode, portBindings, type NetworkAttachment } from './container-network.ts';

/**
 * A service and one of its containers (a replica or a one-off) to the body
 * of Docker's `POST /containers/create`, plus what must happen between
 * create and start: the other networks to connect, the files to copy in.
 * Pure: the same input gives the same body, so tests compare it whole.
 */

/** What `stack run` changes about a service for its one-off container. */
export interface OneoffOverrides {
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** `-e KEY=value` (or `KEY`, which unsets nothing and takes no value here). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly workingDir?: string;
  readonly tty?: boolean;
  readonly stdin?: boolean;
  /** `--service-ports`: publish the service's ports (a one-off publishes none by default). */
  readonly publishPorts?: boolean;
  /** `--use-aliases`: join the networks under the service's aliases. */
  readonly useAliases?: boolean;
  /** `--rm`: the engine removes the container when it exits. */
  readonly autoRemove?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ContainerConfigInput {
  readonly project: Project;
  readonly service: ServiceConfig;
  readonly identity: ContainerIdentity;
  /** The image reference the container is created from. */
  readonly imageRef: string;
  /** The image id it resolves to now, for the `com.docker.compose.image` label. */
  readonly imageId?: string;
  /** Service → its containers' names (the first is joined): `network_mode`/`ipc`/`pid: service:x`, `volumes_from`, `links`. */
  readonly peers: Readonly<Record<string, readonly string[]>>;
  /** The mounts of the container this one replaces: its anonymous volumes are taken over. */
  readonly inheritedMounts?: readonly ContainerMount[];
  readonly overrides?: OneoffOverrides;
  /** stack's version, for the `dev.stack.version` label. */
  readonly version: string;
}

export interface ContainerConfig {
  readonly body: ContainerCreateBody;
  /** Networks to connect after create and before start. */
  readonly connect: readonly NetworkAttachment[];
  /** Files to copy in after create and before start. */
  readonly files: readonly InjectedFile[];
}

export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const { project, service, identity, peers, overrides } = input;
  const oneoff = identity.kind === 'oneoff';
  const networking = containerNetworking(project, service, peers, !oneoff || overrides?.useAliases === true);
  const storage = containerStorage(project, service, input.inheritedMounts);
  const restart = oneoff ? undefined : restartPolicy(service);
  const bindings = portBindings(service, !oneoff || overrides?.publishPorts === true);
  const host: HostConfig = {
    ...hostSettings(service),
    ...definedOnly({
      NetworkMode: networking.networkMode,
      RestartPolicy: restart,
      AutoRemove: overrides?.autoRemove === true ? true : undefined,
      PortBindings: Object.keys(bindings).length > 0 ? bindings : undefined,
      Binds: storage.binds.length > 0 ? storage.binds : undefined,
      Mounts: storage.mounts.length > 0 ? storage.mounts : undefined,
      Tmpfs: Object.keys(storage.tmpfs).length > 0 ? storage.tmpfs : undefined,
      VolumesFrom: listOrUndefined(volumesFrom(service, peers)),
      Links: listOrUndefined(links(service, peers)),
      IpcMode: service.ipc === undefined ? undefined : joinMode(service.ipc, peers, 'ipc', service.name),
      PidMode: service.pid === undefined ? undefined : joinMode(service.pid, peers, 'pid', service.name),
    }),
  };
  const tty = overrides?.tty ?? service.tty;
  const stdin = overrides?.stdin ?? service.stdin_open;
  const exposed = exposedPorts(service);
  const body = definedOnly({
    Image: input.imageRef,
    Cmd: overrides?.command ?? service.command,
    Entrypoint: entrypoint(overrides?.entrypoint ?? service.entrypoint),
    Env: environment(service, overrides?.environment),
    Labels: { ...containerLabels(project, service, identity, input.imageId, input.version), ...(overrides?.labels ?? {}) },
    WorkingDir: overrides?.workingDir ?? service.working_dir,
    User: overrides?.user ?? service.user,
    Hostname: service.hostname,
    Domainname: service.domainname,
    MacAddress: service.mac_address,
    Tty: tty,
    OpenStdin: stdin,
    StdinOnce: oneoff && stdin === true ? true : undefined,
    AttachStdin: oneoff && stdin === true ? true : undefined,
    StopSignal: service.stop_signal,
    StopTimeout: stopTimeoutSeconds(service),
    Healthcheck: healthcheck(service),
    ExposedPorts: Object.keys(exposed).length > 0 ? exposed : undefined,
    HostConfig: host,
    NetworkingConfig: networking.first ? { EndpointsConfig: { [networking.first.network]: networking.first.endpoint } } : undefined,
  }) as unknown as ContainerCreateBody;
  return { body, connect: networking.rest, files: storage.files };
}

/** `KEY=value`, sorted; a variable with no value (`KEY:` or bare `KEY` unset in the shell) is left out, as Compose. */
function environment(service: ServiceConfig, extra: Readonly<Record<string, string>> | undefined): string[] | undefined {
  const merged: Record<string, string | null> = { ...(service.environment ?? {}), ...(extra ?? {}) };
  const entries = Object.keys(merged)
    .sort()
    .flatMap((key) => (merged[key] === null || merged[key] === undefined ? [] : [`${key}=${merged[key]}`]));
  return entries.length > 0 ? entries : undefined;
}

/** An empty `entrypoint:` clears the image's: Docker takes `[""]` for that. */
function entrypoint(value: readonly string[] | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  return value.length === 0 ? [''] : value;
}

function volumesFrom(service: ServiceConfig, peers: Readonly<Record<string, readonly string[]>>): string[] {
  return (service.volumes_from ?? []).map((entry) => {
    if (entry.startsWith('container:')) return entry.slice('container:'.length);
    const [name = '', mode] = entry.split(':');
    const peer = peers[name]?.[0] ?? name;
    return mode ? `${peer}:${mode}` : peer;
  });
}

/** `links: [db:database]` → `app-db-1:database`; external links pass as they are. */
function links(service: ServiceConfig, peers: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  for (const link of service.links ?? []) {
    const [name = '', alias] = link.split(':');
    const containers = peers[name] ?? [];
    for (const container of containers) out.push(`${container}:${alias ?? name}`);
  }
  for (const link of service.external_links ?? []) out.push(link.includes(':') ? link : `${link}:${link}`);
  return out;
}

function listOrUndefined<T>(list: readonly T[]): readonly T[] | undefined {
  return list.length > 0 ? list : undefined;
}
