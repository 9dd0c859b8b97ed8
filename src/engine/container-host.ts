import type { HealthConfig, HostConfig, RestartPolicySpec, UlimitSpec } from '../runtime/client/index.ts';
import { parseByteSize, parseDuration, type ServiceConfig, type UlimitConfig } from '../spec/index.ts';

/**
 * The parts of a create body that follow from one service field each:
 * resources, limits, security, restart policy, health check, logging. Pure;
 * each value in the unit Docker's API wants (bytes, nanoseconds, seconds).
 */

/** `restart:` wins; else `deploy.restart_policy` (`none` → no, `any` → always), as Compose. A one-off gets none. */
export function restartPolicy(service: ServiceConfig): RestartPolicySpec | undefined {
  if (service.restart !== undefined) {
    const [name = '', count] = service.restart.split(':');
    if (name === 'on-failure') return { Name: 'on-failure', ...(count !== undefined ? { MaximumRetryCount: Number(count) || 0 } : {}) };
    if (name === 'always' || name === 'unless-stopped' || name === 'no') return { Name: name };
    return undefined;
  }
  const policy = service.deploy?.restart_policy;
  if (policy?.condition === undefined) return undefined;
  const name = policy.condition === 'none' ? 'no' : policy.condition === 'any' ? 'always' : policy.condition === 'on-failure' ? 'on-failure' : undefined;
  if (name === undefined) return undefined;
  return { Name: name, ...(name === 'on-failure' && policy.max_attempts !== undefined ? { MaximumRetryCount: policy.max_attempts } : {}) };
}

export function healthcheck(service: ServiceConfig): HealthConfig | undefined {
  const check = service.healthcheck;
  if (check === undefined) return undefined;
  if (check.disable === true) return { Test: ['NONE'] };
  const ns = (text: string | undefined) => (text === undefined ? undefined : parseDuration(text));
  const fields: Record<string, unknown> = {
    Test: check.test,
    Interval: ns(check.interval),
    Timeout: ns(check.timeout),
    StartPeriod: ns(check.start_period),
    StartInterval: ns(check.start_interval),
    Retries: check.retries,
  };
  return definedOnly(fields) as HealthConfig;
}

/** `stop_grace_period` in whole seconds (Docker's StopTimeout), truncated as Compose does. */
export function stopTimeoutSeconds(service: ServiceConfig): number | undefined {
  const ns = service.stop_grace_period === undefined ? undefined : parseDuration(service.stop_grace_period);
  return ns === undefined ? undefined : Math.floor(ns / 1e9);
}

/** Everything in HostConfig that is not storage or networking. */
export function hostSettings(service: ServiceConfig): HostConfig {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const cpus = service.cpus ?? limits?.cpus;
  const bytes = (value: unknown) => (value === undefined ? undefined : parseByteSize(value));
  const micros = (text: string | undefined) => {
    const ns = text === undefined ? undefined : parseDuration(text);
    return ns === undefined ? undefined : Math.round(ns / 1000);
  };
  const weight = service.blkio_config?.weight;
  const fields: Record<string, unknown> = {
    Memory: bytes(service.mem_limit ?? limits?.memory),
    MemoryReservation: bytes(service.mem_reservation ?? reservations?.memory),
    MemorySwap: bytes(service.memswap_limit),
    MemorySwappiness: service.mem_swappiness,
    OomKillDisable: service.oom_kill_disable,
    OomScoreAdj: service.oom_score_adj,
    NanoCpus: cpus === undefined ? undefined : Math.round(Number(cpus) * 1e9),
    CpuShares: service.cpu_shares,
    CpuPeriod: service.cpu_period,
    CpuQuota: service.cpu_quota,
    CpuRealtimePeriod: micros(service.cpu_rt_period),
    CpuRealtimeRuntime: micros(service.cpu_rt_runtime),
    CpusetCpus: service.cpuset,
    BlkioWeight: typeof weight === 'number' ? weight : undefined,
    PidsLimit: service.pids_limit ?? limits?.pids,
    Ulimits: ulimits(service.ulimits),
    ShmSize: bytes(service.shm_size),
    Sysctls: nonEmptyRecord(service.sysctls),
    CapAdd: nonEmptyList(service.cap_add),
    CapDrop: nonEmptyList(service.cap_drop),
    Privileged: service.privileged,
    ReadonlyRootfs: service.read_only,
    SecurityOpt: nonEmptyList(service.security_opt),
    UsernsMode: service.userns_mode,
    UTSMode: service.uts,
    CgroupnsMode: service.cgroup === 'host' || service.cgroup === 'private' ? service.cgroup : undefined,
    CgroupParent: service.cgroup_parent,
    Isolation: service.isolation,
    Runtime: service.runtime,
    GroupAdd: nonEmptyList(service.group_add),
    Init: service.init,
    Dns: nonEmptyList(service.dns),
    DnsOptions: nonEmptyList(service.dns_opt),
    DnsSearch: nonEmptyList(service.dns_search),
    // compose-go normalizes to `host=ip`; the engine wants `host:ip`.
    ExtraHosts: nonEmptyList(service.extra_hosts?.map((entry) => entry.replace('=', ':'))),
    Devices: nonEmptyList(service.devices?.map((d) => ({ PathOnHost: d.source, PathInContainer: d.target ?? d.source, CgroupPermissions: d.permissions ?? 'rwm' }))),
    DeviceCgroupRules: nonEmptyList(service.device_cgroup_rules),
    StorageOpt: nonEmptyRecord(service.storage_opt),
    LogConfig: service.logging?.driver !== undefined || service.logging?.options !== undefined ? { Type: service.logging?.driver ?? '', ...(service.logging?.options ? { Config: service.logging.options } : {}) } : undefined,
  };
  return definedOnly(fields) as HostConfig;
}

function ulimits(config: ServiceConfig['ulimits']): UlimitSpec[] | undefined {
  if (config === undefined) return undefined;
  const out: UlimitSpec[] = [];
  for (const name of Object.keys(config).sort()) {
    const value = config[name] as UlimitConfig | number;
    if (typeof value === 'number') out.push({ Name: name, Soft: value, Hard: value });
    else if (value.single !== undefined) out.push({ Name: name, Soft: value.single, Hard: value.single });
    else out.push({ Name: name, Soft: value.soft ?? value.hard ?? 0, Hard: value.hard ?? value.soft ?? 0 });
  }
  return out.length > 0 ? out : undefined;
}

function nonEmptyList<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}

function nonEmptyRecord(record: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | undefined {
  return record !== undefined && Object.keys(record).length > 0 ? record : undefined;
}

/** Drops undefined fields, so a body says only what the service set (and a golden shows only that). */
export function definedOnly(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
