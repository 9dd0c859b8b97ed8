import { StackError } from '../base/errors.ts';
import { deleteLinks } from './bridge.ts';
import { listLinks, listNetns } from './host-state.ts';
import { runCommand } from './run-command.ts';

/**
 * A named network namespace per container, wired to bridges by veth pairs.
 * Two execs per change: one `ip -b -` on the host side (namespace, veths onto
 * bridges), one `ip -n <ns> -b -` inside (lo, addresses, routes); `ip` has no
 * way to switch namespace within one batch.
 */

export interface NetnsEndpoint {
  /** Host end, on the bridge: `vs<inst><6hex>`. */
  readonly hostVeth: string;
  readonly bridge: string;
  /** Container end: `eth0`, `eth1`... */
  readonly interface: string;
  /** `10.77.3.2/24`. */
  readonly addressCidr: string;
  readonly mac: string;
  readonly mtu?: number;
}

function hostSide(netns: string, endpoint: NetnsEndpoint): string[] {
  const mtu = endpoint.mtu ? ` mtu ${endpoint.mtu}` : '';
  return [
    `link add ${endpoint.hostVeth}${mtu} type veth peer name ${endpoint.interface}${mtu} address ${endpoint.mac} netns ${netns}`,
    `link set ${endpoint.hostVeth} master ${endpoint.bridge} up`,
  ];
}

function containerSide(endpoint: NetnsEndpoint): string[] {
  return [`addr add ${endpoint.addressCidr} dev ${endpoint.interface}`, `link set ${endpoint.interface} up`];
}

async function hostBatch(lines: readonly string[], what: string, signal?: AbortSignal): Promise<void> {
  if (lines.length > 0) await runCommand('ip', ['-b', '-'], { what, input: `${lines.join('\n')}\n`, signal });
}

async function netnsBatch(netns: string, lines: readonly string[], what: string, signal?: AbortSignal): Promise<void> {
  if (lines.length > 0) await runCommand('ip', ['-n', netns, '-b', '-'], { what, input: `${lines.join('\n')}\n`, signal });
}

/**
 * Creates the namespace with lo up and one interface per endpoint, the
 * default route via `defaultGateway` (absent: no default route, as for
 * `none` or internal networks). On failure nothing is left behind.
 */
export async function createContainerNetns(
  netns: string,
  endpoints: readonly NetnsEndpoint[],
  defaultGateway: string | undefined,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await hostBatch([`netns add ${netns}`, ...endpoints.flatMap((e) => hostSide(netns, e))], `creating network namespace ${netns}`, signal);
    const inside = ['link set lo up', ...endpoints.flatMap(containerSide)];
    if (defaultGateway) inside.push(`route add default via ${defaultGateway}`);
    await netnsBatch(netns, inside, `configuring network namespace ${netns}`);
  } catch (error) {
    await deleteContainerNetns(netns, endpoints.map((e) => e.hostVeth));
    throw error;
  }
}

/** Adds one interface to an existing namespace (connect); the default route moves only when asked. */
export async function addNetnsEndpoint(netns: string, endpoint: NetnsEndpoint, defaultGateway: string | undefined, signal?: AbortSignal): Promise<void> {
  try {
    await hostBatch(hostSide(netns, endpoint), `connecting ${endpoint.hostVeth} to ${endpoint.bridge}`, signal);
    const inside = containerSide(endpoint);
    if (defaultGateway) inside.push(`route replace default via ${defaultGateway}`);
    await netnsBatch(netns, inside, `configuring ${endpoint.interface} in ${netns}`);
  } catch (error) {
    await deleteLinks([endpoint.hostVeth]);
    throw error;
  }
}

/**
 * Removes one interface (disconnect). Its routes go with it; when it carried
 * the default route, `defaultGateway` names the next network's gateway.
 */
export async function removeNetnsEndpoint(netns: string, hostVeth: string, defaultGateway: string | undefined, signal?: AbortSignal): Promise<void> {
  await deleteLinks([hostVeth], signal);
  if (defaultGateway) await netnsBatch(netns, [`route replace default via ${defaultGateway}`], `moving the default route of ${netns}`);
}

/**
 * Deletes the host ends first (a namespace that a live process still holds
 * would otherwise keep its veths on the bridge), then the namespace. Missing
 * pieces are fine; pieces that are still there afterwards are an error.
 */
export async function deleteContainerNetns(netns: string, hostVeths: readonly string[], signal?: AbortSignal): Promise<void> {
  const what = `deleting network namespace ${netns}`;
  const input = [...hostVeths.map((veth) => `link del ${veth}`), `netns del ${netns}`].join('\n') + '\n';
  const result = await runCommand('ip', ['-force', '-b', '-'], { what, input, signal, allowFailure: true });
  if (result.status === 0) return;
  const [links, namespaces] = await Promise.all([listLinks(), listNetns()]);
  const left = [...hostVeths.filter((veth) => links.has(veth)), ...(namespaces.has(netns) ? [netns] : [])];
  if (left.length > 0) {
    throw new StackError({
      code: 'STK6012',
      errorClass: 'FailedPrecondition',
      message: `${what}: ${left.join(', ')} could not be deleted (${result.stderr.trim().split('\n')[0] ?? ''})`,
      hint: 'Delete them by hand (ip link del, ip netns del), or run `stack runtime stop` to remove everything stackd made.',
    });
  }
}

/**
 * At container removal: deletes the namespace only, which is quick (about
 * 1 ms against 30-35 ms per explicit `link del`, an RCU grace period each,
 * serialized by the kernel). The kernel tears the namespace down in the
 * background, taking the veth pairs with it, batched with other namespaces.
 * `gone` resolves when the host ends have vanished; a namespace that a stray
 * process still holds keeps its veths, so after `graceMs` they are deleted
 * explicitly. `gone` never rejects: what it cannot delete, recover() and
 * cleanupInstance() find by name.
 */
export async function releaseContainerNetns(netns: string, hostVeths: readonly string[], signal?: AbortSignal, graceMs = 2_000): Promise<{ readonly gone: Promise<void> }> {
  await runCommand('ip', ['-force', '-b', '-'], { what: `deleting network namespace ${netns}`, input: `netns del ${netns}\n`, signal, allowFailure: true });
  const gone = (async () => {
    const deadline = Date.now() + graceMs;
    let left = hostVeths;
    while (left.length > 0) {
      const links = await listLinks();
      left = left.filter((veth) => links.has(veth));
      if (left.length === 0) return;
      if (Date.now() > deadline) {
        await deleteLinks(left).catch(() => undefined);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return { gone };
}

/** Puts existing host veths back on their bridges (after a bridge was recreated), one batch. */
export async function reattachVeths(pairs: readonly { readonly hostVeth: string; readonly bridge: string }[], signal?: AbortSignal): Promise<void> {
  await hostBatch(pairs.map((p) => `link set ${p.hostVeth} master ${p.bridge} up`), 'putting veths back on their bridges', signal);
}
