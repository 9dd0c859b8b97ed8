import { randomBytes } from 'node:crypto';
import { StackError, throwIfAborted } from '../base/errors.ts';
import { createBridge, deleteLinks } from './bridge.ts';
import { readHostNetworkState } from './host-state.ts';
import { planNetworkAddressing, subnetPrefix } from './ipam.ts';
import { parseCidr, type Cidr } from './ipv4.ts';
import type { ManagerState } from './manager-state.ts';
import { bridgeIndex, bridgeName } from './names.ts';
import { syncNat } from './nat.ts';
import type { CreateNetworkRequest, NetworkRecord } from './types.ts';

/**
 * Creating and removing a network. The record is written first and removed
 * last, so that a crash in between leaves a record that `recover()` completes
 * or kernel objects that it removes; a failure in between is rolled back.
 *
 *   create: record ─▶ bridge (+ sysctls) ─▶ NAT render ─▶ DNS listener
 *   remove: DNS listener ─▶ bridge ─▶ NAT render ─▶ record
 */

export const PREDEFINED_NAMES: readonly string[] = ['bridge', 'host', 'none'];
/** The network a `bridge`-mode container joins when it names none, as Docker's docker0. */
export const DEFAULT_BRIDGE_NAME = 'bridge';
const MTU_OPTION = 'com.docker.network.driver.mtu';
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function invalidRequest(message: string, hint: string): StackError {
  return new StackError({ code: 'STK6019', errorClass: 'InvalidArgument', message, hint });
}

export async function createNetwork(state: ManagerState, request: CreateNetworkRequest, signal: AbortSignal | undefined, predefined = false): Promise<NetworkRecord> {
  throwIfAborted(signal);
  if (!NAME.test(request.name)) throw invalidRequest(`network name "${request.name}" is not valid`, 'Use letters, digits, "_", "." and "-", starting with a letter or digit.');
  if (!predefined && PREDEFINED_NAMES.includes(request.name)) {
    throw new StackError({ code: 'STK6020', errorClass: 'AlreadyExists', message: `"${request.name}" is a predefined network`, hint: 'Give your network another name.', resource: `network:${request.name}` });
  }
  if (state.sortedNetworks().some((n) => n.name === request.name)) {
    throw new StackError({ code: 'STK6002', errorClass: 'AlreadyExists', message: `network "${request.name}" already exists`, hint: 'Use the existing network, or remove it first.', resource: `network:${request.name}` });
  }
  if (request.driver && request.driver !== 'bridge') throw invalidRequest(`network driver "${request.driver}" is not supported by stackd`, 'Use the bridge driver (the default).');
  if (request.enableIpv6) throw invalidRequest('IPv6 networks are not supported by stackd yet', 'Leave enable_ipv6 out.');
  const mtuText = request.options?.[MTU_OPTION];
  const mtu = mtuText === undefined ? undefined : Number(mtuText);
  if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) throw invalidRequest(`option ${MTU_OPTION}=${mtuText} is not an MTU`, 'Use a number between 68 and 65535.');

  const host = await readHostNetworkState(signal);
  const ours = state.sortedNetworks().map((n) => (parseCidr(n.ipam.subnet) as { cidr: Cidr }).cidr);
  const ipam = planNetworkAddressing(request.ipam, { pools: state.settings.pools, hostOccupied: host.occupied, networks: ours });
  const record: NetworkRecord = {
    id: randomBytes(32).toString('hex'),
    name: request.name,
    driver: 'bridge',
    ipam,
    ipamRequested: Boolean(request.ipam?.subnet),
    bridge: bridgeName(state.instance, freeBridgeIndex(state, host.links)),
    ...(mtu ? { mtu } : {}),
    labels: request.labels ?? {},
    options: request.options ?? {},
    internal: request.internal ?? false,
    attachable: request.attachable ?? false,
    created: new Date().toISOString(),
  };

  await state.store.saveNetwork(record);
  state.networks.set(record.id, record);
  let bridgeMade = false;
  try {
    await createBridge({ name: record.bridge, gatewayCidr: `${ipam.gateway}/${subnetPrefix(ipam)}`, internal: record.internal, ...(mtu ? { mtu } : {}) }, signal);
    bridgeMade = true;
    await syncNat(state.instance, state.natNetworks());
    await state.dns.listen(record.id, ipam.gateway);
  } catch (error) {
    // Undo what was done; an undo that fails too is left to recover(), and the first error is the one reported.
    state.networks.delete(record.id);
    await state.dns.unlisten(record.id).catch(() => undefined);
    if (bridgeMade) await deleteLinks([record.bridge]).catch(() => undefined);
    await syncNat(state.instance, state.natNetworks()).catch(() => undefined);
    await state.store.deleteNetwork(record.id).catch(() => undefined);
    throw error;
  }
  state.refreshDns();
  return record;
}

/** The lowest index whose bridge name neither a record nor a host link uses. */
function freeBridgeIndex(state: ManagerState, links: ReadonlySet<string>): number {
  const taken = new Set(state.sortedNetworks().map((n) => bridgeIndex(state.instance, n.bridge)));
  for (const link of links) taken.add(bridgeIndex(state.instance, link));
  let index = 1;
  while (taken.has(index)) index++;
  return index;
}

export async function removeNetwork(state: ManagerState, ref: string, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  const resolved = state.resolveNetwork(ref);
  if (resolved.kind === 'predefined' || resolved.record.name === DEFAULT_BRIDGE_NAME) {
    const name = resolved.kind === 'predefined' ? resolved.mode : resolved.record.name;
    throw new StackError({ code: 'STK6020', errorClass: 'PermissionDenied', message: `"${name}" is a predefined network and cannot be removed`, hint: 'Remove your own networks only.', resource: `network:${name}` });
  }
  const record = resolved.record;
  const users = [...state.sortedAttachments(), ...state.detaching.values()].filter((a) => a.endpoints.some((e) => e.networkId === record.id));
  if (users.length > 0) {
    throw new StackError({
      code: 'STK6003',
      errorClass: 'Conflict',
      message: `network "${record.name}" has containers attached: ${users.map((u) => u.name).join(', ')}`,
      hint: 'Disconnect or remove those containers first (stack down does both).',
      resource: `network:${record.name}`,
    });
  }
  // Veths of containers just removed may still be going; the bridge goes after them.
  await Promise.all([...state.fading]);
  await state.dns.unlisten(record.id);
  await deleteLinks([record.bridge], signal);
  state.networks.delete(record.id);
  await syncNat(state.instance, state.natNetworks());
  await state.store.deleteNetwork(record.id);
  state.refreshDns();
}
