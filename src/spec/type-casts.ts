/**
 * After interpolation, strings at places that take a number or a boolean
 * become one (compose-go's interpolateTypeCastMapping), so that
 * `replicas: ${REPLICAS}` or `read_only: "true"` pass the schema. A string
 * that does not convert stays as it is, for the schema to report.
 */
export type Cast = (value: string) => unknown;

const toInt: Cast = (v) => (/^[-+]?\d+$/.test(v.trim()) ? Number.parseInt(v, 10) : v);
const toFloat: Cast = (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const toBoolean: Cast = (v) => {
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === 'y' || s === 'on') return true;
  if (s === 'false' || s === 'no' || s === 'n' || s === 'off') return false;
  return v;
};
const toFileMode: Cast = (v) => (/^[0-7]+$/.test(v.trim()) ? Number.parseInt(v.trim(), 8) : v);

/** Patterns over paths: `*` is any key or index. */
const CASTS: readonly (readonly [string, Cast])[] = [
  ['services.*.cpu_count', toInt],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt],
  ['services.*.cpu_quota', toInt],
  ['services.*.cpu_rt_period', toInt],
  ['services.*.cpu_rt_runtime', toInt],
  ['services.*.cpus', toFloat],
  ['services.*.cpu_shares', toInt],
  ['services.*.init', toBoolean],
  ['services.*.attach', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.deploy.resources.limits.pids', toInt],
  ['services.*.depends_on.*.required', toBoolean],
  ['services.*.depends_on.*.restart', toBoolean],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.mem_swappiness', toInt],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt],
  ['services.*.pids_limit', toInt],
  ['services.*.ports.*.target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.*.mode', toFileMode],
  ['services.*.configs.*.mode', toFileMode],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.use_api_socket', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.*.read_only', toBoolean],
  ['services.*.volumes.*.volume.nocopy', toBoolean],
  ['services.*.volumes.*.tmpfs.mode', toFileMode],
  ['services.*.build.no_cache', toBoolean],
  ['services.*.build.pull', toBoolean],
  ['services.*.build.privileged', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv4', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

const BY_DEPTH = new Map<number, (readonly [readonly string[], Cast])[]>();
/** The last path segments that can take a cast (`*` for any): most values are ruled out by this alone. */
const LAST = new Set<string>();
for (const [pattern, cast] of CASTS) {
  LAST.add(pattern.slice(pattern.lastIndexOf('.') + 1));
  const parts = pattern.split('.');
  const list = BY_DEPTH.get(parts.length) ?? [];
  list.push([parts, cast]);
  BY_DEPTH.set(parts.length, list);
}

/** The cast for a value at `path`, if that place takes a number or a boolean. */
export function castFor(path: readonly (string | number)[]): Cast | undefined {
  if (path.length < 3 || (!LAST.has(String(path[path.length - 1])) && path[path.length - 2] !== 'ulimits')) return undefined;
  for (const [parts, cast] of BY_DEPTH.get(path.length) ?? []) {
    if (parts.every((p, i) => p === '*' || p === String(path[i]))) return cast;
  }
  return undefined;
}
