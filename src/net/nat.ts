import { compareStrings } from '../base/sort.ts';
import { forwardChain, postroutingChain } from './names.ts';
import { runCommand } from './run-command.ts';

/**
 * Forwarding and outbound NAT with iptables, in chains of our own per
 * instance. The chains are rendered whole from the network records and
 * loaded with one `iptables-restore --noflush`: declaring a chain in a
 * --noflush document empties it first, so a render replaces the previous
 * one atomically and a re-run is a no-op (level-triggered, nothing to drift).
 * The jumps into our chains live in the built-in chains, which we never
 * flush: they are added only when `iptables-save` shows them missing.
 *
 *   filter FORWARD ─(first rule)─▶ STK-<inst>-FWD   accept what our bridges send, and replies to it
 *   nat POSTROUTING ────────────▶ STK-<inst>-POST  MASQUERADE each subnet's traffic leaving its bridge
 */

export interface NatNetwork {
  readonly bridge: string;
  readonly subnet: string;
  /** No way out: only traffic within the bridge is accepted, and nothing is masqueraded. */
  readonly internal: boolean;
}

/** What `iptables-save` shows of ours: chain names present and jump rules, per table. */
export interface NatPresence {
  readonly chains: ReadonlySet<string>;
  /** Full rule lines of the built-in chains that jump to our chains, e.g. `-A FORWARD -j STK-1a2b-FWD`. */
  readonly jumps: readonly { readonly table: 'filter' | 'nat'; readonly rule: string }[];
}

/** Reads our chains and jumps out of an `iptables-save` dump. */
export function parseNatPresence(instance: string, save: string): NatPresence {
  const ours = [forwardChain(instance), postroutingChain(instance)];
  const chains = new Set<string>();
  const jumps: { table: 'filter' | 'nat'; rule: string }[] = [];
  let table = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    else if (line.startsWith(':')) {
      const chain = line.slice(1).split(' ')[0] ?? '';
      if (ours.includes(chain)) chains.add(chain);
    } else if (line.startsWith('-A ') && (table === 'filter' || table === 'nat')) {
      const [, chain] = line.split(' ');
      if (chain && !ours.includes(chain) && ours.some((c) => line.endsWith(`-j ${c}`))) jumps.push({ table, rule: line.trim() });
    }
  }
  return { chains, jumps };
}

/**
 * The iptables-restore document that makes our chains match `networks`, or
 * undefined when there is nothing to change. With no networks left it
 * removes the jumps and the chains.
 */
export function renderNatRules(instance: string, networks: readonly NatNetwork[], presence: NatPresence): string | undefined {
  const fwd = forwardChain(instance);
  const post = postroutingChain(instance);
  if (networks.length === 0) return renderRemoval(instance, presence);

  const sorted = [...networks].sort((a, b) => compareStrings(a.bridge, b.bridge));
  const filter = ['*filter', `:${fwd} - [0:0]`];
  if (!presence.jumps.some((j) => j.table === 'filter' && j.rule === `-A FORWARD -j ${fwd}`)) filter.push(`-I FORWARD 1 -j ${fwd}`);
  const nat = ['*nat', `:${post} - [0:0]`];
  if (!presence.jumps.some((j) => j.table === 'nat' && j.rule === `-A POSTROUTING -j ${post}`)) nat.push(`-A POSTROUTING -j ${post}`);

  for (const network of sorted) {
    const br = network.bridge;
    if (network.internal) {
      filter.push(`-A ${fwd} -i ${br} -o ${br} -j ACCEPT`, `-A ${fwd} -i ${br} -j DROP`, `-A ${fwd} -o ${br} -j DROP`);
    } else {
      filter.push(`-A ${fwd} -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`, `-A ${fwd} -i ${br} -j ACCEPT`);
      nat.push(`-A ${post} -s ${network.subnet} ! -o ${br} -j MASQUERADE`);
    }
  }
  return [...filter, 'COMMIT', ...nat, 'COMMIT', ''].join('\n');
}

function renderRemoval(instance: string, presence: NatPresence): string | undefined {
  const sections: string[] = [];
  for (const [table, chain] of [
    ['filter', forwardChain(instance)],
    ['nat', postroutingChain(instance)],
  ] as const) {
    const lines = presence.jumps.filter((j) => j.table === table).map((j) => `-D${j.rule.slice(2)}`);
    if (presence.chains.has(chain)) lines.push(`-F ${chain}`, `-X ${chain}`);
    if (lines.length > 0) sections.push(`*${table}`, ...lines, 'COMMIT');
  }
  return sections.length > 0 ? [...sections, ''].join('\n') : undefined;
}

export async function readNatPresence(instance: string, signal?: AbortSignal): Promise<NatPresence> {
  const save = await runCommand('iptables-save', [], { what: 'reading iptables rules', signal });
  return parseNatPresence(instance, save.stdout);
}

/** Makes the kernel's rules match `networks` (an empty list removes our chains and jumps). */
export async function syncNat(instance: string, networks: readonly NatNetwork[], signal?: AbortSignal): Promise<void> {
  const document = renderNatRules(instance, networks, await readNatPresence(instance, signal));
  if (document === undefined) return;
  await runCommand('iptables-restore', ['--noflush'], { what: `updating iptables chains of stackd instance ${instance}`, input: document, signal });
}
