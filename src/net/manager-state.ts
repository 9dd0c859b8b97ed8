import { readFile } from 'node:fs/promises';
import { StackError } from '../base/errors.ts';
import { compareStrings } from '../base/sort.ts';
import type { HostFiles } from './container-config.ts';
import { EmbeddedDns } from './dns.ts';
import { buildDnsTable } from './dns-table.ts';
import type { PredefinedMode } from './docker-shapes.ts';
import { predefinedNetworkId } from './docker-shapes.ts';
import type { SubnetPool } from './ipam.ts';
import { parseIpv4 } from './ipv4.ts';
import type { NatNetwork } from './nat.ts';
import { NetworkStore } from './network-store.ts';
import type { PortTarget, PublishedPortSet } from './port-proxy.ts';
import { parseResolvConf } from './resolv-conf.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

/**
 * The manager's state, shared by its parts (network and container
 * lifecycles, recovery): the records in memory (the source of truth, mirrored
 * on disk by the store), and the live sockets derived from them (DNS
 * listeners, port proxies). Only the manager's serial queue touches it.
 */

export interface ManagerSettings {
  readonly instance: string;
  readonly pools: readonly SubnetPool[];
  readonly hostResolvConfPath: string;
  readonly hostHostsPath: string;
  readonly udpIdleMs: number;
}

export type ResolvedNetwork = { readonly kind: 'network'; readonly record: NetworkRecord } | { readonly kind: 'predefined'; readonly mode: PredefinedMode };

export class ManagerState {
  readonly settings: ManagerSettings;
  readonly store: NetworkStore;
  readonly dns: EmbeddedDns;
  readonly networks = new Map<string, NetworkRecord>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** Records of containers being detached: out of the live state, but their addresses and veths still taken. */
  readonly detaching = new Map<string, AttachmentRecord>();
  readonly proxies = new Map<string, PublishedPortSet>();
  /** Host veths of removed containers that the kernel is still tearing down (see releaseContainerNetns). */
  readonly fading = new Set<Promise<void>>();
  /** When this manager started: the `Created` of the predefined networks. */
  readonly started = new Date().toISOString();

  constructor(settings: ManagerSettings, store: NetworkStore, dns: EmbeddedDns) {
    this.settings = settings;
    this.store = store;
    this.dns = dns;
  }

  get instance(): string {
    return this.settings.instance;
  }

  /** By exact id, exact name, then unique id prefix, as dockerd looks networks up. */
  resolveNetwork(ref: string): ResolvedNetwork {
    for (const mode of ['host', 'none'] as const) {
      if (ref === mode || ref === predefinedNetworkId(this.instance, mode)) return { kind: 'predefined', mode };
    }
    const byId = this.networks.get(ref);
    if (byId) return { kind: 'network', record: byId };
    const records = this.sortedNetworks();
    const byName = records.find((n) => n.name === ref);
    if (byName) return { kind: 'network', record: byName };
    const byPrefix = ref.length > 0 ? records.filter((n) => n.id.startsWith(ref)) : [];
    if (byPrefix.length === 1 && byPrefix[0]) return { kind: 'network', record: byPrefix[0] };
    throw new StackError({
      code: 'STK6001',
      errorClass: 'NotFound',
      message: byPrefix.length > 1 ? `network id prefix "${ref}" matches ${byPrefix.length} networks` : `network "${ref}" not found`,
      hint: byPrefix.length > 1 ? 'Give more of the id, or the name.' : 'List networks with `docker network ls` (or create it first).',
      resource: `network:${ref}`,
    });
  }

  /** A bridge network record, or NotFound (host and none are not bridges). */
  bridgeNetwork(ref: string): NetworkRecord {
    const resolved = this.resolveNetwork(ref);
    if (resolved.kind === 'network') return resolved.record;
    throw new StackError({
      code: 'STK6016',
      errorClass: 'FailedPrecondition',
      message: `network "${resolved.mode}" is not a bridge network: containers join it with network_mode: ${resolved.mode}`,
      hint: `Use network_mode: ${resolved.mode} instead of listing it under networks.`,
      resource: `network:${ref}`,
    });
  }

  sortedNetworks(): NetworkRecord[] {
    return [...this.networks.values()].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  }

  sortedAttachments(): AttachmentRecord[] {
    return [...this.attachments.values()].sort((a, b) => compareStrings(a.containerId, b.containerId));
  }

  attachment(containerId: string): AttachmentRecord {
    const found = this.attachments.get(containerId);
    if (found) return found;
    throw new StackError({
      code: 'STK6014',
      errorClass: 'NotFound',
      message: `container ${containerId.slice(0, 12)} has no network record`,
      hint: 'Attach the container (at create) before connecting or disconnecting networks.',
      resource: `container:${containerId}`,
    });
  }

  /** Addresses of a network that containers hold. */
  usedAddresses(networkId: string): Set<number> {
    const used = new Set<number>();
    for (const attachment of [...this.attachments.values(), ...this.detaching.values()]) {
      for (const endpoint of attachment.endpoints) if (endpoint.networkId === networkId) used.add(parseIpv4(endpoint.ipv4) as number);
    }
    return used;
  }

  /** Host-side veth names in use by any record. */
  usedVeths(): Set<string> {
    return new Set([...this.attachments.values(), ...this.detaching.values()].flatMap((a) => a.endpoints.map((e) => e.hostVeth)));
  }

  natNetworks(): NatNetwork[] {
    return this.sortedNetworks().map((n) => ({ bridge: n.bridge, subnet: n.ipam.subnet, internal: n.internal }));
  }

  refreshDns(): void {
    this.dns.setTable(buildDnsTable(this.sortedNetworks(), this.sortedAttachments()));
  }

  /** The port proxy's target: the container's address on its first network, read per connection. */
  proxyTarget(containerId: string): PortTarget {
    return () => this.attachments.get(containerId)?.endpoints[0]?.ipv4;
  }

  async hostFiles(): Promise<HostFiles> {
    const [resolvText, hosts] = await Promise.all([readOptional(this.settings.hostResolvConfPath), readOptional(this.settings.hostHostsPath)]);
    return { resolv: parseResolvConf(resolvText), resolvText, hosts };
  }
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
