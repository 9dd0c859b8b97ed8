import type { MountPoint } from './mount-plan.ts';
import type { OciMount } from './oci-types.ts';
import { INIT_PATH } from './process-args.ts';

/** Docker's default /dev/shm size: 64 MiB. */
export const DEFAULT_SHM_SIZE = 67_108_864;

/** A planned mount with its host side decided at start (a volume's directory, or a tmpfs for tmpfs volumes). */
export interface ResolvedMount {
  readonly point: MountPoint;
  readonly host: { readonly kind: 'path'; readonly path: string } | { readonly kind: 'tmpfs'; readonly options: readonly string[] };
}

/** How /dev/shm is provided: a private tmpfs, the host's, another container's, or none. */
export type ShmSource = { readonly kind: 'private' } | { readonly kind: 'bind'; readonly path: string } | { readonly kind: 'none' };

export interface MountsInput {
  readonly privileged: boolean;
  readonly readonlyRootfs: boolean;
  readonly shmSize?: number;
  readonly shm: ShmSource;
  /** Host paths of the files written for this container; absent ones are not mounted. */
  readonly etcHosts?: string;
  readonly resolvConf?: string;
  readonly etcHostname?: string;
  readonly userMounts: readonly ResolvedMount[];
  /** The host's tini-static, for `init: true`. */
  readonly initBinary?: string;
}

/**
 * The mounts of config.json, in Docker's order: the kernel filesystems, then
 * /etc/hosts, /etc/resolv.conf and /etc/hostname, then the user's mounts
 * sorted parent-first (fewer path components first, stable), so a volume at
 * /data is mounted before a bind at /data/cache. A user mount replaces a
 * default one at the same destination.
 */
export function buildOciMounts(input: MountsInput): OciMount[] {
  const user = [...input.userMounts].sort((a, b) => depth(a.point.destination) - depth(b.point.destination));
  const userDestinations = new Set(user.map((m) => m.point.destination));
  const sysOptions = input.privileged ? ['nosuid', 'noexec', 'nodev', 'rw'] : ['nosuid', 'noexec', 'nodev', 'ro'];
  const defaults: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: sysOptions },
    { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: input.privileged ? ['rw', 'nosuid', 'noexec', 'nodev'] : ['ro', 'nosuid', 'noexec', 'nodev'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
  ];
  if (input.shm.kind === 'private') {
    defaults.push({ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${input.shmSize && input.shmSize > 0 ? input.shmSize : DEFAULT_SHM_SIZE}`] });
  } else if (input.shm.kind === 'bind') {
    defaults.push({ destination: '/dev/shm', type: 'bind', source: input.shm.path, options: ['rbind', 'rprivate'] });
  }
  const mounts = defaults.filter((m) => !userDestinations.has(m.destination));
  const etcOptions = input.readonlyRootfs ? ['rbind', 'rprivate', 'ro'] : ['rbind', 'rprivate'];
  const etc: [string, string | undefined][] = [
    ['/etc/hosts', input.etcHosts],
    ['/etc/resolv.conf', input.resolvConf],
    ['/etc/hostname', input.etcHostname],
  ];
  for (const [destination, source] of etc) {
    if (source && !userDestinations.has(destination)) mounts.push({ destination, type: 'bind', source, options: etcOptions });
  }
  if (input.initBinary && !userDestinations.has(INIT_PATH)) {
    mounts.push({ destination: INIT_PATH, type: 'bind', source: input.initBinary, options: ['rbind', 'ro', 'rprivate'] });
  }
  for (const mount of user) mounts.push(toOciMount(mount));
  return mounts;
}

function toOciMount(mount: ResolvedMount): OciMount {
  const { point, host } = mount;
  if (point.type === 'tmpfs' || host.kind === 'tmpfs') {
    const extra = point.type === 'tmpfs' ? point.tmpfsOptions : host.kind === 'tmpfs' ? host.options : [];
    const options = mergeTmpfsOptions(['nosuid', 'nodev', 'noexec'], extra);
    if (point.readonly && !options.includes('ro')) options.push('ro');
    return { destination: point.destination, type: 'tmpfs', source: 'tmpfs', options };
  }
  const options = [point.nonRecursive ? 'bind' : 'rbind', point.propagation || 'rprivate'];
  if (point.readonly) options.push('ro');
  return { destination: point.destination, type: 'bind', source: host.path, options };
}

/** User tmpfs flags override the defaults they contradict (`exec` removes `noexec`). */
function mergeTmpfsOptions(defaults: readonly string[], extra: readonly string[]): string[] {
  const opposite: Record<string, string> = { exec: 'noexec', suid: 'nosuid', dev: 'nodev', noexec: 'exec', nosuid: 'suid', nodev: 'dev', rw: 'ro', ro: 'rw' };
  const out = [...defaults];
  for (const option of extra) {
    const other = opposite[option];
    if (other) {
      const index = out.indexOf(other);
      if (index >= 0) out.splice(index, 1);
    }
    const key = option.split('=')[0];
    const existing = out.findIndex((o) => o.includes('=') && o.split('=')[0] === key);
    if (existing >= 0) out.splice(existing, 1);
    if (!out.includes(option)) out.push(option);
  }
  return out;
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}
