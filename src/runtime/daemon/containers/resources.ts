import { invalidConfig } from './container-errors.ts';
import type { HostConfig } from './docker-types.ts';
import type { OciDeviceRule, OciResources } from './oci-types.ts';

/**
 * Docker's device cgroup defaults: deny everything, allow the harmless
 * character devices (zero, null, urandom, random, tty, console), keep
 * /dev/fuse out. runc adds its own defaults (pts, ptmx, full) on top, as it
 * does for Docker.
 */
export const DEFAULT_DEVICE_RULES: readonly OciDeviceRule[] = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' },
  { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
];

/** The default CFS period, as Docker uses for NanoCpus. */
const CFS_PERIOD = 100_000;

/**
 * cgroup limits from HostConfig, with Docker's conventions: MemorySwap is
 * memory + swap (-1 unlimited; unset with Memory set means twice Memory,
 * only where the kernel accounts swap), NanoCpus becomes a CFS quota over a
 * 100 ms period, PidsLimit ≤ 0 means unlimited.
 */
export function buildResources(host: HostConfig, facts: { swapAccounting: boolean }): OciResources {
  if (host.NanoCpus && (host.CpuQuota || host.CpuPeriod)) {
    throw invalidConfig('NanoCpus and CpuPeriod/CpuQuota cannot both be set', 'Use either cpus (NanoCpus) or cpu_quota/cpu_period.');
  }
  if (host.Memory && host.Memory > 0 && host.Memory < 6 * 1024 * 1024) {
    throw invalidConfig('the minimum memory limit is 6 MiB', 'Raise mem_limit to at least 6m.');
  }
  if (host.MemorySwap && host.MemorySwap > 0 && host.Memory && host.MemorySwap < host.Memory) {
    throw invalidConfig('MemorySwap must be at least Memory', 'memswap_limit is memory plus swap: set it to at least mem_limit, or -1.');
  }
  const memory: { limit?: number; reservation?: number; swap?: number; swappiness?: number; disableOOMKiller?: boolean } = {};
  if (host.Memory && host.Memory > 0) {
    memory.limit = host.Memory;
    if (facts.swapAccounting) {
      if (host.MemorySwap === -1) memory.swap = -1;
      else if (host.MemorySwap && host.MemorySwap > 0) memory.swap = host.MemorySwap;
      else memory.swap = host.Memory * 2;
    }
  }
  if (host.MemoryReservation && host.MemoryReservation > 0) memory.reservation = host.MemoryReservation;
  if (host.MemorySwappiness !== undefined && host.MemorySwappiness !== null && host.MemorySwappiness >= 0) memory.swappiness = host.MemorySwappiness;
  if (host.OomKillDisable) memory.disableOOMKiller = true;

  const cpu: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string } = {};
  if (host.CpuShares && host.CpuShares > 0) cpu.shares = host.CpuShares;
  if (host.NanoCpus && host.NanoCpus > 0) {
    cpu.period = CFS_PERIOD;
    cpu.quota = Math.round((host.NanoCpus * CFS_PERIOD) / 1e9);
  }
  if (host.CpuQuota && host.CpuQuota > 0) cpu.quota = host.CpuQuota;
  if (host.CpuPeriod && host.CpuPeriod > 0) cpu.period = host.CpuPeriod;
  if (host.CpusetCpus) cpu.cpus = host.CpusetCpus;
  if (host.CpusetMems) cpu.mems = host.CpusetMems;

  const privileged = host.Privileged === true;
  return {
    devices: privileged ? [{ allow: true, access: 'rwm' }] : DEFAULT_DEVICE_RULES,
    ...(Object.keys(memory).length > 0 ? { memory } : {}),
    ...(Object.keys(cpu).length > 0 ? { cpu } : {}),
    ...(host.PidsLimit !== undefined && host.PidsLimit !== null && host.PidsLimit > 0 ? { pids: { limit: host.PidsLimit } } : {}),
    ...(host.BlkioWeight && host.BlkioWeight > 0 ? { blockIO: { weight: host.BlkioWeight } } : {}),
  };
}
