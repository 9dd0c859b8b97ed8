import { compareStrings } from '../base/sort.ts';
import { parseIpv4 } from './ipv4.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

/**
 * The names the embedded DNS server answers, per network, built from the
 * records (pure). Rebuilt whole after every change: it is small, and a
 * rebuilt table cannot drift from the records.
 *
 * On a network, an endpoint answers to the container's name, its short id
 * (12 hex) and its aliases (Compose puts the service name there); the same
 * names qualified with the network's name (`web.app_default`) answer too.
 */

export interface DnsNetworkView {
  readonly id: string;
  readonly name: string;
  readonly internal: boolean;
  /** Lowercase name → addresses, in address order (the server rotates them). */
  readonly names: ReadonlyMap<string, readonly string[]>;
  /** Address (as a number) → the PTR target `<container name>.<network name>`. */
  readonly reverse: ReadonlyMap<number, string>;
}

export interface DnsContainerView {
  /** In the container's priority order. */
  readonly networks: readonly string[];
  /** Compose `dns`: where this container's other queries go instead of the defaults. */
  readonly upstreams: readonly string[];
}

export interface DnsTable {
  readonly networks: ReadonlyMap<string, DnsNetworkView>;
  readonly containers: ReadonlyMap<string, DnsContainerView>;
  /** Address → container id, over all networks (our subnets never overlap): who is asking. */
  readonly containerByAddress: ReadonlyMap<string, string>;
}

export function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function buildDnsTable(networks: readonly NetworkRecord[], attachments: readonly AttachmentRecord[]): DnsTable {
  const names = new Map<string, Map<string, string[]>>();
  const reverse = new Map<string, Map<number, string>>();
  const containerByAddress = new Map<string, string>();
  const networkName = new Map(networks.map((n) => [n.id, n.name]));
  for (const n of networks) {
    names.set(n.id, new Map());
    reverse.set(n.id, new Map());
  }
  const containers = new Map<string, DnsContainerView>();
  const sorted = [...attachments].sort((a, b) => compareStrings(a.containerId, b.containerId));
  for (const attachment of sorted) {
    containers.set(attachment.containerId, { networks: attachment.endpoints.map((e) => e.networkId), upstreams: attachment.dns });
    for (const endpoint of attachment.endpoints) {
      const networkNames = names.get(endpoint.networkId);
      if (!networkNames) continue;
      const endpointNames = new Set([attachment.name, attachment.containerId.slice(0, 12), ...endpoint.aliases].map(normalizeDnsName).filter(Boolean));
      for (const name of endpointNames) {
        const list = networkNames.get(name) ?? [];
        if (!list.includes(endpoint.ipv4)) list.push(endpoint.ipv4);
        networkNames.set(name, list);
      }
      reverse.get(endpoint.networkId)?.set(parseIpv4(endpoint.ipv4) as number, `${attachment.name}.${networkName.get(endpoint.networkId)}`);
      containerByAddress.set(endpoint.ipv4, attachment.containerId);
    }
  }
  const views = new Map<string, DnsNetworkView>();
  for (const n of networks) {
    const networkNames = names.get(n.id) as Map<string, string[]>;
    for (const list of networkNames.values()) list.sort((a, b) => (parseIpv4(a) as number) - (parseIpv4(b) as number));
    views.set(n.id, { id: n.id, name: normalizeDnsName(n.name), internal: n.internal, names: networkNames, reverse: reverse.get(n.id) as Map<number, string> });
  }
  return { networks: views, containers, containerByAddress };
}

/**
 * The networks whose names a query may see. A container of ours sees the
 * networks it is on (the one the query arrived on first), also when it asks
 * another network's gateway, which it can reach through the host: asking
 * there must not reveal that network's names. A source that is none of our
 * containers (the host itself) sees the arrival network only.
 */
export function queryScope(table: DnsTable, networkId: string, source: string): { readonly networks: readonly DnsNetworkView[]; readonly containerId?: string } {
  const arrival = table.networks.get(networkId);
  const containerId = table.containerByAddress.get(source);
  const container = containerId ? table.containers.get(containerId) : undefined;
  if (!containerId || !container) return { networks: arrival ? [arrival] : [] };
  const ordered = container.networks.includes(networkId) ? [networkId, ...container.networks.filter((id) => id !== networkId)] : container.networks;
  return { networks: ordered.map((id) => table.networks.get(id)).filter((v): v is DnsNetworkView => v !== undefined), containerId };
}

/** The addresses of a name within a scope: the first network that knows it wins, as in Docker. */
export function lookupName(scope: readonly DnsNetworkView[], name: string): readonly string[] | undefined {
  const wanted = normalizeDnsName(name);
  for (const view of scope) {
    const found = view.names.get(wanted);
    if (found) return found;
  }
  for (const view of scope) {
    const suffix = `.${view.name}`;
    if (wanted.endsWith(suffix)) {
      const found = view.names.get(wanted.slice(0, -suffix.length));
      if (found) return found;
    }
  }
  return undefined;
}

export function lookupAddress(scope: readonly DnsNetworkView[], address: number): string | undefined {
  for (const view of scope) {
    const found = view.reverse.get(address);
    if (found) return found;
  }
  return undefined;
}
