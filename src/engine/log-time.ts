/** An RFC 3339 time with up to nanoseconds (Docker trims trailing zeros) as nanoseconds since the epoch, for exact comparison. */
export function timeNanos(time: string): bigint | undefined {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Seconds since the epoch with the nanoseconds kept, as the engine's `since` takes them. */
export function nanosToSeconds(nanos: bigint): number {
  return Number(nanos / 1000n) / 1e6;
}
