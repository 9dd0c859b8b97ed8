import { isRecord, put, type Origins } from './origins.ts';

/**
 * Compose's defaults (compose-go normalize.go), on the merged model:
 * - runtime names of networks, volumes, secrets and configs: `<project>_<key>`
 *   unless `name:` is set; an external resource is named by its key;
 * - services with neither `networks` nor `network_mode` join `default`, which
 *   is declared when some service uses it;
 * - `build`: context `.`, dockerfile `Dockerfile` (unless inline);
 * - implicit `depends_on` for `links`, `volumes_from` and `service:` modes;
 * - `pull_policy: if_not_present` is `missing`.
 * `--no-normalize` skips this phase.
 */
export function normalizeModel(model: Record<string, unknown>, projectName: string, origins: Origins): Record<string, unknown> {
  const out: Record<string, unknown> = { ...model };
  origins.copyAll(model, out);
  const services = isRecord(model.services) ? model.services : {};
  const normalizedServices: Record<string, unknown> = {};
  let usesDefault = false;
  for (const [name, service] of Object.entries(services)) {
    if (!isRecord(service)) {
      put(normalizedServices, name, service);
      continue;
    }
    const s = normalizeService(service, origins);
    if (s.networks === undefined && s.network_mode === undefined) {
      s.networks = { default: null };
      usesDefault = true;
    } else if (isRecord(s.networks) && Object.prototype.hasOwnProperty.call(s.networks, 'default')) usesDefault = true;
    put(normalizedServices, name, s);
    origins.copy(services, name, normalizedServices);
  }
  origins.copySelf(services, normalizedServices);
  if (isRecord(model.services)) out.services = normalizedServices;

  const networks: Record<string, unknown> = isRecord(model.networks) ? { ...model.networks } : {};
  if (isRecord(model.networks)) origins.copyAll(model.networks, networks);
  if (usesDefault && !Object.prototype.hasOwnProperty.call(networks, 'default')) networks.default = {};
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const section = kind === 'networks' ? networks : model[kind];
    if (!isRecord(section)) continue;
    const named: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section)) {
      put(named, key, withName(value, key, projectName, origins));
      origins.copy(section, key, named);
    }
    origins.copySelf(section, named);
    if (Object.keys(named).length > 0 || kind in model) out[kind] = named;
  }
  return out;
}

function withName(value: unknown, key: string, projectName: string, origins: Origins): unknown {
  const resource = isRecord(value) ? value : {};
  if (typeof resource.name === 'string') return value;
  const out: Record<string, unknown> = { name: resource.external === true ? key : `${projectName}_${key}`, ...resource };
  origins.copyAll(resource, out);
  return out;
}

const SERVICE_REFERENCE_KEYS = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

function normalizeService(service: Record<string, unknown>, origins: Origins): Record<string, unknown> {
  const s: Record<string, unknown> = { ...service };
  origins.copyAll(service, s);
  if (s.pull_policy === 'if_not_present') s.pull_policy = 'missing';
  if (isRecord(s.build)) {
    const build: Record<string, unknown> = { ...s.build };
    origins.copyAll(s.build, build);
    if (build.context === undefined) build.context = '.';
    if (build.dockerfile === undefined && build.dockerfile_inline === undefined) build.dockerfile = 'Dockerfile';
    s.build = build;
  }
  const implicit = new Map<string, { restart: boolean; key: string }>();
  const add = (name: string, restart: boolean, key: string) => {
    if (name !== '' && !implicit.has(name)) implicit.set(name, { restart, key });
  };
  if (Array.isArray(s.links)) for (const link of s.links) if (typeof link === 'string') add(link.split(':')[0]!, true, 'links');
  for (const key of SERVICE_REFERENCE_KEYS) {
    const v = s[key];
    if (typeof v === 'string' && v.startsWith('service:')) add(v.slice('service:'.length), true, key);
  }
  if (Array.isArray(s.volumes_from)) {
    for (const v of s.volumes_from) if (typeof v === 'string' && !v.startsWith('container:')) add(v.split(':')[0]!, false, 'volumes_from');
  }
  if (implicit.size > 0) {
    const deps: Record<string, unknown> = isRecord(s.depends_on) ? { ...s.depends_on } : {};
    if (isRecord(s.depends_on)) origins.copyAll(s.depends_on, deps);
    for (const [name, { restart, key }] of [...implicit].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (Object.prototype.hasOwnProperty.call(deps, name)) continue;
      put(deps, name, { condition: 'service_started', restart, required: true });
      origins.set(deps, name, origins.get(s, key));
    }
    s.depends_on = deps;
  }
  return s;
}
