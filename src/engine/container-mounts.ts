import { StackError } from '../base/index.ts';
import type { ContainerMount, MountSpec } from '../runtime/client/index.ts';
import { parseByteSize, type FileReferenceConfig, type Project, type ServiceConfig, type ServiceVolumeConfig } from '../spec/index.ts';
import { volumeNameOf } from './project-names.ts';

/**
 * A service's storage as Docker's create body takes it: `Binds` for bind
 * mounts that may create their host path (the short syntax, as `-v`),
 * `Mounts` for the rest, `Tmpfs` for the `tmpfs:` list, secrets and configs
 * from files bind-mounted read-only, and the files stack copies in after
 * create (inline `content:` and values from the environment). Pure.
 */

export interface InjectedFile {
  /** Absolute path inside the container. */
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface ContainerStorage {
  readonly binds: readonly string[];
  readonly mounts: readonly MountSpec[];
  readonly tmpfs: Readonly<Record<string, string>>;
  readonly files: readonly InjectedFile[];
}

/**
 * `inherited`: the mounts of the container this one replaces; its
 * anonymous volumes (declared by the service or by the image) are taken
 * over, as Compose does, so a recreate keeps their data.
 */
export function containerStorage(project: Project, service: ServiceConfig, inherited: readonly ContainerMount[] = []): ContainerStorage {
  const binds: string[] = [];
  const mounts: MountSpec[] = [];
  const taken = new Set<string>();
  const anonymous = new Map(inherited.filter((m) => m.type === 'volume' && m.name !== undefined && !isNamedByProject(project, m.name)).map((m) => [m.destination, m.name as string]));

  for (const volume of service.volumes ?? []) {
    taken.add(volume.target);
    const bind = bindEntry(volume);
    if (bind !== undefined) binds.push(bind);
    else mounts.push(mountSpec(project, service, volume, anonymous.get(volume.target)));
  }
  const tmpfs: Record<string, string> = {};
  for (const entry of service.tmpfs ?? []) {
    const colon = entry.indexOf(':');
    const target = colon < 0 ? entry : entry.slice(0, colon);
    tmpfs[target] = colon < 0 ? '' : entry.slice(colon + 1);
    taken.add(target);
  }
  const files: InjectedFile[] = [];
  for (const ref of service.secrets ?? []) {
    const target = secretTarget(ref);
    taken.add(target);
    const secret = project.secrets[ref.source];
    if (secret?.file !== undefined) binds.push(`${secret.file}:${target}:ro`);
    else if (secret?.environment !== undefined) files.push(injected(target, project.environment[secret.environment] ?? '', ref));
    else throw unsupported(service, `secret "${ref.source}"`, 'only `file:` and `environment:` secrets can be used without Swarm');
  }
  for (const ref of service.configs ?? []) {
    const target = configTarget(ref);
    taken.add(target);
    const config = project.configs[ref.source];
    if (config?.file !== undefined) binds.push(`${config.file}:${target}:ro`);
    else if (config?.content !== undefined) files.push(injected(target, config.content, ref));
    else if (config?.environment !== undefined) files.push(injected(target, project.environment[config.environment] ?? '', ref));
    else throw unsupported(service, `config "${ref.source}"`, 'only `file:`, `content:` and `environment:` configs can be used without Swarm');
  }
  // Anonymous volumes of the old container the service does not name (an image's VOLUME): keep them too.
  for (const [target, name] of [...anonymous].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!taken.has(target)) mounts.push({ Type: 'volume', Source: name, Target: target });
  }
  return { binds, mounts, tmpfs, files };
}

function isNamedByProject(project: Project, name: string): boolean {
  return Object.values(project.volumes).some((v) => v.name === name);
}

/** The short syntax (`./data:/data:ro`) creates a missing host path, as `docker run -v` does: only `Binds` can do that on API 1.41. */
function bindEntry(volume: ServiceVolumeConfig): string | undefined {
  if (volume.type !== 'bind' || volume.bind?.create_host_path !== true || volume.source === undefined) return undefined;
  const options = [volume.read_only ? 'ro' : undefined, volume.bind.selinux, volume.bind.propagation].filter((o): o is string => o !== undefined && o !== '');
  return `${volume.source}:${volume.target}${options.length > 0 ? `:${options.join(',')}` : ''}`;
}

function mountSpec(project: Project, service: ServiceConfig, volume: ServiceVolumeConfig, inheritedName: string | undefined): MountSpec {
  const readOnly = volume.read_only === true ? { ReadOnly: true } : {};
  switch (volume.type) {
    case 'volume': {
      const named = volume.source !== undefined && volume.source !== '';
      const source = named ? volumeNameOf(project, volume.source as string) : inheritedName;
      const options = volume.volume?.nocopy === true ? { VolumeOptions: { NoCopy: true } } : {};
      return { Type: 'volume', Target: volume.target, ...(source !== undefined ? { Source: source } : {}), ...readOnly, ...options };
    }
    case 'bind':
      return {
        Type: 'bind',
        Source: volume.source ?? '',
        Target: volume.target,
        ...readOnly,
        ...(volume.bind?.propagation ? { BindOptions: { Propagation: volume.bind.propagation } } : {}),
      };
    case 'tmpfs': {
      const size = volume.tmpfs?.size === undefined ? undefined : parseByteSize(volume.tmpfs.size);
      const options = { ...(size !== undefined ? { SizeBytes: size } : {}), ...(volume.tmpfs?.mode !== undefined ? { Mode: volume.tmpfs.mode } : {}) };
      return { Type: 'tmpfs', Target: volume.target, ...readOnly, ...(Object.keys(options).length > 0 ? { TmpfsOptions: options } : {}) };
    }
    case 'npipe':
      return { Type: 'npipe', Source: volume.source ?? '', Target: volume.target, ...readOnly };
    default:
      throw unsupported(service, `volume "${volume.target}" of type ${volume.type}`, 'the engine API stack speaks (1.41) has no such mount; use a named volume or a bind mount');
  }
}

function secretTarget(ref: FileReferenceConfig): string {
  const target = ref.target ?? ref.source;
  return target.startsWith('/') ? target : `/run/secrets/${target}`;
}

function configTarget(ref: FileReferenceConfig): string {
  const target = ref.target ?? ref.source;
  return target.startsWith('/') ? target : `/${target}`;
}

function injected(path: string, content: string, ref: FileReferenceConfig): InjectedFile {
  const mode = typeof ref.mode === 'number' ? ref.mode : ref.mode !== undefined ? Number.parseInt(ref.mode, 8) : 0o444;
  return { path, content, mode: Number.isFinite(mode) ? mode : 0o444, uid: Number(ref.uid ?? 0) || 0, gid: Number(ref.gid ?? 0) || 0 };
}

function unsupported(service: ServiceConfig, what: string, hint: string): StackError {
  return new StackError({ code: 'STK4508', errorClass: 'InvalidArgument', message: `service "${service.name}": ${what} cannot be used`, hint, resource: `service:${service.name}` });
}
