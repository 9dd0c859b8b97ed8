import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const V1 = '/sys/fs/cgroup';
/** USER_HZ: cpuacct.stat counts in 1/100 s. */
const TICKS_PER_SECOND = 100;
/** The kernel's "no limit" for memory.limit_in_bytes (page-rounded LONG_MAX). */
const UNLIMITED_MEMORY = 9_223_372_036_854_771_712;

export interface CpuStats {
  readonly cpu_usage: { readonly total_usage: number; readonly percpu_usage?: readonly number[]; readonly usage_in_kernelmode: number; readonly usage_in_usermode: number };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
  readonly throttling_data: { readonly periods: number; readonly throttled_periods: number; readonly throttled_time: number };
}

export interface NetworkStats {
  readonly rx_bytes: number;
  readonly rx_packets: number;
  readonly rx_errors: number;
  readonly rx_dropped: number;
  readonly tx_bytes: number;
  readonly tx_packets: number;
  readonly tx_errors: number;
  readonly tx_dropped: number;
}

/** Docker's stats JSON (`GET /containers/{id}/stats`), cgroup v1 fields. */
export interface ContainerStats {
  readonly read: string;
  readonly preread: string;
  readonly id: string;
  readonly name: string;
  readonly num_procs: number;
  readonly pids_stats: { readonly current?: number; readonly limit?: number };
  readonly blkio_stats: { readonly io_service_bytes_recursive: readonly { major: number; minor: number; op: string; value: number }[] | null; readonly io_serviced_recursive: readonly { major: number; minor: number; op: string; value: number }[] | null };
  readonly storage_stats: Record<string, never>;
  readonly cpu_stats: CpuStats;
  readonly precpu_stats: CpuStats | Record<string, never>;
  readonly memory_stats: { readonly usage?: number; readonly max_usage?: number; readonly failcnt?: number; readonly limit?: number; readonly stats?: Readonly<Record<string, number>> };
  readonly networks?: Readonly<Record<string, NetworkStats>>;
}

/**
 * One stats sample of a running container from its cgroup v1 files, in
 * Docker's shape. `previous` (the last sample) fills precpu_stats so clients
 * can compute a CPU percentage, as Docker's streaming stats do.
 */
export async function readStats(options: { id: string; name: string; cgroupPath: string; pid: number; previous?: ContainerStats }): Promise<ContainerStats> {
  const cg = (controller: string, file: string): string => join(V1, controller, options.cgroupPath, file);
  const [usage, maxUsage, failcnt, limit, memStat, cpuTotal, perCpu, cpuStat, cpuThrottle, pidsCurrent, pidsMax, blkBytes, blkOps, procStat, netDev] = await Promise.all([
    num(cg('memory', 'memory.usage_in_bytes')),
    num(cg('memory', 'memory.max_usage_in_bytes')),
    num(cg('memory', 'memory.failcnt')),
    num(cg('memory', 'memory.limit_in_bytes')),
    text(cg('memory', 'memory.stat')),
    num(cg('cpuacct', 'cpuacct.usage')),
    text(cg('cpuacct', 'cpuacct.usage_percpu')),
    text(cg('cpuacct', 'cpuacct.stat')),
    text(cg('cpu', 'cpu.stat')),
    num(cg('pids', 'pids.current')),
    text(cg('pids', 'pids.max')),
    text(cg('blkio', 'blkio.throttle.io_service_bytes_recursive')),
    text(cg('blkio', 'blkio.throttle.io_serviced_recursive')),
    text('/proc/stat'),
    options.pid > 0 ? text(`/proc/${options.pid}/net/dev`) : Promise.resolve(undefined),
  ]);
  const cpuTicks = keyValues(cpuStat);
  const throttle = keyValues(cpuThrottle);
  const pidsLimit = pidsMax && pidsMax.trim() !== 'max' ? Number(pidsMax.trim()) : undefined;
  const cpu: CpuStats = {
    cpu_usage: {
      total_usage: cpuTotal ?? 0,
      ...(perCpu ? { percpu_usage: perCpu.trim().split(/\s+/).map(Number) } : {}),
      usage_in_kernelmode: ((cpuTicks.system ?? 0) * 1e9) / TICKS_PER_SECOND,
      usage_in_usermode: ((cpuTicks.user ?? 0) * 1e9) / TICKS_PER_SECOND,
    },
    ...(procStat ? { system_cpu_usage: systemCpuUsage(procStat) } : {}),
    online_cpus: cpus().length,
    throttling_data: { periods: throttle.nr_periods ?? 0, throttled_periods: throttle.nr_throttled ?? 0, throttled_time: throttle.throttled_time ?? 0 },
  };
  const hostMemory = totalmem();
  return {
    read: new Date().toISOString(),
    preread: options.previous?.read ?? '0001-01-01T00:00:00Z',
    id: options.id,
    name: `/${options.name}`,
    num_procs: 0,
    pids_stats: { ...(pidsCurrent !== undefined ? { current: pidsCurrent } : {}), ...(pidsLimit !== undefined ? { limit: pidsLimit } : {}) },
    blkio_stats: { io_service_bytes_recursive: blkio(blkBytes), io_serviced_recursive: blkio(blkOps) },
    storage_stats: {},
    cpu_stats: cpu,
    precpu_stats: options.previous?.cpu_stats ?? {},
    memory_stats: {
      ...(usage !== undefined ? { usage } : {}),
      ...(maxUsage !== undefined ? { max_usage: maxUsage } : {}),
      ...(failcnt !== undefined ? { failcnt } : {}),
      limit: limit === undefined || limit >= UNLIMITED_MEMORY ? hostMemory : Math.min(limit, hostMemory),
      stats: keyValues(memStat),
    },
    ...(netDev ? { networks: parseNetDev(netDev) } : {}),
  };
}

/** /proc/stat's first line in nanoseconds (jiffies are USER_HZ), as Docker's system_cpu_usage. */
export function systemCpuUsage(procStat: string): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const ticks = line.trim().split(/\s+/).slice(1, 8).map(Number).reduce((a, b) => a + b, 0);
  return (ticks * 1e9) / TICKS_PER_SECOND;
}

/** /proc/<pid>/net/dev: the container's interfaces (its own netns), loopback left out as Docker does. */
export function parseNetDev(text: string): Record<string, NetworkStats> {
  const out: Record<string, NetworkStats> = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo') continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    out[name] = { rx_bytes: f[0] ?? 0, rx_packets: f[1] ?? 0, rx_errors: f[2] ?? 0, rx_dropped: f[3] ?? 0, tx_bytes: f[8] ?? 0, tx_packets: f[9] ?? 0, tx_errors: f[10] ?? 0, tx_dropped: f[11] ?? 0 };
  }
  return out;
}

function blkio(content: string | undefined): { major: number; minor: number; op: string; value: number }[] | null {
  if (!content) return null;
  const out: { major: number; minor: number; op: string; value: number }[] = [];
  for (const line of content.split('\n')) {
    const m = /^(\d+):(\d+) (\S+) (\d+)$/.exec(line.trim());
    if (m) out.push({ major: Number(m[1]), minor: Number(m[2]), op: m[3] as string, value: Number(m[4]) });
  }
  return out;
}

function keyValues(content: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (content ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

async function text(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function num(path: string): Promise<number | undefined> {
  const t = await text(path);
  if (t === undefined) return undefined;
  const n = Number(t.trim());
  return Number.isFinite(n) ? n : undefined;
}
