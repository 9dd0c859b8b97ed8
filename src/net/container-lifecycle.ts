import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { StackError, throwIfAborted } from '../base/errors.ts';
import { containerNetworkConfig, defaultGateway } from './container-config.ts';
import { parseExtraHosts } from './etc-hosts.ts';
import { listLinks, listNetns } from './host-state.ts';
import { allocateAddress, claimAddress, subnetPrefix } from './ipam.ts';
import { formatIpv4, parseIpv4 } from './ipv4.ts';
import type { ManagerState } from './manager-state.ts';
import { assertContainerId, macForAddress, netnsName, vethName } from './names.ts';
import { addNetnsEndpoint, createContainerNetns, deleteContainerNetns, type NetnsEndpoint, releaseContainerNetns, removeNetnsEndpoint } from './netns.ts';
import { DEFAULT_BRIDGE_NAME, createNetwork } from './network-lifecycle.ts';
import { publishPorts, type PublishedPortSet } from './port-proxy.ts';
import { validatePortRequests } from './ports.ts';
import type { AttachmentRecord, AttachRequest, ContainerNetworkConfig, EndpointRecord, NetworkAttachRequest, NetworkRecord } from './types.ts';

/**
 * A container's networking from create to removal. The order of attach is
 * chosen so that the likely failures come before anything is made: inputs and
 * addresses are checked, then the record is written, then the namespace is
 * made. Any failure undoes what was done. Host ports are bound at each start
 * and released at each exit, as Docker does (a stopped container holds no
 * port); a port in use fails the start, with nothing to undo but closing the
 * listeners bound before it.
 *
 *   attach:  [queue] check ─▶ allocate addresses ─▶ reserve │ record ─▶ netns + veths │ [queue] DNS names
 *   publish (start) / unpublish (exit): port requests ⇄ listeners, record.ports
 *   connect / disconnect: record ⇄ one veth; the default route follows the first network
 *   detach:  [queue] ports ─▶ names out, addresses held │ netns deleted (the kernel removes its veths in the background) ─▶ record │ [queue] addresses released
 */

/** What attach decided in the queue, for the kernel work done outside it. */
export type AttachPlan =
  | { readonly done: true; readonly config: ContainerNetworkConfig }
  | { readonly done: false; readonly record: AttachmentRecord; readonly netns: string; readonly endpoints: readonly EndpointRecord[]; readonly warnings: readonly string[] };

/**
 * Attach, phase 1 (in the manager's queue): checks, addresses, veth and
 * interface names, and the record reserved in memory so that the next
 * attach sees what this one took. The kernel work (phase 2, wireAttach)
 * runs outside the queue, so attaches of many containers overlap; phase 3
 * (finishAttach, or undoAttach on failure) is in the queue again.
 */
export async function planAttach(state: ManagerState, containerId: string, request: AttachRequest, signal: AbortSignal | undefined): Promise<AttachPlan> {
  assertContainerId(containerId);
  throwIfAborted(signal);
  if (state.attachments.has(containerId)) {
    throw new StackError({ code: 'STK6015', errorClass: 'AlreadyExists', message: `container ${containerId.slice(0, 12)} already has a network record`, hint: 'Detach it (at removal) before attaching it again.', resource: `container:${containerId}` });
  }
  parseExtraHosts(request.extraHosts ?? []);
  const warnings: string[] = [];
  const requestedPorts = request.ports ?? [];
  validatePortRequests(requestedPorts);
  if (request.networkMode !== 'bridge' && requestedPorts.length > 0) warnings.push(`published ports are discarded with network_mode: ${request.networkMode}`);
  if (request.networkMode !== 'bridge' && (request.networks?.length ?? 0) > 0) {
    throw new StackError({ code: 'STK6016', errorClass: 'FailedPrecondition', message: `a container with network_mode: ${request.networkMode} cannot join other networks`, hint: 'Use either network_mode or networks.', resource: `container:${request.name}` });
  }

  const base = {
    containerId,
    name: request.name.replace(/^\//, ''),
    hostname: request.hostname || (request.networkMode === 'host' ? osHostname() : containerId.slice(0, 12)),
    networkMode: request.networkMode,
    extraHosts: request.extraHosts ?? [],
    dns: request.dns ?? [],
    dnsSearch: request.dnsSearch ?? [],
    dnsOptions: request.dnsOptions ?? [],
  };
  // No namespace of ours for host (the host's) or none: runc makes that one with the container, loopback up.
  if (request.networkMode === 'host' || request.networkMode === 'none') {
    const record: AttachmentRecord = { ...base, endpoints: [], ports: [], portRequests: [] };
    await state.store.saveAttachment(record);
    state.attachments.set(containerId, record);
    return { done: true, config: containerNetworkConfig(record, state.networks, await state.hostFiles(), warnings) };
  }

  let wanted = request.networks ?? [];
  if (request.networkMode === 'bridge' && wanted.length === 0) {
    const existing = state.sortedNetworks().find((n) => n.name === DEFAULT_BRIDGE_NAME);
    const network = existing ?? (await createNetwork(state, { name: DEFAULT_BRIDGE_NAME, options: { 'com.docker.network.bridge.default_bridge': 'true' } }, signal, true));
    wanted = [{ network: network.id }];
  }
  const netns = netnsName(state.instance, containerId);
  const endpoints = await planEndpoints(state, containerId, [], wanted);
  const record: AttachmentRecord = { ...base, netns, endpoints, ports: [], portRequests: request.networkMode === 'bridge' ? requestedPorts : [] };
  state.attachments.set(containerId, record);
  return { done: false, record, netns, endpoints, warnings };
}

/** Attach, phase 2 (outside the queue): the record on disk, then the namespace and its veths. */
export async function wireAttach(state: ManagerState, plan: Extract<AttachPlan, { done: false }>, signal: AbortSignal | undefined): Promise<void> {
  await state.store.saveAttachment(plan.record);
  // A namespace of ours that no record claims is a leftover of a crash: replace it.
  if ((await listNetns()).has(plan.netns)) await deleteContainerNetns(plan.netns, []);
  await createContainerNetns(plan.netns, netnsEndpoints(state, plan.endpoints), defaultGateway(plan.record, state.networks), signal);
}

/** Attach failed in phase 2: the reservation and the record go (createContainerNetns cleaned up after itself). */
export async function undoAttach(state: ManagerState, containerId: string): Promise<void> {
  state.attachments.delete(containerId);
  await state.store.deleteAttachment(containerId).catch(() => undefined);
}

/** Attach, phase 3 (in the queue): DNS learns the names; the config the container starts with. */
export async function finishAttach(state: ManagerState, plan: Extract<AttachPlan, { done: false }>): Promise<ContainerNetworkConfig> {
  state.refreshDns();
  return containerNetworkConfig(plan.record, state.networks, await state.hostFiles(), plan.warnings);
}

/**
 * At each start: binds the container's published ports (idempotent while
 * they are bound). A port in use fails with nothing bound and the record
 * unchanged. A `0` host port gets a new free port at each start, as in Docker.
 */
export async function publishContainerPorts(state: ManagerState, containerId: string, signal: AbortSignal | undefined): Promise<ContainerNetworkConfig> {
  throwIfAborted(signal);
  const record = state.attachment(containerId);
  if (state.proxies.has(containerId) || record.networkMode !== 'bridge') return containerNetworkConfig(record, state.networks, await state.hostFiles());
  const requests = record.portRequests ?? record.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort }));
  if (requests.length === 0) return containerNetworkConfig(record, state.networks, await state.hostFiles());
  const ports = await publishPorts(requests, state.proxyTarget(containerId), { udpIdleMs: state.settings.udpIdleMs });
  const published: AttachmentRecord = { ...record, ports: ports.ports, portRequests: requests };
  try {
    await state.store.saveAttachment(published);
  } catch (error) {
    await ports.close();
    throw error;
  }
  state.attachments.set(containerId, published);
  state.proxies.set(containerId, ports);
  return containerNetworkConfig(published, state.networks, await state.hostFiles());
}

/** At each exit (and stop): releases the container's host ports; its namespace and addresses stay. Idempotent. */
export async function unpublishContainerPorts(state: ManagerState, containerId: string, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  await closeProxy(state.proxies, containerId);
  const record = state.attachments.get(containerId);
  if (!record || record.ports.length === 0) return;
  const released: AttachmentRecord = { ...record, ports: [], portRequests: record.portRequests ?? record.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol, hostIp: p.hostIp, hostPort: p.hostPort })) };
  await state.store.saveAttachment(released);
  state.attachments.set(containerId, released);
}

/** Addresses, interface names, veth names and MACs for new endpoints (no I/O but the link listing). */
async function planEndpoints(state: ManagerState, containerId: string, existing: readonly EndpointRecord[], wanted: readonly NetworkAttachRequest[]): Promise<EndpointRecord[]> {
  const links = await listLinks();
  const vethsTaken = state.usedVeths();
  const interfacesTaken = new Set(existing.map((e) => e.interface));
  const planned: EndpointRecord[] = [];
  for (const want of wanted) {
    const network = state.bridgeNetwork(want.network);
    if ([...existing, ...planned].some((e) => e.networkId === network.id)) {
      throw new StackError({ code: 'STK6015', errorClass: 'AlreadyExists', message: `container ${containerId.slice(0, 12)} is already connected to network "${network.name}"`, hint: 'Connect each network once.', resource: `network:${network.name}` });
    }
    const used = state.usedAddresses(network.id);
    for (const e of planned) if (e.networkId === network.id) used.add(parseIpv4(e.ipv4) as number);
    const address = want.ipv4Address ? claimAddress(network.ipam, want.ipv4Address, used) : allocateAddress(network.ipam, used);
    if (address === undefined) {
      throw new StackError({ code: 'STK6007', errorClass: 'Unavailable', message: `network "${network.name}" (${network.ipam.subnet}) has no free address left`, hint: 'Remove containers from it, or use a network with a larger subnet.', resource: `network:${network.name}` });
    }
    let attempt = 0;
    let veth = vethName(state.instance, containerId, network.id);
    while (vethsTaken.has(veth) || links.has(veth)) veth = vethName(state.instance, containerId, network.id, ++attempt);
    vethsTaken.add(veth);
    let index = 0;
    while (interfacesTaken.has(`eth${index}`)) index++;
    interfacesTaken.add(`eth${index}`);
    planned.push({
      networkId: network.id,
      endpointId: randomBytes(32).toString('hex'),
      interface: `eth${index}`,
      hostVeth: veth,
      ipv4: formatIpv4(address),
      mac: macForAddress(address),
      aliases: [...new Set(want.aliases ?? [])],
      ...(want.ipv4Address ? { requestedIpv4: want.ipv4Address } : {}),
    });
  }
  return planned;
}

export function netnsEndpoints(state: ManagerState, endpoints: readonly EndpointRecord[]): NetnsEndpoint[] {
  return endpoints.map((e) => {
    const network = state.networks.get(e.networkId) as NetworkRecord;
    return { hostVeth: e.hostVeth, bridge: network.bridge, interface: e.interface, addressCidr: `${e.ipv4}/${subnetPrefix(network.ipam)}`, mac: e.mac, ...(network.mtu ? { mtu: network.mtu } : {}) };
  });
}

function requireBridgeMode(record: AttachmentRecord): string {
  if (record.networkMode === 'bridge' && record.netns) return record.netns;
  throw new StackError({ code: 'STK6016', errorClass: 'FailedPrecondition', message: `container ${record.name} uses network_mode: ${record.networkMode} and cannot be connected to or disconnected from networks`, hint: 'Recreate the container without network_mode to use networks.', resource: `container:${record.name}` });
}

export async function connectContainer(state: ManagerState, containerId: string, want: NetworkAttachRequest, signal: AbortSignal | undefined): Promise<ContainerNetworkConfig> {
  throwIfAborted(signal);
  const before = state.attachment(containerId);
  const netns = requireBridgeMode(before);
  const [endpoint] = await planEndpoints(state, containerId, before.endpoints, [want]);
  const after: AttachmentRecord = { ...before, endpoints: [...before.endpoints, endpoint as EndpointRecord] };
  const gatewayBefore = defaultGateway(before, state.networks);
  const gatewayAfter = defaultGateway(after, state.networks);
  await state.store.saveAttachment(after);
  state.attachments.set(containerId, after);
  try {
    await addNetnsEndpoint(netns, netnsEndpoints(state, [endpoint as EndpointRecord])[0] as NetnsEndpoint, gatewayAfter !== gatewayBefore ? gatewayAfter : undefined, signal);
  } catch (error) {
    state.attachments.set(containerId, before);
    await state.store.saveAttachment(before).catch(() => undefined);
    throw error;
  }
  state.refreshDns();
  return containerNetworkConfig(after, state.networks, await state.hostFiles());
}

export async function disconnectContainer(state: ManagerState, containerId: string, networkRef: string, signal: AbortSignal | undefined): Promise<ContainerNetworkConfig> {
  throwIfAborted(signal);
  const before = state.attachment(containerId);
  const netns = requireBridgeMode(before);
  const network = state.bridgeNetwork(networkRef);
  const endpoint = before.endpoints.find((e) => e.networkId === network.id);
  if (!endpoint) {
    throw new StackError({ code: 'STK6014', errorClass: 'NotFound', message: `container ${before.name} is not connected to network "${network.name}"`, hint: 'Nothing to disconnect.', resource: `network:${network.name}` });
  }
  const after: AttachmentRecord = { ...before, endpoints: before.endpoints.filter((e) => e !== endpoint) };
  const gatewayBefore = defaultGateway(before, state.networks);
  const gatewayAfter = defaultGateway(after, state.networks);
  await removeNetnsEndpoint(netns, endpoint.hostVeth, gatewayAfter !== gatewayBefore ? gatewayAfter : undefined, signal);
  await state.store.saveAttachment(after);
  state.attachments.set(containerId, after);
  state.refreshDns();
  return containerNetworkConfig(after, state.networks, await state.hostFiles());
}

/** `docker rename`, and docker-compose 1.29's rename of a container it is about to replace: DNS follows the record. */
export async function renameContainer(state: ManagerState, containerId: string, name: string, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  const renamed: AttachmentRecord = { ...state.attachment(containerId), name: name.replace(/^\//, '') };
  await state.store.saveAttachment(renamed);
  state.attachments.set(containerId, renamed);
  state.refreshDns();
}

/**
 * Detach, phase 1 (in the queue): ports close and the record leaves the live
 * state (DNS forgets the names, other changes find no record), but it stays
 * in `detaching`, so its addresses and veth names are not handed out again
 * before its namespace is gone. Undefined: no record (already detached).
 */
export async function beginDetach(state: ManagerState, containerId: string, signal: AbortSignal | undefined): Promise<AttachmentRecord | undefined> {
  throwIfAborted(signal);
  const record = state.attachments.get(containerId);
  if (!record) return undefined;
  await closeProxy(state.proxies, containerId);
  state.attachments.delete(containerId);
  state.detaching.set(containerId, record);
  state.refreshDns();
  return record;
}

/** Detach, phase 2 (outside the queue: removals of many containers overlap): the namespace, then the record on disk. */
export async function wireDetach(state: ManagerState, record: AttachmentRecord, signal: AbortSignal | undefined): Promise<void> {
  if (record.netns) {
    const { gone } = await releaseContainerNetns(record.netns, record.endpoints.map((e) => e.hostVeth), signal);
    const fading = gone.finally(() => state.fading.delete(fading));
    state.fading.add(fading);
  }
  await state.store.deleteAttachment(record.containerId);
}

/** Detach, phase 3 (in the queue): the reservation ends; when phase 2 failed, the record is back (without its ports). */
export function endDetach(state: ManagerState, record: AttachmentRecord, failed: boolean): void {
  state.detaching.delete(record.containerId);
  if (!failed) return;
  state.attachments.set(record.containerId, record);
  state.refreshDns();
}

async function closeProxy(proxies: Map<string, PublishedPortSet>, containerId: string): Promise<void> {
  const proxy = proxies.get(containerId);
  proxies.delete(containerId);
  await proxy?.close();
}
