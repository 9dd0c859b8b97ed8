import type { IpamConfig } from './ipam.ts';
import type { PortRequest, PublishedPort } from './ports.ts';

/**
 * The records the NetworkManager persists under `<root>/networks`, and the
 * shapes of its API. Records are the source of truth: address allocations,
 * DNS answers, NAT rules and port proxies are all derived from them.
 */

export type NetworkMode = 'bridge' | 'none' | 'host';

/** `<root>/networks/networks/<id>.json` */
export interface NetworkRecord {
  readonly id: string;
  readonly name: string;
  readonly driver: 'bridge';
  readonly ipam: IpamConfig;
  /** Whether the user gave ipam.config (inspect shows the config either way). */
  readonly ipamRequested: boolean;
  /** `stk<inst>-<n>` */
  readonly bridge: string;
  readonly mtu?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly attachable: boolean;
  /** RFC 3339, as Docker's `Created`. */
  readonly created: string;
}

/** One container's interface on one network. */
export interface EndpointRecord {
  readonly networkId: string;
  /** 64 hex, as Docker's `EndpointID`. */
  readonly endpointId: string;
  /** Inside the container: eth0, eth1... */
  readonly interface: string;
  readonly hostVeth: string;
  readonly ipv4: string;
  readonly mac: string;
  /** DNS names besides the container's name and short id (Compose: the service name). */
  readonly aliases: readonly string[];
  /** The address the user asked for (`ipv4_address`), kept so that inspect shows `IPAMConfig`. */
  readonly requestedIpv4?: string;
}

/** `<root>/networks/containers/<id>.json`: everything the manager knows of one container. */
export interface AttachmentRecord {
  readonly containerId: string;
  /** Without Docker's leading slash. */
  readonly name: string;
  readonly hostname: string;
  readonly networkMode: NetworkMode;
  /** Absent for `host`. */
  readonly netns?: string;
  /** In priority order: the first carries the default route and the resolv.conf nameserver. */
  readonly endpoints: readonly EndpointRecord[];
  /** Bound now: non-empty only while the container runs (publishPorts at start, unpublishPorts at exit), as Docker. */
  readonly ports: readonly PublishedPort[];
  /**
   * What to publish at each start. Absent in records written before ports
   * were bound at start: their bound ports stand for the requests.
   */
  readonly portRequests?: readonly PortRequest[];
  readonly extraHosts: readonly string[];
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly dnsOptions: readonly string[];
}

/** A network the container joins: by name, id or unique id prefix. */
export interface NetworkAttachRequest {
  readonly network: string;
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
}

export interface AttachRequest {
  readonly name: string;
  /** Default: the first 12 hex of the id, as Docker does. */
  readonly hostname?: string;
  readonly networkMode: NetworkMode;
  /** For `bridge` mode; empty means the predefined network `bridge`. */
  readonly networks?: readonly NetworkAttachRequest[];
  readonly ports?: readonly PortRequest[];
  /** Docker's `name:address` strings. */
  readonly extraHosts?: readonly string[];
  readonly dns?: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
}

export interface EndpointInfo {
  readonly networkId: string;
  readonly networkName: string;
  readonly endpointId: string;
  readonly interface: string;
  readonly ipv4: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly mac: string;
  readonly aliases: readonly string[];
}

/** What the container engineer needs to start the container, after attach, connect or disconnect. */
export interface ContainerNetworkConfig {
  /** `/run/netns/stk<inst>-<12hex>` for runc's network namespace; absent for `host` (share the host's). */
  readonly netnsPath?: string;
  readonly endpoints: readonly EndpointInfo[];
  readonly hostname: string;
  /** Contents of /etc/hosts, /etc/resolv.conf and /etc/hostname. */
  readonly etcHosts: string;
  readonly resolvConf: string;
  readonly etcHostname: string;
  /** The host ports bound now: none after attach, the bound ones after publishPorts. */
  readonly ports: readonly PublishedPort[];
  /** Things ignored on purpose, for the API's `Warnings`. */
  readonly warnings: readonly string[];
}

export interface CreateNetworkRequest {
  readonly name: string;
  /** `bridge` or absent. */
  readonly driver?: string;
  readonly ipam?: { readonly subnet?: string; readonly gateway?: string; readonly ipRange?: string; readonly auxAddresses?: Readonly<Record<string, string>> };
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enableIpv6?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}
