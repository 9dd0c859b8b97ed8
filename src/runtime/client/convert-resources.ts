import { compareStrings } from '../../base/index.ts';
import {
  asArray, asBoolean, asNumber, asOptionalStringArray, asRecord, asString, asStringArray, asStringRecord, keysOf, nonEmpty, optional, parseTime,
  secondsToMs,
} from './json-read.ts';
import type { EventType } from './runtime-client.ts';
import type {
  ContainerStats, ContainerTop, ImageDetails, ImageSummary, NetworkDetails, NetworkSummary, PathStat, RuntimeEvent, RuntimeInfo, RuntimeVersion,
  VolumeSummary,
} from './runtime-types.ts';

/** Docker's JSON for everything but containers, to ours. */

export function toNetworkSummary(raw: unknown): NetworkSummary {
  const r = asRecord(raw);
  const ipam = asRecord(r.IPAM);
  return {
    id: asString(r.Id) ?? '',
    name: asString(r.Name) ?? '',
    driver: asString(r.Driver) ?? '',
    scope: asString(r.Scope) ?? 'local',
    internal: asBoolean(r.Internal),
    attachable: asBoolean(r.Attachable),
    enableIpv6: asBoolean(r.EnableIPv6),
    labels: asStringRecord(r.Labels),
    options: asStringRecord(r.Options),
    ipam: {
      driver: asString(ipam.Driver) ?? 'default',
      pools: asArray(ipam.Config).map((pool) => {
        const p = asRecord(pool);
        return { ...optional('subnet', nonEmpty(p.Subnet)), ...optional('gateway', nonEmpty(p.Gateway)), ...optional('ipRange', nonEmpty(p.IPRange)) };
      }),
    },
    ...optional('created', parseTime(r.Created)),
  };
}

export function toNetworkDetails(raw: unknown): NetworkDetails {
  const r = asRecord(raw);
  const containers = Object.entries(asRecord(r.Containers))
    .map(([containerId, endpoint]) => {
      const e = asRecord(endpoint);
      return {
        containerId,
        name: asString(e.Name) ?? '',
        ...optional('ipv4Address', nonEmpty(e.IPv4Address)),
        ...optional('ipv6Address', nonEmpty(e.IPv6Address)),
        ...optional('macAddress', nonEmpty(e.MacAddress)),
      };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
  return { ...toNetworkSummary(raw), containers, raw: r };
}

export function toVolumeSummary(raw: unknown): VolumeSummary {
  const r = asRecord(raw);
  return {
    name: asString(r.Name) ?? '',
    driver: asString(r.Driver) ?? 'local',
    mountpoint: asString(r.Mountpoint) ?? '',
    labels: asStringRecord(r.Labels),
    options: asStringRecord(r.Options),
    scope: asString(r.Scope) ?? 'local',
    ...optional('created', parseTime(r.CreatedAt)),
  };
}

export function toImageSummary(raw: unknown): ImageSummary {
  const r = asRecord(raw);
  return {
    id: asString(r.Id) ?? '',
    repoTags: asStringArray(r.RepoTags).filter((t) => t !== '<none>:<none>'),
    repoDigests: asStringArray(r.RepoDigests).filter((d) => d !== '<none>@<none>'),
    created: typeof r.Created === 'string' ? parseTime(r.Created) ?? 0 : secondsToMs(r.Created),
    size: asNumber(r.Size) ?? 0,
    labels: asStringRecord(r.Labels ?? asRecord(r.Config).Labels),
  };
}

export function toImageDetails(raw: unknown): ImageDetails {
  const r = asRecord(raw);
  const config = asRecord(r.Config);
  const test = asStringArray(asRecord(config.Healthcheck).Test);
  return {
    ...toImageSummary(raw),
    architecture: asString(r.Architecture) ?? '',
    os: asString(r.Os) ?? '',
    ...optional('variant', nonEmpty(r.Variant)),
    config: {
      cmd: asOptionalStringArray(config.Cmd),
      entrypoint: asOptionalStringArray(config.Entrypoint),
      env: asStringArray(config.Env),
      workingDir: asString(config.WorkingDir) ?? '',
      user: asString(config.User) ?? '',
      exposedPorts: keysOf(config.ExposedPorts),
      volumes: keysOf(config.Volumes),
      ...optional('stopSignal', nonEmpty(config.StopSignal)),
      hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    },
    raw: r,
  };
}

export function toRuntimeVersion(raw: unknown, negotiatedApiVersion: string): RuntimeVersion {
  const r = asRecord(raw);
  return {
    version: asString(r.Version) ?? '',
    apiVersion: asString(r.ApiVersion) ?? '',
    ...optional('minApiVersion', nonEmpty(r.MinAPIVersion)),
    negotiatedApiVersion,
    os: asString(r.Os) ?? '',
    arch: asString(r.Arch) ?? '',
    ...optional('kernelVersion', nonEmpty(r.KernelVersion)),
    components: asArray(r.Components).map((c) => ({ name: asString(asRecord(c).Name) ?? '', version: asString(asRecord(c).Version) ?? '' })),
  };
}

export function toRuntimeInfo(raw: unknown): RuntimeInfo {
  const r = asRecord(raw);
  return {
    ...optional('id', nonEmpty(r.ID)),
    name: asString(r.Name) ?? '',
    serverVersion: asString(r.ServerVersion) ?? '',
    containers: {
      total: asNumber(r.Containers) ?? 0,
      running: asNumber(r.ContainersRunning) ?? 0,
      paused: asNumber(r.ContainersPaused) ?? 0,
      stopped: asNumber(r.ContainersStopped) ?? 0,
    },
    images: asNumber(r.Images) ?? 0,
    ...optional('storageDriver', nonEmpty(r.Driver)),
    ...optional('cgroupDriver', nonEmpty(r.CgroupDriver)),
    ...optional('cgroupVersion', nonEmpty(r.CgroupVersion)),
    cpus: asNumber(r.NCPU) ?? 0,
    memoryBytes: asNumber(r.MemTotal) ?? 0,
    ...optional('operatingSystem', nonEmpty(r.OperatingSystem)),
    ...optional('kernelVersion', nonEmpty(r.KernelVersion)),
    ...optional('defaultRuntime', nonEmpty(r.DefaultRuntime)),
    runtimes: keysOf(r.Runtimes),
    securityOptions: asStringArray(r.SecurityOptions),
    raw: r,
  };
}

/** One `GET /containers/{id}/stats?stream=false` answer, computed the way `docker stats` does. */
export function toContainerStats(raw: unknown): ContainerStats {
  const r = asRecord(raw);
  const cpu = asRecord(r.cpu_stats);
  const pre = asRecord(r.precpu_stats);
  const cpuDelta = (asNumber(asRecord(cpu.cpu_usage).total_usage) ?? 0) - (asNumber(asRecord(pre.cpu_usage).total_usage) ?? 0);
  const systemDelta = (asNumber(cpu.system_cpu_usage) ?? 0) - (asNumber(pre.system_cpu_usage) ?? 0);
  const cpus = asNumber(cpu.online_cpus) || asArray(asRecord(cpu.cpu_usage).percpu_usage).length || 1;
  const memory = asRecord(r.memory_stats);
  const memStats = asRecord(memory.stats);
  const usage = asNumber(memory.usage) ?? 0;
  // cgroup v1 reports total_inactive_file, v2 inactive_file: page cache the kernel can drop, not counted as use.
  const inactive = asNumber(memStats.total_inactive_file) ?? asNumber(memStats.inactive_file) ?? 0;
  const memoryUsage = inactive < usage ? usage - inactive : usage;
  const memoryLimit = asNumber(memory.limit) ?? 0;
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(asRecord(r.networks))) {
    rx += asNumber(asRecord(net).rx_bytes) ?? 0;
    tx += asNumber(asRecord(net).tx_bytes) ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const entry of asArray(asRecord(r.blkio_stats).io_service_bytes_recursive)) {
    const e = asRecord(entry);
    const op = (asString(e.op) ?? '').toLowerCase();
    if (op === 'read') read += asNumber(e.value) ?? 0;
    if (op === 'write') write += asNumber(e.value) ?? 0;
  }
  return {
    read: parseTime(r.read) ?? 0,
    cpuPercent: cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
    memoryUsage,
    memoryLimit,
    memoryPercent: memoryLimit > 0 ? (memoryUsage / memoryLimit) * 100 : 0,
    ...optional('pids', asNumber(asRecord(r.pids_stats).current)),
    networkRxBytes: rx,
    networkTxBytes: tx,
    blockReadBytes: read,
    blockWriteBytes: write,
  };
}

export function toContainerTop(raw: unknown): ContainerTop {
  const r = asRecord(raw);
  return { titles: asStringArray(r.Titles), processes: asArray(r.Processes).map(asStringArray) };
}

/** Go's os.ModeDir. */
const modeDir = 2 ** 31;

/** The `X-Docker-Container-Path-Stat` header: base64 of a JSON object. */
export function toPathStat(header: string | string[] | undefined): PathStat | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const r = asRecord(parsed);
  const mode = asNumber(r.mode) ?? 0;
  return {
    name: asString(r.name) ?? '',
    size: asNumber(r.size) ?? 0,
    mode,
    isDirectory: Math.floor(mode / modeDir) % 2 === 1,
    mtime: asString(r.mtime) ?? '',
    linkTarget: asString(r.linkTarget) ?? '',
  };
}

const eventTypes: readonly EventType[] = ['container', 'image', 'network', 'volume', 'daemon', 'plugin', 'service', 'node', 'secret', 'config'];

export function toRuntimeEvent(raw: unknown): RuntimeEvent | undefined {
  const r = asRecord(raw);
  const type = eventTypes.find((t) => t === r.Type);
  const fullAction = asString(r.Action) ?? asString(r.status);
  if (!type || !fullAction) return undefined;
  const actor = asRecord(r.Actor);
  // `health_status: healthy`, `exec_start: sh -c date`: the part after `: ` is a detail of the action.
  const colon = fullAction.indexOf(': ');
  const nano = asNumber(r.timeNano);
  return {
    type,
    action: colon >= 0 ? fullAction.slice(0, colon) : fullAction,
    ...optional('detail', colon >= 0 ? fullAction.slice(colon + 2) : undefined),
    id: asString(actor.ID) ?? asString(r.id) ?? '',
    attributes: asStringRecord(actor.Attributes),
    ...optional('scope', nonEmpty(r.scope)),
    time: nano !== undefined ? Math.floor(nano / 1e6) : secondsToMs(r.time),
  };
}
