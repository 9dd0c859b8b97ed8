import { StackError } from '../base/index.ts';
import type { EndpointSettings, PortBindingSpec } from '../runtime/client/index.ts';
import type { Project, ServiceConfig, ServiceNetworkConfig } from '../spec/index.ts';
import { networkNameOf } from './project-names.ts';

/**
 * How a container is wired: its network mode, the endpoint it is created
 * with, the networks it joins after create (API 1.41 takes one network in
 * the create call), and its ports. Pure.
 */

export interface NetworkAttachment {
  /** The compose key (`default`, `front`). */
  readonly key: string;
  /** The runtime name (`app_default`). */
  readonly network: string;
  readonly endpoint: EndpointSettings;
}

export interface ContainerNetworking {
  readonly networkMode?: string;
  /** The network given in the create call. */
  readonly first?: NetworkAttachment;
  /** Connected after create, before start. */
  readonly rest: readonly NetworkAttachment[];
}

/**
 * `aliases`: whether the endpoints carry the service name and its aliases
 * (replicas do; a one-off only with `run --use-aliases`, as Compose).
 * Docker adds the container's short id as an alias by itself on
 * user-defined networks, as Compose v1 did by hand.
 */
export function containerNetworking(project: Project, service: ServiceConfig, peers: Readonly<Record<string, readonly string[]>>, aliases: boolean): ContainerNetworking {
  if (service.network_mode !== undefined) return { networkMode: joinMode(service.network_mode, peers, 'network_mode', service.name), rest: [] };
  const entries = Object.entries(service.networks ?? { default: null });
  // Compose attaches by priority (highest first), then by key.
  entries.sort(([ka, a], [kb, b]) => (b?.priority ?? 0) - (a?.priority ?? 0) || (ka < kb ? -1 : ka > kb ? 1 : 0));
  const attachments = entries.map(([key, config]) => ({ key, network: networkNameOf(project, key), endpoint: endpointSettings(service, config, aliases) }));
  const [first, ...rest] = attachments;
  return { ...(first ? { networkMode: first.network, first } : {}), rest };
}

function endpointSettings(service: ServiceConfig, config: ServiceNetworkConfig | null, aliases: boolean): EndpointSettings {
  const names = aliases ? [service.name, ...(config?.aliases ?? [])] : [];
  const ipam = {
    ...(config?.ipv4_address ? { IPv4Address: config.ipv4_address } : {}),
    ...(config?.ipv6_address ? { IPv6Address: config.ipv6_address } : {}),
    ...(config?.link_local_ips?.length ? { LinkLocalIPs: config.link_local_ips } : {}),
  };
  return {
    ...(names.length > 0 ? { Aliases: [...new Set(names)] } : {}),
    ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
    ...(config?.mac_address ? { MacAddress: config.mac_address } : {}),
    ...(config?.driver_opts && Object.keys(config.driver_opts).length > 0 ? { DriverOpts: config.driver_opts } : {}),
  };
}

/**
 * `service:x` becomes `container:<x's first container>` (Docker resolves the
 * name to an id at create); every other mode (`host`, `none`, `bridge`,
 * `container:y`, a network name) passes as it is.
 */
export function joinMode(mode: string, peers: Readonly<Record<string, readonly string[]>>, field: string, service: string): string {
  if (!mode.startsWith('service:')) return mode;
  const target = mode.slice('service:'.length);
  const peer = peers[target]?.[0];
  if (peer === undefined) {
    throw new StackError({
      code: 'STK4504',
      errorClass: 'FailedPrecondition',
      message: `service "${service}" joins service "${target}" (${field}), which has no container`,
      hint: `start "${target}" first (\`stack up ${target}\`), or drop --no-deps`,
      resource: `service:${service}`,
    });
  }
  return `container:${peer}`;
}

/** `80/tcp` → bindings, for every published port; `publish: false` (a one-off without --service-ports) publishes none. */
export function portBindings(service: ServiceConfig, publish: boolean): Record<string, PortBindingSpec[]> {
  const out: Record<string, PortBindingSpec[]> = {};
  if (!publish) return out;
  for (const port of service.ports ?? []) {
    const key = `${port.target}/${port.protocol || 'tcp'}`;
    const binding: PortBindingSpec = { HostIp: port.host_ip ?? '', HostPort: port.published ?? '' };
    (out[key] ??= []).push(binding);
  }
  return out;
}

/** Every container port the service declares (`ports` targets and `expose`), in Docker's `80/tcp` form. */
export function exposedPorts(service: ServiceConfig): Record<string, Record<string, never>> {
  const out: Record<string, Record<string, never>> = {};
  for (const port of service.ports ?? []) out[`${port.target}/${port.protocol || 'tcp'}`] = {};
  for (const entry of service.expose ?? []) {
    const [range = '', protocol = 'tcp'] = String(entry).split('/');
    const [from, to] = range.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to !== undefined && Number.isInteger(to) ? to : from;
    for (let p = from; p <= last; p++) out[`${p}/${protocol}`] = {};
  }
  return out;
}

/** Whether starting the container makes the engine pick host ports (a range or none given): such starts are serialized. */
export function picksHostPorts(service: ServiceConfig): boolean {
  return (service.ports ?? []).some((p) => p.published === undefined || p.published === '' || p.published.includes('-'));
}
