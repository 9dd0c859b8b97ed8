import { sha256Hex } from '../base/canonical-json.ts';
import { sortedEntries } from '../base/sort.ts';
import { subnetPrefix } from './ipam.ts';
import { dockerPortMap } from './ports.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

/**
 * Our records in the Docker Engine API's shapes (v1.41): `GET /networks/{id}`
 * and a container's `NetworkSettings`. Field names and empty values follow
 * what dockerd 20.10 returns, because docker-compose and the docker CLI read
 * them.
 */

export interface DockerNetwork {
  readonly Name: string;
  readonly Id: string;
  readonly Created: string;
  readonly Scope: 'local';
  readonly Driver: string;
  readonly EnableIPv6: false;
  readonly IPAM: { readonly Driver: 'default'; readonly Options: null; readonly Config: readonly Record<string, unknown>[] };
  readonly Internal: boolean;
  readonly Attachable: boolean;
  readonly Ingress: false;
  readonly ConfigFrom: { readonly Network: '' };
  readonly ConfigOnly: false;
  readonly Containers: Readonly<Record<string, { readonly Name: string; readonly EndpointID: string; readonly MacAddress: string; readonly IPv4Address: string; readonly IPv6Address: string }>>;
  readonly Options: Readonly<Record<string, string>>;
  readonly Labels: Readonly<Record<string, string>>;
}

export type PredefinedMode = 'host' | 'none';

/** The driver Docker shows for the predefined networks. */
const predefinedDriver: Record<PredefinedMode, string> = { host: 'host', none: 'null' };

/** Stable per instance, so `docker network ls` shows the same ids across restarts. */
export function predefinedNetworkId(instance: string, mode: PredefinedMode): string {
  return sha256Hex(`stackd/${instance}/network/${mode}`);
}

/** `withContainers: false` is the list form: Docker's `GET /networks` leaves `Containers` empty. */
export function dockerNetwork(record: NetworkRecord, attachments: readonly AttachmentRecord[], withContainers: boolean): DockerNetwork {
  const containers: Record<string, DockerNetwork['Containers'][string]> = {};
  if (withContainers) {
    const prefix = subnetPrefix(record.ipam);
    for (const attachment of attachments) {
      const endpoint = attachment.endpoints.find((e) => e.networkId === record.id);
      if (!endpoint) continue;
      containers[attachment.containerId] = { Name: attachment.name, EndpointID: endpoint.endpointId, MacAddress: endpoint.mac, IPv4Address: `${endpoint.ipv4}/${prefix}`, IPv6Address: '' };
    }
  }
  const config: Record<string, unknown> = { Subnet: record.ipam.subnet, Gateway: record.ipam.gateway };
  if (record.ipam.ipRange) config.IPRange = record.ipam.ipRange;
  if (record.ipam.auxAddresses) config.AuxiliaryAddresses = record.ipam.auxAddresses;
  return {
    Name: record.name,
    Id: record.id,
    Created: record.created,
    Scope: 'local',
    Driver: record.driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [config] },
    Internal: record.internal,
    Attachable: record.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(sortedEntries(containers)),
    Options: record.options,
    Labels: record.labels,
  };
}

export function dockerPredefinedNetwork(instance: string, mode: PredefinedMode, created: string, attachments: readonly AttachmentRecord[], withContainers: boolean): DockerNetwork {
  const containers: Record<string, DockerNetwork['Containers'][string]> = {};
  if (withContainers) {
    for (const a of attachments) if (a.networkMode === mode) containers[a.containerId] = { Name: a.name, EndpointID: sha256Hex(`${a.containerId}/${mode}`), MacAddress: '', IPv4Address: '', IPv6Address: '' };
  }
  return {
    Name: mode,
    Id: predefinedNetworkId(instance, mode),
    Created: created,
    Scope: 'local',
    Driver: predefinedDriver[mode],
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(sortedEntries(containers)),
    Options: {},
    Labels: {},
  };
}

export interface DockerEndpointSettings {
  readonly IPAMConfig: { readonly IPv4Address: string } | null;
  readonly Links: null;
  readonly Aliases: readonly string[] | null;
  readonly NetworkID: string;
  readonly EndpointID: string;
  readonly Gateway: string;
  readonly IPAddress: string;
  readonly IPPrefixLen: number;
  readonly IPv6Gateway: '';
  readonly GlobalIPv6Address: '';
  readonly GlobalIPv6PrefixLen: 0;
  readonly MacAddress: string;
  readonly DriverOpts: null;
}

/**
 * A container's `NetworkSettings`. As in Docker, the top-level address fields
 * are filled only for the predefined `bridge` network; compose reads
 * `Networks`.
 */
export function dockerNetworkSettings(instance: string, attachment: AttachmentRecord, networks: ReadonlyMap<string, NetworkRecord>, exposed: readonly string[] = []): Record<string, unknown> {
  const entries: Record<string, DockerEndpointSettings> = {};
  let primary: DockerEndpointSettings | undefined;
  if (attachment.networkMode !== 'bridge') {
    const mode = attachment.networkMode;
    entries[mode] = emptyEndpoint(predefinedNetworkId(instance, mode), sha256Hex(`${attachment.containerId}/${mode}`));
  }
  for (const endpoint of attachment.endpoints) {
    const network = networks.get(endpoint.networkId);
    if (!network) continue;
    const settings: DockerEndpointSettings = {
      ...emptyEndpoint(network.id, endpoint.endpointId),
      IPAMConfig: endpoint.requestedIpv4 ? { IPv4Address: endpoint.requestedIpv4 } : null,
      Aliases: endpoint.aliases.length > 0 ? endpoint.aliases : null,
      Gateway: network.ipam.gateway,
      IPAddress: endpoint.ipv4,
      IPPrefixLen: subnetPrefix(network.ipam),
      MacAddress: endpoint.mac,
    };
    entries[network.name] = settings;
    if (network.name === 'bridge') primary = settings;
  }
  return {
    Bridge: '',
    SandboxID: attachment.netns ? sha256Hex(attachment.netns) : '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: attachment.networkMode === 'bridge' ? dockerPortMap(attachment.ports, exposed) : {},
    SandboxKey: attachment.netns ? `/run/netns/${attachment.netns}` : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: primary?.EndpointID ?? '',
    Gateway: primary?.Gateway ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: primary?.IPAddress ?? '',
    IPPrefixLen: primary?.IPPrefixLen ?? 0,
    IPv6Gateway: '',
    MacAddress: primary?.MacAddress ?? '',
    Networks: Object.fromEntries(sortedEntries(entries)),
  };
}

function emptyEndpoint(networkId: string, endpointId: string): DockerEndpointSettings {
  return { IPAMConfig: null, Links: null, Aliases: null, NetworkID: networkId, EndpointID: endpointId, Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '', DriverOpts: null };
}
