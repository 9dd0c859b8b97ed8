/**
 * Durations as Compose reads and prints them (Go's time.ParseDuration and
 * Duration.String): `1m30s` in, nanoseconds inside, `1m30s` out.
 */

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Nanoseconds, or undefined when the text is not a Go duration (a unit is required, except for 0). */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_NS[part[2]!]!;
  return Math.round(m[1] === '-' ? -total : total);
}

/** Go's Duration.String() for a count of nanoseconds: `0s`, `500ms`, `1.5s`, `1m0s`, `2h30m0s`. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const negative = ns < 0;
  let u = Math.abs(Math.round(ns));
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${fraction(u, 1e3)}µs`;
    else out = `${fraction(u, 1e6)}ms`;
  } else {
    const hours = Math.floor(u / 3600e9);
    u -= hours * 3600e9;
    const minutes = Math.floor(u / 60e9);
    u -= minutes * 60e9;
    out = `${hours > 0 ? `${hours}h` : ''}${hours > 0 || minutes > 0 ? `${minutes}m` : ''}${fraction(u, 1e9)}s`;
  }
  return negative ? `-${out}` : out;
}

function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** A duration value from a compose file (a string, or a number of seconds from a lenient writer) in Compose's printed form. */
export function canonicalDuration(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return formatDuration(value * 1e9);
  if (typeof value !== 'string') return undefined;
  const ns = parseDuration(value);
  return ns === undefined ? undefined : formatDuration(ns);
}

/** Milliseconds of a canonical duration, for the engine. */
export function durationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ns = parseDuration(text);
  return ns === undefined ? undefined : ns / 1e6;
}
