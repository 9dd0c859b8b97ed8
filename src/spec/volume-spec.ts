/** A service volume in Compose's long form, before it is frozen into the Project. */
export interface VolumeEntry {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean };
}

export type VolumeParse = { readonly volume: VolumeEntry } | { readonly error: string };

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY = new Set(['cached', 'delegated', 'consistent']);

/** Whether a short-syntax source is a host path (a bind mount) rather than a volume name. */
export function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || /^[a-zA-Z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/**
 * The short volume syntax `[source:]target[:mode]` (compose-go ParseVolume):
 * a source that looks like a path is a bind mount (which creates a missing
 * host path, the legacy behaviour), a name is a named volume, no source is an
 * anonymous volume. Mode is a comma list of `ro`/`rw`, `z`/`Z`, `nocopy`,
 * a propagation and a consistency.
 */
export function parseVolumeSpec(spec: string): VolumeParse {
  if (spec.trim() === '') return { error: 'the volume is empty' };
  const parts = splitVolume(spec);
  if (parts.length > 3) return { error: 'too many ":" (expected [source:]target[:mode])' };
  let source: string | undefined;
  let target: string;
  let mode: string | undefined;
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2) [source, target] = [parts[0]!, parts[1]!];
  else [source, target, mode] = [parts[0]!, parts[1]!, parts[2]!];
  if (target === '') return { error: 'no target path in the container' };
  if (source === '') return { error: 'the source before ":" is empty' };
  const volume: VolumeEntry = source === undefined ? { type: 'volume', target } : isHostPath(source) ? { type: 'bind', source, target } : { type: 'volume', source, target };
  if (volume.type === 'bind') volume.bind = { create_host_path: true };
  else volume.volume = {};
  for (const option of mode ? mode.split(',') : []) {
    if (option === 'ro') volume.read_only = true;
    else if (option === 'rw') volume.read_only = false;
    else if (option === 'z' || option === 'Z') {
      if (volume.type !== 'bind') return { error: `"${option}" (SELinux relabel) applies only to bind mounts` };
      volume.bind = { ...volume.bind, selinux: option };
    } else if (option === 'nocopy') {
      if (volume.type !== 'volume') return { error: '"nocopy" applies only to volumes' };
      volume.volume = { nocopy: true };
    } else if (PROPAGATION.has(option)) {
      if (volume.type !== 'bind') return { error: `"${option}" (propagation) applies only to bind mounts` };
      volume.bind = { ...volume.bind, propagation: option };
    } else if (CONSISTENCY.has(option)) volume.consistency = option;
    else return { error: `"${option}" is not a volume mode (ro, rw, z, Z, nocopy, a propagation, cached, delegated, consistent)` };
  }
  if (volume.read_only === false) delete volume.read_only;
  return { volume };
}

/** Splits on ":" but keeps Windows drive letters (`C:\data:/data`) in one piece. */
function splitVolume(spec: string): string[] {
  const raw = spec.split(':');
  const parts: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = raw[i]!;
    const next = raw[i + 1];
    if (/^[a-zA-Z]$/.test(part) && next !== undefined && /^[\\/]/.test(next)) {
      parts.push(`${part}:${next}`);
      i++;
    } else parts.push(part);
  }
  return parts;
}
