/**
 * IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks over them. All
 * the address arithmetic of src/net goes through here so that IPAM, NAT and
 * DNS agree on one representation.
 */

/** A CIDR block: `base` has every host bit zero. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as a number, or undefined when the text is not a dotted quad. */
export function parseIpv4(text: string): number | undefined {
  const match = IPV4.exec(text.trim());
  if (!match) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = match[i] as string;
    // Leading zeros are refused: some parsers read them as octal, so the same text would mean two addresses.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== undefined;
}

/** The mask of a prefix length as an unsigned number (`/0` is 0, `/32` is 0xffffffff). */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The block containing `address` with that prefix (host bits cleared). */
export function cidrOf(address: number, prefix: number): Cidr {
  return { base: (address & prefixMask(prefix)) >>> 0, prefix };
}

export type CidrParse = { readonly ok: true; readonly cidr: Cidr; readonly address: number } | { readonly ok: false; readonly reason: 'syntax' | 'prefix' };

/**
 * Parses `a.b.c.d/n` (or a bare address as /32). `address` is the address as
 * written, so callers can tell `10.1.2.3/24` (host bits set) from its block.
 */
export function parseCidr(text: string): CidrParse {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0 || addressText === undefined) return { ok: false, reason: 'syntax' };
  const address = parseIpv4(addressText);
  if (address === undefined) return { ok: false, reason: 'syntax' };
  if (prefixText === undefined) return { ok: true, cidr: { base: address, prefix: 32 }, address };
  if (!/^\d{1,2}$/.test(prefixText)) return { ok: false, reason: 'syntax' };
  const prefix = Number(prefixText);
  if (prefix > 32) return { ok: false, reason: 'prefix' };
  return { ok: true, cidr: cidrOf(address, prefix), address };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

/** The last address of the block (the broadcast address of a subnet). */
export function cidrLast(cidr: Cidr): number {
  return cidr.base + blockSize(cidr.prefix) - 1;
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.base && address <= cidrLast(cidr);
}

/** Two blocks overlap when one contains the other's base (CIDR blocks nest or are disjoint). */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b.base) || cidrContains(b, a.base);
}

/** `10.1.2.3` → `3.2.1.10.in-addr.arpa`, the name a PTR query asks about. */
export function reverseName(address: number): string {
  return `${address & 255}.${(address >>> 8) & 255}.${(address >>> 16) & 255}.${address >>> 24}.in-addr.arpa`;
}

/** The address a PTR name asks about, or undefined when it is not a full IPv4 reverse name. */
export function parseReverseName(name: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.?$/i.exec(name);
  if (!match) return undefined;
  return parseIpv4(`${match[4]}.${match[3]}.${match[2]}.${match[1]}`);
}
