import { isAbsolute } from 'node:path';
import { unsupportedVolumeOptions } from './volume-errors.ts';

/** What a container mounts for a volume. */
export type VolumeSource =
  /** The volume's own `_data` directory: the common case, and the only one copy-up fills. */
  | { readonly kind: 'data'; readonly path: string }
  /** `driver_opts: {type: none, o: bind, device: /host/dir}`: a host directory under a volume's name. */
  | { readonly kind: 'host'; readonly path: string; readonly readonly: boolean }
  /** `driver_opts: {type: tmpfs, device: tmpfs, o: size=64m}`: a fresh tmpfs at every start. */
  | { readonly kind: 'tmpfs'; readonly options: readonly string[] };

const TMPFS_OPTIONS = new Set(['size', 'mode', 'uid', 'gid', 'nr_inodes', 'noexec', 'nosuid', 'nodev', 'exec', 'suid', 'dev']);

/**
 * The local driver's options, as Docker's `local` driver reads them (type,
 * device, o), limited to what works without a mount helper per volume: the
 * host-directory bind that compose files use and tmpfs. Anything else (nfs,
 * block devices) is refused up front rather than failing at first mount.
 */
export function volumeSource(name: string, dataPath: string, options: Readonly<Record<string, string>>): VolumeSource {
  const keys = Object.keys(options);
  if (keys.length === 0) return { kind: 'data', path: dataPath };
  const unknown = keys.filter((k) => k !== 'type' && k !== 'device' && k !== 'o');
  if (unknown.length > 0) throw unsupportedVolumeOptions(name, unknown);
  const type = options.type ?? '';
  const device = options.device ?? '';
  const flags = (options.o ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (type === 'tmpfs') {
    const bad = flags.filter((f) => !TMPFS_OPTIONS.has(f.split('=')[0] ?? ''));
    if (bad.length > 0) throw unsupportedVolumeOptions(name, bad.map((f) => `o=${f}`));
    return { kind: 'tmpfs', options: flags };
  }
  if ((type === 'none' || type === '') && (flags.includes('bind') || flags.includes('rbind')) && isAbsolute(device)) {
    const bad = flags.filter((f) => !['bind', 'rbind', 'ro', 'rw'].includes(f));
    if (bad.length > 0) throw unsupportedVolumeOptions(name, bad.map((f) => `o=${f}`));
    return { kind: 'host', path: device, readonly: flags.includes('ro') };
  }
  throw unsupportedVolumeOptions(name, keys.map((k) => `${k}=${options[k] ?? ''}`));
}
