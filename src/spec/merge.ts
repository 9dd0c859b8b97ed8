import { isRecord, put, type Origins } from './origins.ts';

/**
 * Merges a later compose model (an override file, an extending service)
 * into an earlier one, with the rules of the Compose Specification
 * (13-merge.md) as compose-go applies them:
 * - mappings merge recursively and the later value wins;
 * - sequences append, except `command`, `entrypoint` and `healthcheck.test`
 *   which are replaced;
 * - ports, volumes, secrets, configs, env_file and devices merge by their
 *   unique key (a later entry replaces an earlier one in place);
 * - lists of names (dns, cap_add, profiles...) append without repeats;
 * - `logging` is replaced when the driver changes;
 * - `!reset` removes the earlier value, `!override` replaces it unmerged.
 * Both inputs must be in canonical form (see canonical.ts).
 */
export function mergeModels(base: unknown, override: unknown, origins: Origins): unknown {
  return mergeAt(base, override, '', origins);
}

type Rule = 'replace' | 'unique' | 'byKey' | 'logging';

const WILDCARD_PARENTS = new Set([
  'services',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'models',
  'services.*.networks',
  'services.*.ulimits',
  'services.*.depends_on',
  'services.*.models',
  'services.*.build.ulimits',
]);

const RULES: Readonly<Record<string, Rule>> = {
  'services.*.command': 'replace',
  'services.*.entrypoint': 'replace',
  'services.*.healthcheck.test': 'replace',
  'services.*.ulimits.*': 'replace',
  'services.*.build.ulimits.*': 'replace',
  'services.*.post_start.*.command': 'replace',
  'services.*.pre_stop.*.command': 'replace',
  'services.*.logging': 'logging',
  'services.*.ports': 'byKey',
  'services.*.volumes': 'byKey',
  'services.*.secrets': 'byKey',
  'services.*.configs': 'byKey',
  'services.*.env_file': 'byKey',
  'services.*.devices': 'byKey',
  'services.*.build.secrets': 'byKey',
  'services.*.dns': 'unique',
  'services.*.dns_opt': 'unique',
  'services.*.dns_search': 'unique',
  'services.*.tmpfs': 'unique',
  'services.*.expose': 'unique',
  'services.*.links': 'unique',
  'services.*.external_links': 'unique',
  'services.*.extra_hosts': 'unique',
  'services.*.profiles': 'unique',
  'services.*.cap_add': 'unique',
  'services.*.cap_drop': 'unique',
  'services.*.security_opt': 'unique',
  'services.*.group_add': 'unique',
  'services.*.volumes_from': 'unique',
  'services.*.label_file': 'unique',
  'services.*.device_cgroup_rules': 'unique',
  'services.*.networks.*.aliases': 'unique',
  'services.*.networks.*.link_local_ips': 'unique',
  'services.*.build.tags': 'unique',
  'services.*.build.platforms': 'unique',
  'services.*.build.cache_from': 'unique',
  'services.*.build.cache_to': 'unique',
  'services.*.build.extra_hosts': 'unique',
};

function childRule(rule: string, key: string): string {
  if (rule === '') return key;
  return WILDCARD_PARENTS.has(rule) ? `${rule}.*` : `${rule}.${key}`;
}

function mergeAt(base: unknown, override: unknown, rule: string, origins: Origins): unknown {
  const kind = RULES[rule];
  if (kind === 'replace') return override;
  if (Array.isArray(base) && Array.isArray(override)) {
    if (kind === 'byKey') return mergeByKey(base, override, rule, origins);
    if (kind === 'unique') return appendUnique(base, override, origins);
    return append(base, override, origins);
  }
  if (isRecord(base) && isRecord(override)) {
    if (kind === 'logging' && typeof base.driver === 'string' && typeof override.driver === 'string' && base.driver !== override.driver) return override;
    return mergeRecords(base, override, rule, origins);
  }
  return override;
}

function mergeRecords(base: Record<string, unknown>, override: Record<string, unknown>, rule: string, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const reset = new Set(origins.resetKeys(override).map(String));
  for (const [key, value] of Object.entries(base)) {
    if (reset.has(key)) continue;
    put(out, key, value);
    origins.copy(base, key, out);
  }
  for (const [key, value] of Object.entries(override)) {
    const directive = origins.directive(override, key);
    const merged = directive === 'override' || !Object.prototype.hasOwnProperty.call(out, key) ? value : mergeAt(out[key], value, childRule(rule, key), origins);
    put(out, key, merged);
    origins.copy(override, key, out);
  }
  origins.copySelf(override, out);
  if (!origins.self(out)) origins.copySelf(base, out);
  return out;
}

function append(base: readonly unknown[], override: readonly unknown[], origins: Origins): unknown[] {
  const out = [...base, ...override];
  base.forEach((_, i) => origins.copy(base, i, out, i));
  override.forEach((_, i) => origins.copy(override, i, out, base.length + i));
  origins.copySelf(base, out);
  return out;
}

function appendUnique(base: readonly unknown[], override: readonly unknown[], origins: Origins): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const add = (from: readonly unknown[]) =>
    from.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) return;
      seen.add(key);
      origins.copy(from, i, out, out.length);
      out.push(item);
    });
  add(base);
  add(override);
  origins.copySelf(base, out);
  return out;
}

/** The unique key of a list entry, per list (13-merge.md); undefined when the entry has none. */
export function entryKey(rule: string, item: unknown): string | undefined {
  if (!isRecord(item)) return typeof item === 'string' ? item : undefined;
  switch (rule) {
    case 'services.*.ports':
      return [item.host_ip ?? '', item.target ?? '', item.published ?? '', item.protocol ?? 'tcp'].join('|');
    case 'services.*.volumes':
    case 'services.*.devices':
      return typeof item.target === 'string' ? item.target : typeof item.source === 'string' ? item.source : undefined;
    case 'services.*.secrets':
    case 'services.*.build.secrets':
      return typeof item.target === 'string' ? item.target : `/run/secrets/${String(item.source)}`;
    case 'services.*.configs':
      return typeof item.target === 'string' ? item.target : `/${String(item.source)}`;
    case 'services.*.env_file':
      return typeof item.path === 'string' ? item.path : undefined;
    default:
      return undefined;
  }
}

function mergeByKey(base: readonly unknown[], override: readonly unknown[], rule: string, origins: Origins): unknown[] {
  const out: unknown[] = [];
  const index = new Map<string, number>();
  const add = (from: readonly unknown[]) =>
    from.forEach((item, i) => {
      const key = entryKey(rule, item);
      const at = key === undefined ? undefined : index.get(key);
      if (at !== undefined) {
        out[at] = item;
        origins.copy(from, i, out, at);
        return;
      }
      if (key !== undefined) index.set(key, out.length);
      origins.copy(from, i, out, out.length);
      out.push(item);
    });
  add(base);
  add(override);
  origins.copySelf(base, out);
  return out;
}

/** Merges one service over another (extends), with the rules of `services.*`. */
export function mergeService(base: unknown, override: unknown, origins: Origins): unknown {
  return mergeAt(base, override, 'services.*', origins);
}
