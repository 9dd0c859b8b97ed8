/** The image store of stackd. See README.md. */
export { ImageStore, type ImageStoreOptions, type ResolvedImage } from './image-store.ts';
export type { RootfsSource, ImportOptions } from './import-rootfs.ts';
export type { LoadedImage } from './load-archive.ts';
export type { RemoveOptions, RemoveRecord, PruneReport } from './image-removal.ts';
export type { ImageInspect, ImageSummary, InspectConfig } from './image-inspect.ts';
export type { InUseCheck, StoreLimits } from './store-core.ts';
export { DEFAULT_LIMITS } from './store-core.ts';
export type { ImageConfig, ContainerConfig, HealthConfig, ImageManifest, Descriptor } from './oci-types.ts';
export type { Digest } from './digest.ts';
export { chainIds, shortId } from './digest.ts';
export {
  type ImageReference,
  type RefOrId,
  parseReference,
  normalizeReference,
  familiarReference,
  familiarString,
  formatReference,
  parseRefOrId,
  withDefaultTag,
} from './reference.ts';
