import { readdir } from 'node:fs/promises';
import { StackError } from '../base/errors.ts';
import { hostOccupiedSubnets } from './ipam.ts';
import type { Cidr } from './ipv4.ts';
import { runCommand } from './run-command.ts';

/**
 * What the host's network looks like right now: link names, named network
 * namespaces, and the blocks its routes and addresses use. Read afresh before
 * each decision that depends on it (level-triggered: no cached view to drift).
 */
export interface HostNetworkState {
  readonly links: ReadonlySet<string>;
  readonly netns: ReadonlySet<string>;
  readonly occupied: readonly Cidr[];
}

export const NETNS_DIR = '/run/netns';

export async function readHostNetworkState(signal?: AbortSignal): Promise<HostNetworkState> {
  const [addr, route, netns] = await Promise.all([
    runCommand('ip', ['-j', 'addr', 'show'], { what: 'reading host addresses', signal }),
    runCommand('ip', ['-j', 'route', 'show'], { what: 'reading host routes', signal }),
    listNetns(),
  ]);
  const addresses = parseJson(addr.stdout, 'ip -j addr');
  const routes = parseJson(route.stdout, 'ip -j route');
  const links = new Set<string>();
  for (const link of Array.isArray(addresses) ? addresses : []) {
    const name = (link as { ifname?: unknown }).ifname;
    if (typeof name === 'string') links.add(name);
  }
  return { links, netns, occupied: hostOccupiedSubnets(routes, addresses) };
}

/** Link names of the host's namespace, from sysfs (no exec needed). */
export async function listLinks(): Promise<ReadonlySet<string>> {
  return new Set(await readdir('/sys/class/net'));
}

/** Named namespaces, from the directory `ip netns` keeps them in (no exec needed). */
export async function listNetns(): Promise<ReadonlySet<string>> {
  try {
    return new Set(await readdir(NETNS_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    // `ip -j` prints nothing at all when there is nothing to list.
    return text.trim() === '' ? [] : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new StackError({
      code: 'STK6012',
      errorClass: 'FailedPrecondition',
      message: `reading the host network: ${what} printed something that is not JSON`,
      hint: 'Install a recent iproute2 (the one in Debian 12 works).',
      cause: error,
    });
  }
}
