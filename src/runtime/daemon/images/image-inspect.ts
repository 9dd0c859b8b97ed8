import { compareStrings } from '../../../base/sort.ts';
import { chainIds } from './digest.ts';
import type { StoredImage } from './image-catalog.ts';
import type { LayerStore } from './layer-store.ts';
import type { ContainerConfig } from './oci-types.ts';
import { familiarString } from './reference.ts';

/** The container config of an image as `docker image inspect` prints it: every field present, unset ones empty or null. */
export interface InspectConfig extends ContainerConfig {
  readonly Hostname: string;
  readonly Domainname: string;
  readonly User: string;
  readonly AttachStdin: boolean;
  readonly AttachStdout: boolean;
  readonly AttachStderr: boolean;
  readonly Tty: boolean;
  readonly OpenStdin: boolean;
  readonly StdinOnce: boolean;
  readonly Env: readonly string[] | null;
  readonly Cmd: readonly string[] | null;
  readonly Image: string;
  readonly Volumes: Readonly<Record<string, object>> | null;
  readonly WorkingDir: string;
  readonly Entrypoint: readonly string[] | null;
  readonly OnBuild: readonly string[] | null;
  readonly Labels: Readonly<Record<string, string>> | null;
}

/** `GET /images/{name}/json` (Docker Engine API 1.41). */
export interface ImageInspect {
  readonly Id: string;
  readonly RepoTags: readonly string[];
  readonly RepoDigests: readonly string[];
  readonly Parent: string;
  readonly Comment: string;
  readonly Created: string;
  readonly Container: string;
  readonly DockerVersion: string;
  readonly Author: string;
  readonly Config: InspectConfig;
  readonly Architecture: string;
  readonly Variant?: string;
  readonly Os: string;
  readonly Size: number;
  readonly VirtualSize: number;
  readonly GraphDriver: { readonly Name: string; readonly Data: Readonly<Record<string, string>> | null };
  readonly RootFS: { readonly Type: 'layers'; readonly Layers: readonly string[] };
  readonly Metadata: { readonly LastTagTime: string };
}

/** `GET /images/json` items. Dangling images have empty RepoTags (the API layer may print `<none>:<none>` for old clients). */
export interface ImageSummary {
  readonly Id: string;
  readonly ParentId: string;
  readonly RepoTags: readonly string[];
  readonly RepoDigests: readonly string[];
  readonly Created: number;
  readonly Size: number;
  readonly SharedSize: number;
  readonly VirtualSize: number;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Containers: number;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

export function inspectImage(image: StoredImage, layers: LayerStore): ImageInspect {
  const config = image.config;
  const size = imageSize(image, layers);
  const dirs = chainIds(config.rootfs.diff_ids)
    .map((chain) => layers.get(chain))
    .map((record) => (record ? layers.path(record) : undefined));
  const top = dirs.at(-1);
  const lower = dirs.slice(0, -1).reverse();
  return {
    Id: image.id,
    RepoTags: image.refs.map(familiarString),
    RepoDigests: [],
    Parent: '',
    Comment: config.comment ?? config.history?.at(-1)?.comment ?? '',
    Created: config.created ?? ZERO_TIME,
    Container: '',
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: inspectConfig(config.config),
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    Size: size,
    VirtualSize: size,
    GraphDriver: {
      Name: 'overlay2',
      Data: top === undefined || dirs.some((d) => d === undefined) ? null : { UpperDir: top, ...(lower.length > 0 ? { LowerDir: lower.join(':') } : {}) },
    },
    RootFS: { Type: 'layers', Layers: [...config.rootfs.diff_ids] },
    Metadata: { LastTagTime: ZERO_TIME },
  };
}

export function summarizeImage(image: StoredImage, layers: LayerStore): ImageSummary {
  const created = Date.parse(image.config.created ?? '');
  const size = imageSize(image, layers);
  return {
    Id: image.id,
    ParentId: '',
    RepoTags: image.refs.map(familiarString),
    RepoDigests: [],
    Created: Number.isFinite(created) ? Math.floor(created / 1000) : 0,
    Size: size,
    SharedSize: -1,
    VirtualSize: size,
    Labels: image.config.config?.Labels ?? {},
    Containers: -1,
  };
}

/** Newest first, as `docker images` lists them; ties by id so the order is stable. */
export function compareSummaries(a: ImageSummary, b: ImageSummary): number {
  return b.Created - a.Created || compareStrings(a.Id, b.Id);
}

function imageSize(image: StoredImage, layers: LayerStore): number {
  return chainIds(image.config.rootfs.diff_ids).reduce((sum, chain) => sum + (layers.get(chain)?.size ?? 0), 0);
}

function inspectConfig(config: ContainerConfig | undefined): InspectConfig {
  const c = config ?? {};
  return {
    Hostname: '',
    Domainname: '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Image: '',
    ...c,
    User: c.User ?? '',
    Env: c.Env ?? null,
    Cmd: c.Cmd ?? null,
    Volumes: c.Volumes ?? null,
    WorkingDir: c.WorkingDir ?? '',
    Entrypoint: c.Entrypoint ?? null,
    OnBuild: c.OnBuild ?? null,
    Labels: c.Labels ?? null,
  };
}
