import { StackError } from '../base/errors.ts';
import { sortedEntries } from '../base/sort.ts';
import { blockSize, type Cidr, cidrContains, cidrLast, cidrOf, cidrOverlaps, formatCidr, formatIpv4, parseCidr, parseIpv4 } from './ipv4.ts';

/**
 * Address management, pure: which subnet a new network gets, which address a
 * container gets on it. The caller passes in everything the choice depends on
 * (the host's routes and addresses, the other networks, the addresses in use),
 * so the same inputs always give the same answer and the rules are tested
 * without a host.
 */

/** A pool cut into subnets of one size: `{ base: '10.77.0.0/16', size: 24 }` gives 256 /24s. */
export interface SubnetPool {
  readonly base: string;
  readonly size: number;
}

/** Ours, so that neither Docker's (172.17-31, 192.168) nor podman's (10.88-) defaults collide. */
export const defaultSubnetPools: readonly SubnetPool[] = [{ base: '10.77.0.0/16', size: 24 }];

/** Compose `ipam.config[0]` / Docker `IPAM.Config[0]`, as written by the user. */
export interface IpamRequest {
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

/** A network's address plan, as stored in its record (text, so records stay readable). */
export interface IpamConfig {
  readonly subnet: string;
  readonly gateway: string;
  /** Containers get addresses from this block only (Compose `ip_range`); the whole subnet when absent. */
  readonly ipRange?: string;
  /** Addresses never given to containers (Compose `aux_addresses`). */
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

function invalid(message: string, hint: string): StackError {
  return new StackError({ code: 'STK6006', errorClass: 'InvalidArgument', message, hint });
}

function mustParseCidr(text: string, what: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok || !text.includes('/')) throw invalid(`${what} "${text}" is not an IPv4 CIDR block`, 'Write it as address/prefix, for example 10.20.0.0/24.');
  if (parsed.address !== parsed.cidr.base) {
    throw invalid(`${what} "${text}" has host bits set`, `Did you mean ${formatCidr(parsed.cidr)}?`);
  }
  return parsed.cidr;
}

function mustParseAddress(text: string, what: string): number {
  const address = parseIpv4(text);
  if (address === undefined) throw invalid(`${what} "${text}" is not an IPv4 address`, 'Write it as a dotted quad, for example 10.20.0.5.');
  return address;
}

/** Every subnet of the pools, in order, skipping those that overlap anything in `occupied`. */
export function allocateSubnet(pools: readonly SubnetPool[], occupied: readonly Cidr[]): Cidr | undefined {
  for (const pool of pools) {
    const base = mustParseCidr(pool.base, 'subnet pool');
    if (!Number.isInteger(pool.size) || pool.size < base.prefix || pool.size > 30) {
      throw invalid(`subnet pool "${pool.base}" cannot be cut into /${pool.size} subnets`, 'Use a subnet size between the pool prefix and /30.');
    }
    const step = blockSize(pool.size);
    for (let start = base.base; start <= cidrLast(base); start += step) {
      const candidate: Cidr = { base: start, prefix: pool.size };
      if (!occupied.some((other) => cidrOverlaps(candidate, other))) return candidate;
    }
  }
  return undefined;
}

/**
 * The address plan of a new network: the requested subnet (checked against
 * our other networks only, as Docker does: a user who names a subnet means it)
 * or the first free subnet of the pools (checked against the host too).
 */
export function planNetworkAddressing(
  request: IpamRequest | undefined,
  context: { readonly pools: readonly SubnetPool[]; readonly hostOccupied: readonly Cidr[]; readonly networks: readonly Cidr[] },
): IpamConfig {
  let subnet: Cidr;
  if (request?.subnet) {
    subnet = mustParseCidr(request.subnet, 'subnet');
    if (subnet.prefix > 30) throw invalid(`subnet "${request.subnet}" is too small for a gateway and a container`, 'Use a prefix of /30 or shorter.');
    const clash = context.networks.find((other) => cidrOverlaps(subnet, other));
    if (clash) {
      throw new StackError({
        code: 'STK6005',
        errorClass: 'Conflict',
        message: `subnet ${formatCidr(subnet)} overlaps ${formatCidr(clash)}, the subnet of another network`,
        hint: 'Choose a subnet that no other network uses, or leave ipam.config out to get a free one.',
      });
    }
  } else {
    if (request?.gateway || request?.ipRange) throw invalid('a gateway or ip_range was given without a subnet', 'Add the subnet they belong to.');
    const free = allocateSubnet(context.pools, [...context.hostOccupied, ...context.networks]);
    if (!free) {
      throw new StackError({
        code: 'STK6004',
        errorClass: 'Unavailable',
        message: `no free subnet is left in the address pool ${context.pools.map((p) => `${p.base} (/${p.size})`).join(', ')}`,
        hint: 'Remove unused networks (stack down, docker network prune) or configure a larger pool.',
      });
    }
    subnet = free;
  }

  let gateway = subnet.base + 1;
  if (request?.gateway) {
    gateway = mustParseAddress(request.gateway, 'gateway');
    if (!isHostAddress(subnet, gateway)) throw invalid(`gateway ${request.gateway} is not a host address of ${formatCidr(subnet)}`, 'Pick an address inside the subnet, not its first or last.');
  }
  let ipRange: string | undefined;
  if (request?.ipRange) {
    const range = mustParseCidr(request.ipRange, 'ip_range');
    if (range.prefix < subnet.prefix || !cidrContains(subnet, range.base)) throw invalid(`ip_range ${request.ipRange} is not inside ${formatCidr(subnet)}`, 'Pick a block inside the subnet.');
    ipRange = formatCidr(range);
  }
  let auxAddresses: Record<string, string> | undefined;
  for (const [name, text] of sortedEntries(request?.auxAddresses)) {
    const address = mustParseAddress(text, `aux address ${name}`);
    if (!cidrContains(subnet, address)) throw invalid(`aux address ${name}=${text} is not inside ${formatCidr(subnet)}`, 'Pick an address inside the subnet.');
    (auxAddresses ??= {})[name] = formatIpv4(address);
  }
  return { subnet: formatCidr(subnet), gateway: formatIpv4(gateway), ...(ipRange ? { ipRange } : {}), ...(auxAddresses ? { auxAddresses } : {}) };
}

/** Neither the network address nor the broadcast address of the subnet. */
function isHostAddress(subnet: Cidr, address: number): boolean {
  return address > subnet.base && address < cidrLast(subnet);
}

/** Addresses a container may never get: the gateway and the aux addresses. */
function reservedAddresses(config: IpamConfig): Set<number> {
  const reserved = new Set<number>([parseIpv4(config.gateway) as number]);
  for (const [, text] of sortedEntries(config.auxAddresses)) reserved.add(parseIpv4(text) as number);
  return reserved;
}

/**
 * The lowest free address of the network's range. Lowest-first keeps the
 * choice a pure function of what is in use, so a test (or a re-run) can
 * predict it. `undefined` when every address is taken.
 */
export function allocateAddress(config: IpamConfig, used: ReadonlySet<number>): number | undefined {
  const subnet = mustParseCidr(config.subnet, 'subnet');
  const range = config.ipRange ? mustParseCidr(config.ipRange, 'ip_range') : subnet;
  const reserved = reservedAddresses(config);
  for (let address = range.base; address <= cidrLast(range); address++) {
    if (!isHostAddress(subnet, address) || reserved.has(address) || used.has(address)) continue;
    return address;
  }
  return undefined;
}

/** A container address the user asked for (`ipv4_address`), checked; throws when it cannot be had. */
export function claimAddress(config: IpamConfig, requested: string, used: ReadonlySet<number>): number {
  const subnet = mustParseCidr(config.subnet, 'subnet');
  const address = mustParseAddress(requested, 'ipv4_address');
  if (!isHostAddress(subnet, address)) throw invalid(`address ${requested} is not a host address of ${config.subnet}`, 'Pick an address inside the network\'s subnet.');
  if (reservedAddresses(config).has(address) || used.has(address)) {
    throw new StackError({
      code: 'STK6008',
      errorClass: 'Conflict',
      message: `address ${requested} is already in use on ${config.subnet}`,
      hint: 'Pick another ipv4_address, or leave it out to get a free one.',
    });
  }
  return address;
}

/**
 * The blocks the host already uses, from `ip -j route` and `ip -j addr`
 * (parsed JSON). The default route is skipped: it overlaps everything.
 * Unknown shapes are ignored rather than trusted.
 */
export function hostOccupiedSubnets(routes: unknown, addresses: unknown): Cidr[] {
  const occupied: Cidr[] = [];
  for (const route of Array.isArray(routes) ? routes : []) {
    const dst = (route as { dst?: unknown }).dst;
    if (typeof dst !== 'string' || dst === 'default') continue;
    const parsed = parseCidr(dst);
    if (parsed.ok) occupied.push(parsed.cidr);
  }
  for (const link of Array.isArray(addresses) ? addresses : []) {
    const infos = (link as { addr_info?: unknown }).addr_info;
    for (const info of Array.isArray(infos) ? infos : []) {
      const { family, local, prefixlen } = info as { family?: unknown; local?: unknown; prefixlen?: unknown };
      if (family !== 'inet' || typeof local !== 'string' || typeof prefixlen !== 'number') continue;
      const address = parseIpv4(local);
      // Loopback is host-local: 127/8 never collides with a bridge subnet and would hide nothing real.
      if (address === undefined || address >>> 24 === 127) continue;
      occupied.push(cidrOf(address, prefixlen));
    }
  }
  return occupied;
}

/** The prefix length of a stored subnet. */
export function subnetPrefix(config: IpamConfig): number {
  return mustParseCidr(config.subnet, 'subnet').prefix;
}
