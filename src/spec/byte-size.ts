/**
 * Byte sizes as Compose reads them (docker/go-units RAMInBytes: binary
 * multiples, `512m` = 512 MiB) and prints them (a decimal string of bytes).
 */

const MULTIPLIER: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(-?\d+(?:\.\d+)?) ?([kKmMgGtTpPbB]?)(?:[iI]?[bB])?$/.exec(value.trim());
  if (!m) return undefined;
  return Math.trunc(Number(m[1]) * MULTIPLIER[m[2]!.toLowerCase()]!);
}

/** Compose's printed form: the number of bytes as a decimal string. */
export function canonicalByteSize(value: unknown): string | undefined {
  const n = parseByteSize(value);
  return n === undefined ? undefined : String(n);
}
