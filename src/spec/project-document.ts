import { compareStrings } from '../base/index.ts';
import type { Project, ServiceConfig } from './types.ts';

/**
 * The Project as `docker compose config` prints it: the compose file's
 * shape (x- extensions inline, no loader bookkeeping), keys in the order
 * Compose prints them (the field order of compose-go's types), name maps
 * sorted. `--format json` prints the same object with sorted keys.
 */
export function composeDocument(project: Project, services: readonly string[] = Object.keys(project.services)): Record<string, unknown> {
  const selected = new Set(services);
  const doc: Record<string, unknown> = {
    name: project.name,
    services: Object.fromEntries(
      Object.entries(project.services)
        .filter(([name]) => selected.has(name))
        .map(([name, service]) => [name, serviceDocument(service)]),
    ),
    networks: project.networks,
    volumes: project.volumes,
    secrets: project.secrets,
    configs: project.configs,
    ...(project.models ? { models: project.models } : {}),
    ...project.extensions,
  };
  for (const key of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const section = doc[key] as Record<string, unknown>;
    doc[key] = Object.fromEntries(Object.entries(section).map(([k, v]) => [k, inlineExtensions(v as Record<string, unknown>)]));
    if (Object.keys(doc[key] as object).length === 0) delete doc[key];
  }
  return order(doc, SHAPES.project) as Record<string, unknown>;
}

function serviceDocument(service: ServiceConfig): Record<string, unknown> {
  const { name: _name, extensions, ...rest } = service;
  const out: Record<string, unknown> = { ...rest, ...(extensions as Record<string, unknown> | undefined) };
  for (const key of ['secrets', 'configs'] as const) if (Array.isArray(out[key])) out[key] = (out[key] as Record<string, unknown>[]).map(octalMode);
  if (out.build && Array.isArray((out.build as Record<string, unknown>).secrets)) {
    const build = out.build as Record<string, unknown>;
    out.build = { ...build, secrets: (build.secrets as Record<string, unknown>[]).map(octalMode) };
  }
  if (out.ulimits && typeof out.ulimits === 'object') out.ulimits = singleUlimits(out.ulimits as Record<string, unknown>);
  if (out.build && typeof (out.build as Record<string, unknown>).ulimits === 'object') {
    const build = out.build as Record<string, unknown>;
    out.build = { ...build, ulimits: singleUlimits(build.ulimits as Record<string, unknown>) };
  }
  return out;
}

/** `{single: n}` prints as `n`, as in the file. */
function singleUlimits(ulimits: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ulimits).map(([k, v]) => [k, typeof v === 'object' && v !== null && 'single' in v ? (v as { single: number }).single : v]));
}

/** File modes print in octal, as Compose does (`"0440"`). */
function octalMode(ref: Record<string, unknown>): Record<string, unknown> {
  return typeof ref.mode === 'number' ? { ...ref, mode: `0${ref.mode.toString(8)}` } : ref;
}

function inlineExtensions(value: Record<string, unknown>): Record<string, unknown> {
  const { extensions, ...rest } = value;
  return { ...rest, ...(extensions as Record<string, unknown> | undefined) };
}

/** How to order an object: its fields first in `fields` order, then others sorted, then `x-` keys sorted. */
interface Shape {
  readonly fields?: readonly string[];
  readonly children?: Readonly<Record<string, Shape>>;
  /** Every value of a name map (services, networks...) has this shape. */
  readonly values?: Shape;
  /** Every item of a list has this shape. */
  readonly items?: Shape;
}

const RANKS = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Position of each known field: known fields first in their order, then others sorted, then `x-` keys sorted. */
function ranks(fields: readonly string[]): ReadonlyMap<string, number> {
  let map = RANKS.get(fields);
  if (!map) RANKS.set(fields, (map = new Map(fields.map((f, i) => [f, i]))));
  return map;
}

function order(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => order(item, shape?.items));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  const known = ranks(shape?.fields ?? []);
  const group = (k: string) => (known.has(k) ? 0 : k.startsWith('x-') ? 2 : 1);
  keys.sort((a, b) => group(a) - group(b) || (group(a) === 0 ? known.get(a)! - known.get(b)! : compareStrings(a, b)));
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = order(record[key], shape?.children?.[key] ?? shape?.values);
  return out;
}

const fileRef: Shape = { fields: ['source', 'target', 'uid', 'gid', 'mode'] };
const updateConfig: Shape = { fields: ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'] };
const resource: Shape = { fields: ['cpus', 'memory', 'pids', 'devices', 'generic_resources'] };
const hook: Shape = { fields: ['command', 'user', 'privileged', 'working_dir', 'environment'] };

const service: Shape = {
  fields: [
    'profiles', 'annotations', 'attach', 'build', 'develop', 'blkio_config', 'cap_add', 'cap_drop', 'cgroup_parent', 'cgroup',
    'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpus', 'cpuset', 'cpu_shares',
    'command', 'configs', 'container_name', 'credential_spec', 'depends_on', 'deploy', 'device_cgroup_rules', 'devices', 'dns',
    'dns_opt', 'dns_search', 'dockerfile', 'domainname', 'entrypoint', 'provider', 'environment', 'env_file', 'expose', 'extends',
    'external_links', 'extra_hosts', 'group_add', 'gpus', 'hostname', 'healthcheck', 'image', 'init', 'ipc', 'isolation', 'labels',
    'label_file', 'links', 'logging', 'log_driver', 'log_opt', 'mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness',
    'mac_address', 'models', 'net', 'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform',
    'ports', 'privileged', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size',
    'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user',
    'userns_mode', 'uts', 'volume_driver', 'volumes', 'volumes_from', 'working_dir', 'post_start', 'pre_stop',
  ],
  children: {
    build: {
      fields: [
        'context', 'dockerfile', 'dockerfile_inline', 'entitlements', 'args', 'provenance', 'sbom', 'ssh', 'labels', 'cache_from',
        'cache_to', 'no_cache', 'no_cache_filter', 'additional_contexts', 'pull', 'extra_hosts', 'isolation', 'network', 'target',
        'secrets', 'shm_size', 'tags', 'ulimits', 'platforms', 'privileged',
      ],
      children: { secrets: { items: fileRef }, ulimits: { values: { fields: ['soft', 'hard'] } } },
    },
    configs: { items: fileRef },
    secrets: { items: fileRef },
    depends_on: { values: { fields: ['condition', 'restart', 'required'] } },
    deploy: {
      fields: ['mode', 'replicas', 'labels', 'update_config', 'rollback_config', 'resources', 'restart_policy', 'placement', 'endpoint_mode'],
      children: {
        update_config: updateConfig,
        rollback_config: updateConfig,
        resources: { fields: ['limits', 'reservations'], children: { limits: resource, reservations: resource } },
        restart_policy: { fields: ['condition', 'delay', 'max_attempts', 'window'] },
        placement: { fields: ['constraints', 'preferences', 'max_replicas_per_node'] },
      },
    },
    devices: { items: { fields: ['source', 'target', 'permissions'] } },
    env_file: { items: { fields: ['path', 'required', 'format'] } },
    healthcheck: { fields: ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'] },
    logging: { fields: ['driver', 'options'] },
    networks: { values: { fields: ['aliases', 'driver_opts', 'gw_priority', 'interface_name', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'priority'] } },
    ports: { items: { fields: ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'] } },
    ulimits: { values: { fields: ['soft', 'hard'] } },
    volumes: {
      items: {
        fields: ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'],
        children: {
          bind: { fields: ['selinux', 'propagation', 'create_host_path', 'recursive'] },
          volume: { fields: ['labels', 'nocopy', 'subpath'] },
          tmpfs: { fields: ['size', 'mode'] },
        },
      },
    },
    post_start: { items: hook },
    pre_stop: { items: hook },
  },
};

const SHAPES = {
  project: {
    fields: ['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'],
    children: {
      services: { values: service },
      networks: {
        values: {
          fields: ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels', 'enable_ipv4', 'enable_ipv6'],
          children: { ipam: { fields: ['driver', 'config', 'options'], children: { config: { items: { fields: ['subnet', 'gateway', 'ip_range', 'aux_addresses'] } } } } },
        },
      },
      volumes: { values: { fields: ['name', 'driver', 'driver_opts', 'external', 'labels'] } },
      secrets: { values: { fields: ['name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'] } },
      configs: { values: { fields: ['name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'] } },
    },
  },
} as const satisfies Record<string, Shape>;
