import { type Digest, isSha256Digest } from './digest.ts';
import { archiveInvalid, unsupportedMediaType } from './image-errors.ts';
import { isIndexMediaType, isManifestMediaType, isSchema1MediaType } from './media-types.ts';

/** The OCI documents the store reads and writes (image-spec descriptor.md, manifest.md, image-index.md, config.md). */

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
  readonly urls?: readonly string[];
}

export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Docker's reserved Healthcheck field; durations in nanoseconds. */
export interface HealthConfig {
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

/** The `config` member of an image config: what a container starts from. */
export interface ContainerConfig {
  readonly User?: string;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Env?: readonly string[] | null;
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly Volumes?: Readonly<Record<string, object>> | null;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly StopSignal?: string;
  readonly Healthcheck?: HealthConfig;
  readonly ArgsEscaped?: boolean;
  readonly OnBuild?: readonly string[] | null;
}

export interface HistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

export interface ImageConfig {
  readonly created?: string;
  readonly author?: string;
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly config?: ContainerConfig;
  readonly rootfs: { readonly type: 'layers'; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly HistoryEntry[];
  /** Docker-only members kept as they came (inspect shows them). */
  readonly comment?: string;
  readonly docker_version?: string;
}

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
/** containerd and docker 25+ put the full image name here in archives. */
export const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';

function parseJson(bytes: Uint8Array | string, what: string): unknown {
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw archiveInvalid(`${what} is not valid JSON`, error);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkDescriptor(value: unknown, what: string): Descriptor {
  if (!isRecord(value)) throw archiveInvalid(`${what} is not a descriptor`);
  if (!isSha256Digest(value.digest)) throw archiveInvalid(`${what} has no sha256 digest`);
  if (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0) throw archiveInvalid(`${what} has no valid size`);
  if (typeof value.mediaType !== 'string') throw archiveInvalid(`${what} has no media type`);
  return value as unknown as Descriptor;
}

export function parseIndex(bytes: Uint8Array | string, what: string): ImageIndex {
  const value = parseJson(bytes, what);
  if (!isRecord(value) || !Array.isArray(value.manifests)) throw archiveInvalid(`${what} is not an image index`);
  if (value.schemaVersion !== 2) throw unsupportedMediaType(what, `schemaVersion ${String(value.schemaVersion)}`);
  value.manifests.forEach((m, i) => checkDescriptor(m, `${what} manifests[${i}]`));
  return value as unknown as ImageIndex;
}

/** A manifest or an index, told apart by mediaType (or by shape when mediaType is absent, as OCI allows). */
export function parseManifestOrIndex(bytes: Uint8Array, what: string): { kind: 'manifest'; manifest: ImageManifest } | { kind: 'index'; index: ImageIndex } {
  const value = parseJson(bytes, what);
  if (!isRecord(value)) throw archiveInvalid(`${what} is not a JSON object`);
  const mediaType = typeof value.mediaType === 'string' ? value.mediaType : undefined;
  if (isSchema1MediaType(mediaType) || value.schemaVersion === 1) throw unsupportedMediaType(what, mediaType ?? 'schema1', 'Docker schema1 images are not supported: re-push or re-save the image with a current Docker');
  if (value.schemaVersion !== 2) throw unsupportedMediaType(what, `schemaVersion ${String(value.schemaVersion)}`);
  if (isIndexMediaType(mediaType) || (mediaType === undefined && Array.isArray(value.manifests))) return { kind: 'index', index: parseIndex(bytes, what) };
  if (mediaType !== undefined && !isManifestMediaType(mediaType)) throw unsupportedMediaType(what, mediaType);
  if (!Array.isArray(value.layers)) throw archiveInvalid(`${what} has no layers`);
  checkDescriptor(value.config, `${what} config`);
  value.layers.forEach((l, i) => checkDescriptor(l, `${what} layers[${i}]`));
  return { kind: 'manifest', manifest: value as unknown as ImageManifest };
}

export function parseConfig(bytes: Uint8Array, what: string): ImageConfig {
  const value = parseJson(bytes, what);
  if (!isRecord(value)) throw archiveInvalid(`${what} is not a JSON object`);
  const rootfs = value.rootfs;
  if (!isRecord(rootfs) || rootfs.type !== 'layers' || !Array.isArray(rootfs.diff_ids)) throw archiveInvalid(`${what} has no rootfs.diff_ids`);
  rootfs.diff_ids.forEach((d, i) => {
    if (!isSha256Digest(d)) throw archiveInvalid(`${what} rootfs.diff_ids[${i}] is not a sha256 digest`);
  });
  if (value.config !== undefined && value.config !== null && !isRecord(value.config)) throw archiveInvalid(`${what} config is not an object`);
  return value as unknown as ImageConfig;
}
