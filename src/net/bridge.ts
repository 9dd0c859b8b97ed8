import { writeFile } from 'node:fs/promises';
import { StackError } from '../base/errors.ts';
import { listLinks } from './host-state.ts';
import { runCommand } from './run-command.ts';

/**
 * One Linux bridge per network: created with its gateway address and up in
 * one `ip -b -` exec, then its sysctls written through /proc (no exec).
 */

export interface BridgeSpec {
  readonly name: string;
  /** `10.77.3.1/24`: the gateway address with the subnet's prefix. */
  readonly gatewayCidr: string;
  readonly mtu?: number;
  /** Internal networks do not route: the bridge gets `forwarding=0`. */
  readonly internal: boolean;
}

export async function createBridge(spec: BridgeSpec, signal?: AbortSignal): Promise<void> {
  const mtu = spec.mtu ? ` mtu ${spec.mtu}` : '';
  const batch = [`link add ${spec.name}${mtu} type bridge`, `addr add ${spec.gatewayCidr} dev ${spec.name}`, `link set ${spec.name} up`].join('\n');
  await runCommand('ip', ['-b', '-'], { what: `creating bridge ${spec.name}`, input: `${batch}\n`, signal });
  try {
    await configureBridgeSysctls(spec);
  } catch (error) {
    await deleteLinks([spec.name]);
    throw error;
  }
}

/**
 * Sysctls, as netavark sets them, minus one on purpose: `route_localnet=1` is
 * only needed to DNAT 127.0.0.1 into a bridge, which our userspace port proxy
 * does not do, and it would let containers on the bridge reach services the
 * host binds to 127.0.0.1 (CVE-2020-8558). `rp_filter=2` (loose) keeps
 * replies to masqueraded traffic from being dropped.
 */
async function configureBridgeSysctls(spec: BridgeSpec): Promise<void> {
  await writeSysctl('net/ipv4/ip_forward', '1');
  await writeSysctl(`net/ipv4/conf/${spec.name}/rp_filter`, '2');
  if (spec.internal) await writeSysctl(`net/ipv4/conf/${spec.name}/forwarding`, '0');
}

export async function writeSysctl(key: string, value: string): Promise<void> {
  try {
    await writeFile(`/proc/sys/${key}`, value);
  } catch (error) {
    throw new StackError({
      code: 'STK6012',
      errorClass: 'FailedPrecondition',
      message: `setting ${key.replaceAll('/', '.')}=${value} failed (${(error as Error).message})`,
      hint: 'stackd must run as root in the host network namespace.',
      cause: error,
    });
  }
}

/**
 * Deletes links by name; those already gone are fine. `-force` carries the
 * batch past a missing one; when the batch reports errors, a listing tells
 * a missing link (done) from one that is still there (a real failure).
 * Deleting one end of a veth deletes both.
 */
export async function deleteLinks(names: readonly string[], signal?: AbortSignal): Promise<void> {
  if (names.length === 0) return;
  const what = `deleting ${names.join(', ')}`;
  const result = await runCommand('ip', ['-force', '-b', '-'], { what, input: names.map((name) => `link del ${name}\n`).join(''), signal, allowFailure: true });
  if (result.status === 0) return;
  const present = await listLinks();
  const left = names.filter((name) => present.has(name));
  if (left.length > 0) {
    throw new StackError({
      code: 'STK6012',
      errorClass: 'FailedPrecondition',
      message: `${what}: ${left.join(', ')} could not be deleted (${result.stderr.trim().split('\n')[0] ?? ''})`,
      hint: 'Delete them by hand with `ip link del <name>`, or run `stack runtime stop` to remove everything stackd made.',
    });
  }
}
