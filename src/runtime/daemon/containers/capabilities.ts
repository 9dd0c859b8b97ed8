import { invalidConfig } from './container-errors.ts';
import type { OciCapabilities } from './oci-types.ts';

/** Every capability Linux 5.9+ knows, in bit order (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Docker's 14 default capabilities (moby daemon/pkg/oci/caps/defaults.go). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** `chown`, `cap_chown`, `CAP_CHOWN` → `CAP_CHOWN`; `all` → `ALL`. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/** The capabilities of this process's bounding set, from a `CapBnd:` hex mask (/proc/self/status). */
export function capabilitiesFromMask(hexMask: string): string[] {
  const mask = BigInt(`0x${hexMask.trim()}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * Docker's rules (TweakCapabilities): privileged gets every capability and
 * ignores CapAdd/CapDrop; otherwise start from the default set, add `CapAdd`
 * (ALL adds every one), then remove `CapDrop` (ALL drops every one not
 * explicitly added). Inheritable and ambient stay empty
 * (CVE-2022-24769). The result never exceeds what this process holds
 * (`hostCapabilities`): runc cannot grant what it does not have (root here
 * lacks CAP_SYS_RESOURCE), so ALL means "all we have".
 */
export function computeCapabilities(options: {
  capAdd?: readonly string[] | null;
  capDrop?: readonly string[] | null;
  privileged?: boolean;
  hostCapabilities: readonly string[];
}): OciCapabilities {
  const known = new Set(ALL_CAPABILITIES);
  const add = (options.capAdd ?? []).map(normalizeCapability);
  const drop = (options.capDrop ?? []).map(normalizeCapability);
  for (const cap of [...add, ...drop]) {
    if (cap !== 'ALL' && !known.has(cap)) throw invalidConfig(`unknown capability: "${cap}"`, 'Use a Linux capability name such as NET_ADMIN or SYS_PTRACE (see capabilities(7)).');
  }
  let set: Set<string>;
  if (options.privileged) {
    set = new Set(ALL_CAPABILITIES); // Docker ignores CapAdd/CapDrop for privileged containers
  } else if (add.includes('ALL')) {
    set = new Set(ALL_CAPABILITIES);
  } else {
    set = new Set(DEFAULT_CAPABILITIES);
    for (const cap of add) set.add(cap);
  }
  if (!options.privileged) {
    if (drop.includes('ALL')) set = add.includes('ALL') ? set : new Set(add);
    else for (const cap of drop) set.delete(cap);
  }
  const host = new Set(options.hostCapabilities);
  const caps = ALL_CAPABILITIES.filter((c) => set.has(c) && host.has(c));
  return { bounding: caps, effective: caps, permitted: caps, inheritable: [], ambient: [] };
}
