import { StackError } from '../../../base/index.ts';

/**
 * Reading Docker API requests: query values as dockerd reads them (booleans
 * the Go way, plus docker-py's `True`/`False`), filters in both of Docker's
 * JSON forms, and output framing for attach, exec and logs.
 */

/** dockerd's `httputils.BoolValue`: absent, empty, 0, no, false, none are false; anything else is true. */
export function boolParam(query: URLSearchParams, name: string, fallback = false): boolean {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  return !(value === '' || value === '0' || value === 'no' || value === 'false' || value === 'none');
}

/** An integer query value; undefined when absent or empty. A value that is not a number is a 400. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw invalidRequest(`query parameter ${name}=${raw} is not a number`);
  return Math.trunc(value);
}

export type Filters = Readonly<Record<string, readonly string[]>>;

/**
 * `filters={"label":["a=b"]}` and the legacy `{"label":{"a=b":true}}`
 * (docker-py and old CLIs send that one).
 */
export function filtersParam(query: URLSearchParams): Filters {
  const raw = query.get('filters');
  if (!raw || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidRequest(`filters is not JSON: ${raw.slice(0, 200)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidRequest('filters must be a JSON object');
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (typeof value === 'object' && value !== null) out[key] = Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([k]) => k);
    else if (typeof value === 'string') out[key] = [value];
    else throw invalidRequest(`filter ${key} has a value stackd cannot read`);
  }
  return out;
}

/** A label filter value (`key` or `key=value`) against labels. */
export function labelMatches(labels: Readonly<Record<string, string>> | null | undefined, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return labels?.[filter] !== undefined;
  return labels?.[filter.slice(0, eq)] === filter.slice(eq + 1);
}

/** Every value of every key must be met for `label` (Docker ANDs labels); other keys OR their values. */
export function labelsMatch(labels: Readonly<Record<string, string>> | null | undefined, filters: readonly string[] | undefined): boolean {
  return (filters ?? []).every((f) => labelMatches(labels, f));
}

/**
 * Go's reading of JSON: a `null` member is the zero value, as if absent
 * (docker-py sends `"Timeout": null` for a healthcheck without one). Object
 * members only; arrays keep their elements.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => (v !== null && typeof v === 'object' ? withoutNulls(v) : v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) if (member !== null) out[key] = withoutNulls(member);
  return out as T;
}

/** A JSON request body read as dockerd reads it (nulls are absent); an empty body is `{}`. */
export function parseJsonBody<T>(bytes: Buffer): T {
  if (bytes.length === 0) return {} as T;
  try {
    return withoutNulls(JSON.parse(bytes.toString('utf8')) as T);
  } catch {
    throw invalidRequest('the request body is not valid JSON');
  }
}

export function invalidRequest(message: string): StackError {
  return new StackError({ code: 'STK5307', errorClass: 'InvalidArgument', message, hint: 'Check the request against the Docker Engine API 1.41 reference.' });
}

/** The stream a frame belongs to in Docker's multiplexed framing. */
export type StreamKind = 'stdin' | 'stdout' | 'stderr';

/** One frame of Docker's multiplexed stream: `[kind, 0, 0, 0, uint32 BE length]` then the bytes. */
export function frame(kind: StreamKind, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = kind === 'stdin' ? 0 : kind === 'stdout' ? 1 : 2;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Docker's content types for streams: multiplexed without a TTY (API ≥ 1.42 names it), raw with one. */
export function streamContentType(tty: boolean, apiVersion: string | undefined): string {
  if (tty) return 'application/vnd.docker.raw-stream';
  const [major = 1, minor = 41] = (apiVersion ?? '1.41').split('.').map(Number);
  return major > 1 || minor >= 42 ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
}

/** Go's time.Duration text or seconds (`since=1700000000.5`, `until=10m` relative) as Unix milliseconds. */
export function timeParam(query: URLSearchParams, name: string, nowMs = Date.now()): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const duration = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(value);
  if (duration) {
    const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ns'];
    return nowMs - Number(duration[1]) * unit;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw invalidRequest(`${name}=${raw} is neither a time nor a duration`);
  return parsed;
}
