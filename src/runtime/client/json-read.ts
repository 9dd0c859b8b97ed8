/**
 * Readers for engine JSON: each takes an unknown value and returns a typed
 * one or a default. The engine is outside our types (Docker and stackd differ
 * in which fields they send, and nulls stand for empty lists), so we read it
 * field by field instead of trusting a cast.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean {
  return value === true;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asStringArray(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** `null` (Docker's empty Cmd) stays undefined, to tell "not set" from "set to []". */
export function asOptionalStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? asStringArray(value) : undefined;
}

export function asStringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asRecord(value))) if (typeof v === 'string') out[key] = v;
  return out;
}

/** A non-empty string, or undefined: Docker sends `""` for unset addresses. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** RFC 3339 time to ms; Go's zero time (`0001-01-01T00:00:00Z`) means "never". */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Seconds since the epoch (list endpoints) to ms. */
export function secondsToMs(value: unknown): number {
  return (asNumber(value) ?? 0) * 1000;
}

/** The keys of a `{ "80/tcp": {} }` style set, sorted. */
export function keysOf(value: unknown): string[] {
  return Object.keys(asRecord(value)).sort();
}

/** `{ key: value }` when the value is defined, `{}` otherwise: optional fields stay absent, never `undefined`. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
