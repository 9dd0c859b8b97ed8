import type { DockerApi } from './docker-api.ts';
import { filters, segment, unexpected } from './wire.ts';
import { toNetworkDetails, toNetworkSummary } from './convert-resources.ts';
import { asArray, asRecord, asString, nonEmpty, optional } from './json-read.ts';
import type { CallOptions, ConnectOptions, DisconnectOptions, ListFilterOptions } from './runtime-client.ts';
import type { NetworkDetails, NetworkSummary } from './runtime-types.ts';
import type { NetworkCreateBody } from './resource-create-bodies.ts';

/** Network calls. */

const network = (action: string, name?: string) => ({ action, kind: 'network' as const, ...(name ? { name } : {}) });

export async function listNetworks(api: DockerApi, options: ListFilterOptions = {}): Promise<NetworkSummary[]> {
  const raw = await api.json({
    method: 'GET',
    path: '/networks',
    query: { filters: filters({ label: options.labels, name: options.names, id: options.ids }) },
    signal: options.signal,
    context: network('list'),
  });
  return asArray(raw).map(toNetworkSummary);
}

export async function inspectNetwork(api: DockerApi, idOrName: string, options: CallOptions = {}): Promise<NetworkDetails> {
  const raw = await api.json({ method: 'GET', path: `/networks/${segment(idOrName)}`, signal: options.signal, context: network('inspect', idOrName) });
  return toNetworkDetails(raw);
}

export async function createNetwork(api: DockerApi, body: NetworkCreateBody, options: CallOptions = {}): Promise<{ readonly id: string; readonly warning?: string }> {
  const raw = asRecord(await api.json({ method: 'POST', path: '/networks/create', body, signal: options.signal, context: network('create', body.Name) }));
  const id = asString(raw.Id);
  if (!id) throw unexpected('create network', raw);
  return { id, ...optional('warning', nonEmpty(raw.Warning)) };
}

export async function removeNetwork(api: DockerApi, idOrName: string, options: CallOptions = {}): Promise<void> {
  await api.json({ method: 'DELETE', path: `/networks/${segment(idOrName)}`, signal: options.signal, context: network('remove', idOrName) });
}

export async function connectNetwork(api: DockerApi, networkName: string, container: string, options: ConnectOptions = {}): Promise<void> {
  const ipam = options.ipv4Address || options.ipv6Address ? { IPv4Address: options.ipv4Address, IPv6Address: options.ipv6Address } : undefined;
  await api.json({
    method: 'POST',
    path: `/networks/${segment(networkName)}/connect`,
    body: {
      Container: container,
      EndpointConfig: { Aliases: options.aliases, IPAMConfig: ipam, Links: options.links, MacAddress: options.macAddress, DriverOpts: options.driverOpts },
    },
    signal: options.signal,
    context: network(`connect container "${container}" to`, networkName),
  });
}

export async function disconnectNetwork(api: DockerApi, networkName: string, container: string, options: DisconnectOptions = {}): Promise<void> {
  await api.json({
    method: 'POST',
    path: `/networks/${segment(networkName)}/disconnect`,
    body: { Container: container, Force: options.force ?? false },
    signal: options.signal,
    context: network(`disconnect container "${container}" from`, networkName),
  });
}
