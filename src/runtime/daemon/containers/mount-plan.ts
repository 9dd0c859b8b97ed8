import { posix } from 'node:path';
import { invalidConfig, unsafePath } from './container-errors.ts';
import type { ContainerCreateBody, ImageConfig, MountSpec } from './docker-types.ts';

/**
 * One mount of a container as recorded at create (Docker's MountPoint): what
 * it is, where it goes, and what inspect's `Mounts` shows. Volume sources
 * are names here; the host path is looked up at each start.
 */
export interface MountPoint {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  readonly destination: string;
  /** bind: host path; volume: volume name (filled in for anonymous ones at create); tmpfs: "". */
  readonly source: string;
  readonly readonly: boolean;
  /** Mount propagation for binds (`rprivate` unless asked); "" for volumes and tmpfs. */
  readonly propagation: string;
  /** The option string the user wrote (`ro,z`), as Docker's Mode. */
  readonly mode: string;
  /** Volume: do not copy the image's content in on first use. */
  readonly noCopy: boolean;
  /** Bind: create a missing host directory (the short syntax does, the long one refuses). */
  readonly createHostPath: boolean;
  /** Bind: `bind` instead of `rbind`. */
  readonly nonRecursive: boolean;
  /** Volume made for this container (image VOLUME, `-v /path`, long syntax without source). */
  readonly anonymous: boolean;
  /** tmpfs: `size=..`, `mode=..` and flags. */
  readonly tmpfsOptions: readonly string[];
  /** Volume: labels and driver options to create it with when it does not exist. */
  readonly volumeLabels?: Readonly<Record<string, string>>;
  readonly volumeDriverOptions?: Readonly<Record<string, string>>;
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const PROC_FD = /^\/proc\/[^/]+\/fd(\/|$)/;

/** A destination inside a container: absolute, cleaned, not `/`, not into /proc/<pid>/fd (CVE-2024-21626). */
export function checkContainerPath(what: string, path: string): string {
  if (!path.startsWith('/')) throw unsafePath(what, path);
  const clean = posix.normalize(path);
  const trimmed = clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
  if (PROC_FD.test(trimmed)) throw unsafePath(what, path);
  return trimmed;
}

/**
 * The mounts of a new container, from its create body and image, with
 * Docker's precedence: `Binds`, `Mounts` and `Tmpfs` may not target the same
 * destination twice; anonymous volumes (`Volumes`, image `VOLUME`) fill the
 * destinations nothing else took. Pure: volumes are not created here.
 */
export function planMounts(body: ContainerCreateBody, image: ImageConfig): MountPoint[] {
  const host = body.HostConfig ?? {};
  const explicit: MountPoint[] = [];
  for (const spec of host.Binds ?? []) explicit.push(parseBind(spec));
  for (const spec of host.Mounts ?? []) explicit.push(parseMountSpec(spec));
  for (const [destination, options] of Object.entries(host.Tmpfs ?? {})) explicit.push(tmpfsMount(destination, splitOptions(options), options));
  const taken = new Map<string, MountPoint>();
  for (const mount of explicit) {
    if (taken.has(mount.destination)) throw invalidConfig(`duplicate mount point: ${mount.destination}`, 'Mount each container path only once.');
    taken.set(mount.destination, mount);
  }
  const anonymous = [...Object.keys(image.Volumes ?? {}), ...Object.keys(body.Volumes ?? {})];
  for (const destination of anonymous) {
    const clean = checkContainerPath('volume destination', destination);
    if (taken.has(clean)) continue;
    taken.set(clean, volumeMount(clean, '', { readonly: false, noCopy: false, mode: '', anonymous: true }));
  }
  return [...taken.values()];
}

/** `src:dst[:opts]` (or a bare `dst`: an anonymous volume), Docker's `-v` syntax. */
export function parseBind(spec: string): MountPoint {
  const parts = spec.split(':');
  if (parts.length === 1) return volumeMount(checkContainerPath('volume destination', spec), '', { readonly: false, noCopy: false, mode: '', anonymous: true });
  if (parts.length > 3 || parts.some((p) => p === '')) throw invalidConfig(`invalid volume specification: "${spec}"`, 'Use source:destination[:options], e.g. ./data:/data:ro.');
  const [source = '', rawDestination = '', mode = ''] = parts;
  const destination = checkContainerPath('mount destination', rawDestination);
  const flags = splitOptions(mode);
  let readonly = false;
  let noCopy = false;
  let propagation = '';
  for (const flag of flags) {
    if (flag === 'ro') readonly = true;
    else if (flag === 'rw') readonly = false;
    else if (flag === 'nocopy') noCopy = true;
    else if (flag === 'z' || flag === 'Z' || flag === 'consistent' || flag === 'cached' || flag === 'delegated') continue;
    else if (PROPAGATIONS.has(flag)) propagation = flag;
    else throw invalidConfig(`invalid mode "${flag}" in volume specification "${spec}"`, 'Use ro, rw, nocopy, z, Z or a propagation (rprivate, rshared, rslave...).');
  }
  if (source.startsWith('/')) {
    if (noCopy) throw invalidConfig(`invalid volume specification "${spec}": nocopy applies to volumes, not bind mounts`, 'Remove nocopy.');
    return bindMount(posix.normalize(source), destination, { readonly, propagation: propagation || 'rprivate', mode, createHostPath: true, nonRecursive: false });
  }
  if (propagation) throw invalidConfig(`invalid volume specification "${spec}": propagation applies to bind mounts`, 'Remove the propagation option.');
  return volumeMount(destination, source, { readonly, noCopy, mode, anonymous: false });
}

/** The long syntax (`HostConfig.Mounts`). */
export function parseMountSpec(spec: MountSpec): MountPoint {
  const destination = checkContainerPath('mount target', spec.Target ?? '');
  const readonly = spec.ReadOnly === true;
  switch (spec.Type) {
    case 'bind': {
      if (!spec.Source || !spec.Source.startsWith('/')) throw invalidConfig(`bind mount of ${destination}: Source must be an absolute host path`, 'Give the host directory or file as an absolute path.');
      const propagation = spec.BindOptions?.Propagation ?? '';
      if (propagation && !PROPAGATIONS.has(propagation)) throw invalidConfig(`bind mount of ${destination}: invalid propagation "${propagation}"`, 'Use rprivate, private, rshared, shared, rslave or slave.');
      return bindMount(posix.normalize(spec.Source), destination, {
        readonly,
        propagation: propagation || 'rprivate',
        mode: '',
        createHostPath: spec.BindOptions?.CreateMountpoint === true,
        nonRecursive: spec.BindOptions?.NonRecursive === true,
      });
    }
    case 'volume':
    case undefined: {
      const driver = spec.VolumeOptions?.DriverConfig?.Name;
      if (driver && driver !== 'local') throw invalidConfig(`volume mount of ${destination}: driver "${driver}" is not supported`, 'Use the local driver.');
      return volumeMount(destination, spec.Source ?? '', {
        readonly,
        noCopy: spec.VolumeOptions?.NoCopy === true,
        mode: '',
        anonymous: !spec.Source,
        labels: spec.VolumeOptions?.Labels,
        driverOptions: spec.VolumeOptions?.DriverConfig?.Options,
      });
    }
    case 'tmpfs': {
      if (spec.Source) throw invalidConfig(`tmpfs mount of ${destination}: Source must be empty`, 'Remove the source of the tmpfs mount.');
      const options: string[] = [];
      if (spec.TmpfsOptions?.SizeBytes !== undefined && spec.TmpfsOptions.SizeBytes > 0) options.push(`size=${spec.TmpfsOptions.SizeBytes}`);
      if (spec.TmpfsOptions?.Mode !== undefined && spec.TmpfsOptions.Mode > 0) options.push(`mode=${spec.TmpfsOptions.Mode.toString(8)}`);
      if (readonly) options.push('ro');
      return tmpfsMount(destination, options, '');
    }
    default:
      throw invalidConfig(`mount type "${spec.Type}" is not supported`, 'Use bind, volume or tmpfs.');
  }
}

function bindMount(source: string, destination: string, o: { readonly: boolean; propagation: string; mode: string; createHostPath: boolean; nonRecursive: boolean }): MountPoint {
  return { type: 'bind', destination, source, readonly: o.readonly, propagation: o.propagation, mode: o.mode, noCopy: false, createHostPath: o.createHostPath, nonRecursive: o.nonRecursive, anonymous: false, tmpfsOptions: [] };
}

function volumeMount(
  destination: string,
  name: string,
  o: { readonly: boolean; noCopy: boolean; mode: string; anonymous: boolean; labels?: Readonly<Record<string, string>>; driverOptions?: Readonly<Record<string, string>> },
): MountPoint {
  return {
    type: 'volume',
    destination,
    source: name,
    readonly: o.readonly,
    propagation: '',
    mode: o.mode,
    noCopy: o.noCopy,
    createHostPath: false,
    nonRecursive: false,
    anonymous: o.anonymous,
    tmpfsOptions: [],
    ...(o.labels ? { volumeLabels: o.labels } : {}),
    ...(o.driverOptions ? { volumeDriverOptions: o.driverOptions } : {}),
  };
}

function tmpfsMount(rawDestination: string, options: readonly string[], mode: string): MountPoint {
  const destination = checkContainerPath('tmpfs destination', rawDestination);
  return { type: 'tmpfs', destination, source: '', readonly: options.includes('ro'), propagation: '', mode, noCopy: false, createHostPath: false, nonRecursive: false, anonymous: false, tmpfsOptions: options };
}

function splitOptions(text: string): string[] {
  return text.split(',').map((o) => o.trim()).filter(Boolean);
}
