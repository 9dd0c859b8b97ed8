/**
 * Image references parsed and normalized the way Docker does
 * (distribution/reference: ParseNormalizedNamed, TagNameOnly, FamiliarString),
 * so `busybox`, `library/busybox:latest` and `docker.io/library/busybox` name
 * the same image. Pure: no I/O, no store.
 */

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const NAME_MAX = 255;

export interface ImageReference {
  /** Registry host[:port]: `docker.io`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path inside the registry: `library/busybox`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referenceRegexp = new RegExp(`^((?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*)(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredId = /^[a-f0-9]{64}$/;
const digestLengths: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** Validates a digest the way go-digest does: a known algorithm and lowercase hex of its length. */
export function parseDigest(text: string): Parsed<string> {
  const colon = text.indexOf(':');
  if (colon <= 0) return fail('digest must be <algorithm>:<hex>');
  const algorithm = text.slice(0, colon);
  const hex = text.slice(colon + 1);
  const length = digestLengths[algorithm];
  if (length === undefined) return fail(`unsupported digest algorithm ${algorithm}`);
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return fail(`${algorithm} digest must be ${length} lowercase hex characters`);
  return { ok: true, value: text };
}

function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * Parses a reference as `docker` does on its command line: the default
 * registry and `library/` are filled in; no default tag is added (see
 * withDefaultTag).
 */
export function parseReference(text: string): Parsed<ImageReference> {
  if (text === '') return fail('empty reference');
  if (anchoredId.test(text)) return fail('a repository name cannot be 64 hex characters (that is an image id)');
  const { domain, remainder } = splitDomain(text);
  const at = remainder.indexOf('@');
  const beforeDigest = at === -1 ? remainder : remainder.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  const repo = colon === -1 ? beforeDigest : beforeDigest.slice(0, colon);
  if (repo.toLowerCase() !== repo) return fail('repository name must be lowercase');
  const match = referenceRegexp.exec(`${domain}/${remainder}`);
  if (!match) return fail('invalid reference format');
  const name = match[1] ?? '';
  if (name.length > NAME_MAX) return fail(`repository name must not be more than ${NAME_MAX} characters`);
  const tag = match[2];
  const digestText = match[3];
  if (digestText !== undefined) {
    const digest = parseDigest(digestText);
    if (!digest.ok) return digest;
  }
  const path = name.slice(domain.length + 1);
  return { ok: true, value: { domain, path, ...(tag === undefined ? {} : { tag }), ...(digestText === undefined ? {} : { digest: digestText }) } };
}

/** Adds `:latest` to a reference that has neither a tag nor a digest (Docker's TagNameOnly). */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** `busybox` → `docker.io/library/busybox:latest`: the form the store keeps in index.json. */
export function normalizeReference(text: string): Parsed<string> {
  const parsed = parseReference(text);
  return parsed.ok ? { ok: true, value: formatReference(withDefaultTag(parsed.value)) } : parsed;
}

export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** The short form Docker prints: `docker.io/library/busybox:latest` → `busybox:latest`. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  const rest = ref.path.startsWith(OFFICIAL_PREFIX) && !ref.path.slice(OFFICIAL_PREFIX.length).includes('/') ? ref.path.slice(OFFICIAL_PREFIX.length) : ref.path;
  return rest;
}

export function familiarReference(ref: ImageReference): string {
  return `${familiarName(ref)}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** Familiar form of a reference string the store wrote (already normalized); the input back when it does not parse. */
export function familiarString(normalized: string): string {
  const parsed = parseReference(normalized);
  return parsed.ok ? familiarReference(parsed.value) : normalized;
}

/**
 * What a user-given `refOrId` may mean. Docker tries the name first and
 * falls back to an id prefix, so `abcdef` may be both; `sha256:<64 hex>` and
 * a bare 64-hex string are ids only.
 */
export interface RefOrId {
  readonly reference?: ImageReference;
  /** Lowercase hex prefix of an image id (without `sha256:`). */
  readonly idPrefix?: string;
  /** True when idPrefix is a whole id (64 hex). */
  readonly fullId: boolean;
}

export function parseRefOrId(text: string): Parsed<RefOrId> {
  const hex = text.startsWith('sha256:') ? text.slice('sha256:'.length) : text;
  if (anchoredId.test(hex)) return { ok: true, value: { idPrefix: hex, fullId: true } };
  const idPrefix = /^[a-f0-9]{1,63}$/.test(hex) ? hex : undefined;
  const parsed = text.startsWith('sha256:') && idPrefix !== undefined ? undefined : parseReference(text);
  if (parsed?.ok) return { ok: true, value: { reference: parsed.value, ...(idPrefix === undefined ? {} : { idPrefix }), fullId: false } };
  if (idPrefix !== undefined) return { ok: true, value: { idPrefix, fullId: false } };
  return fail(parsed?.reason ?? 'invalid reference format');
}
