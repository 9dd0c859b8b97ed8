import { StackError } from '../base/errors.ts';
import { sha256Hex } from '../base/canonical-json.ts';

/**
 * Host-global names. Every kernel object of one stackd carries its instance
 * id (4 hex, from `<root>/instance`), so several instances (test runs) share
 * a host without collisions, and cleanup finds exactly what one instance
 * made by prefix. See src/runtime/daemon/README.md, "Host-global names".
 */

const INSTANCE = /^[0-9a-f]{4}$/;
const CONTAINER_ID = /^[0-9a-f]{12,64}$/;

export function assertInstanceId(instance: string): void {
  if (!INSTANCE.test(instance)) {
    throw new StackError({
      code: 'STK6019',
      errorClass: 'InvalidArgument',
      message: `instance id "${instance}" is not 4 lowercase hex digits`,
      hint: 'Pass the id stored in <root>/instance.',
    });
  }
}

export function assertContainerId(containerId: string): void {
  if (!CONTAINER_ID.test(containerId)) {
    throw new StackError({
      code: 'STK6019',
      errorClass: 'InvalidArgument',
      message: `container id "${containerId}" is not 12 to 64 lowercase hex digits`,
      hint: 'Pass the container\'s full id.',
    });
  }
}

/** `stk<inst>-<n>`: at most 15 bytes (IFNAMSIZ) for n below 10^7. */
export function bridgeName(instance: string, index: number): string {
  return `stk${instance}-${index}`;
}

/** The index of one of our bridge names, or undefined for any other name. */
export function bridgeIndex(instance: string, name: string): number | undefined {
  const prefix = `stk${instance}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^[1-9]\d{0,6}$/.test(rest) ? Number(rest) : undefined;
}

/** `stk<inst>-<12 hex>` under /run/netns. */
export function netnsName(instance: string, containerId: string): string {
  return `stk${instance}-${containerId.slice(0, 12)}`;
}

export function netnsPath(name: string): string {
  return `/run/netns/${name}`;
}

/**
 * `vs<inst><6 hex>` for the host end of a container's veth on one network.
 * The hex comes from the pair (container, network) and `attempt`, which the
 * caller raises when the name is already taken.
 */
export function vethName(instance: string, containerId: string, networkId: string, attempt = 0): string {
  return `vs${instance}${sha256Hex(`${containerId}/${networkId}/${attempt}`).slice(0, 6)}`;
}

/** Our iptables chains: filter FORWARD accepts, nat POSTROUTING masquerade. */
export function forwardChain(instance: string): string {
  return `STK-${instance}-FWD`;
}

export function postroutingChain(instance: string): string {
  return `STK-${instance}-POST`;
}

/** Link names (bridges and host-side veths) that belong to this instance. */
export function isInstanceLink(instance: string, name: string): boolean {
  return name.startsWith(`stk${instance}-`) || (name.startsWith(`vs${instance}`) && name.length === 12);
}

export function isInstanceNetns(instance: string, name: string): boolean {
  return name.startsWith(`stk${instance}-`);
}

/** Docker's MAC scheme: 02:42 then the four bytes of the IPv4 address, so a restart keeps the MAC with the IP. */
export function macForAddress(address: number): string {
  const bytes = [0x02, 0x42, address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
