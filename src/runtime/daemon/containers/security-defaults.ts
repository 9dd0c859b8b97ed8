import { invalidConfig } from './container-errors.ts';

/** Paths hidden from containers (Docker's defaults): kernel memory, keys, timers, firmware. */
export const MASKED_PATHS: readonly string[] = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats',
  '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap', '/proc/interrupts',
];

/** Paths containers may read but not write (Docker's defaults). */
export const READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** What Docker sets in a container with its own network namespace (moby daemon/oci_linux.go). */
export const DEFAULT_NETNS_SYSCTLS: Readonly<Record<string, string>> = {
  'net.ipv4.ip_unprivileged_port_start': '0',
  'net.ipv4.ping_group_range': '0 2147483647',
};

/** IPC sysctls are namespaced with the IPC namespace; net.* with the network namespace. */
const IPC_SYSCTLS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

/**
 * The container's sysctls: Docker's defaults for a private netns, then the
 * request's. Only namespaced keys are accepted (as Docker's validation does):
 * a host-wide sysctl set from a container would change the host.
 */
export function buildSysctls(requested: Readonly<Record<string, string>> | null | undefined, ns: { privateNetwork: boolean; privateIpc: boolean }): Record<string, string> {
  const out: Record<string, string> = ns.privateNetwork ? { ...DEFAULT_NETNS_SYSCTLS } : {};
  for (const [key, value] of Object.entries(requested ?? {})) {
    const ipc = IPC_SYSCTLS.has(key) || key.startsWith('fs.mqueue.');
    const net = key.startsWith('net.');
    if (ipc && !ns.privateIpc) throw invalidConfig(`sysctl ${key} is not allowed with the host IPC namespace`, 'Remove it, or give the container its own IPC namespace.');
    if (net && !ns.privateNetwork) throw invalidConfig(`sysctl ${key} is not allowed with the host network namespace`, 'Remove it, or use a bridge network.');
    if (!ipc && !net) throw invalidConfig(`sysctl ${key} is not namespaced and would change the host`, 'Only net.*, fs.mqueue.* and the kernel IPC sysctls can be set per container.');
    out[key] = value;
  }
  return out;
}

/** What `HostConfig.SecurityOpt` asks for. */
export interface SecurityOptions {
  readonly noNewPrivileges: boolean;
  /** 'default', 'unconfined', or a profile in Docker's JSON format. */
  readonly seccomp: { readonly kind: 'default' } | { readonly kind: 'unconfined' } | { readonly kind: 'profile'; readonly json: string };
  /** `systempaths=unconfined`: no masked or read-only /proc paths. */
  readonly unmaskSystemPaths: boolean;
}

/**
 * `no-new-privileges[=true|false]`, `seccomp=unconfined|<json>`,
 * `systempaths=unconfined`; `apparmor=` and `label=` are accepted and have
 * no effect (no AppArmor or SELinux here). Both `=` and the old `:` work.
 */
export function parseSecurityOpt(options: readonly string[] | null | undefined): SecurityOptions {
  let noNewPrivileges = false;
  let seccomp: SecurityOptions['seccomp'] = { kind: 'default' };
  let unmaskSystemPaths = false;
  for (const option of options ?? []) {
    const sep = option.search(/[=:]/);
    const key = sep < 0 ? option : option.slice(0, sep);
    const value = sep < 0 ? '' : option.slice(sep + 1);
    switch (key) {
      case 'no-new-privileges':
        if (value !== '' && value !== 'true' && value !== 'false') throw invalidConfig(`invalid security option "${option}"`, 'Use no-new-privileges or no-new-privileges=true.');
        noNewPrivileges = value !== 'false';
        break;
      case 'seccomp':
        if (value === 'unconfined') seccomp = { kind: 'unconfined' };
        else if (value.trim().startsWith('{')) seccomp = { kind: 'profile', json: value };
        else throw invalidConfig(`invalid security option "${option}"`, 'Use seccomp=unconfined, or pass the profile\'s JSON (the docker CLI reads the file for you).');
        break;
      case 'systempaths':
        if (value !== 'unconfined') throw invalidConfig(`invalid security option "${option}"`, 'Use systempaths=unconfined.');
        unmaskSystemPaths = true;
        break;
      case 'apparmor':
      case 'label':
        break;
      default:
        throw invalidConfig(`unknown security option "${option}"`, 'Supported: no-new-privileges, seccomp=unconfined|<profile>, systempaths=unconfined.');
    }
  }
  return { noNewPrivileges, seccomp, unmaskSystemPaths };
}
