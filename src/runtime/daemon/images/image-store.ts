import type { Readable } from 'node:stream';
import { throwIfAborted } from '../../../base/errors.ts';
import type { Digest } from './digest.ts';
import type { StoredImage } from './image-catalog.ts';
import { asStoreError, invalidReference } from './image-errors.ts';
import { withRef } from './image-index.ts';
import { type ImageInspect, type ImageSummary, compareSummaries, inspectImage, summarizeImage } from './image-inspect.ts';
import { type PruneReport, type RemoveOptions, type RemoveRecord, pruneImages, removeImage } from './image-removal.ts';
import { type ImportOptions, type RootfsSource, importRootfs } from './import-rootfs.ts';
import { type LoadedImage, loadArchive } from './load-archive.ts';
import type { ImageConfig } from './oci-types.ts';
import { parseReference, formatReference, withDefaultTag } from './reference.ts';
import { saveArchive } from './save-archive.ts';
import { type InUseCheck, StoreCore, type StoreLimits } from './store-core.ts';

export interface ImageStoreOptions {
  /** The store's directory: `<state root>/images`. One ImageStore per directory per host. */
  readonly directory: string;
  /** Asked before an image is deleted: the container that uses it, or undefined. */
  readonly isInUse?: InUseCheck;
  readonly limits?: Partial<StoreLimits>;
  /** gzip level of imported layers' blobs (1 by default: import speed over a few percent of disk). */
  readonly gzipLevel?: number;
}

/** What a container needs from its image. */
export interface ResolvedImage {
  readonly id: Digest;
  readonly config: ImageConfig;
  /** Absolute layer directories, bottom to top (reverse them for overlay's lowerdir, which lists the top first). */
  readonly layerDirs: readonly string[];
  /** The directory holding every layer: mount from here with relative lowerdirs (`lowerdir=3:2:1`) to keep options in one page. */
  readonly layersRoot: string;
}

/**
 * The image store of stackd: an OCI image layout on disk (readable by
 * skopeo and umoci), layers unpacked once per ChainID as overlay lowerdirs,
 * and the image operations of the Docker API (import, load, save, list,
 * inspect, tag, remove, prune). See README.md for the model and invariants.
 */
export class ImageStore {
  readonly #core: StoreCore;

  private constructor(core: StoreCore) {
    this.#core = core;
  }

  static async open(options: ImageStoreOptions): Promise<ImageStore> {
    const core = new StoreCore(options.directory, options);
    try {
      await core.open();
    } catch (error) {
      throw asStoreError(`opening ${options.directory}`, error);
    }
    return new ImageStore(core);
  }

  get directory(): string {
    return this.#core.dir;
  }

  /** index.json entries left out because their manifest or config is missing or damaged (for the daemon's log). */
  get problems(): readonly string[] {
    return this.#core.catalog.broken;
  }

  /** `docker import`: a rootfs tar (stream or file, plain or gzip) or a directory, as a one-layer image. */
  async importRootfs(source: RootfsSource, ref?: string, options: ImportOptions = {}): Promise<ImageInspect> {
    const image = await importRootfs(this.#core, source, ref, options);
    return inspectImage(image, this.#core.layers);
  }

  /** `docker load`: a docker save archive or an OCI archive, plain or gzip. Returns each image loaded with its references. */
  async load(archive: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal } = {}): Promise<LoadedImage[]> {
    return loadArchive(this.#core, archive, options);
  }

  /** `docker save`: one archive in both docker save and OCI layout form. Consume or destroy the stream: it holds off GC. */
  async save(refsOrIds: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Readable> {
    return saveArchive(this.#core, refsOrIds, options);
  }

  list(): ImageSummary[] {
    return this.#core.catalog
      .images()
      .map((image) => summarizeImage(image, this.#core.layers))
      .sort(compareSummaries);
  }

  inspect(refOrId: string): ImageInspect {
    return inspectImage(this.#core.catalog.find(refOrId).image, this.#core.layers);
  }

  /** `docker tag`: points `ref` at the image; the image it pointed at before keeps its other references, or stays dangling. */
  async tag(source: string, ref: string): Promise<void> {
    const parsed = parseReference(ref);
    if (!parsed.ok) throw invalidReference(ref, parsed.reason);
    if (parsed.value.digest !== undefined) throw invalidReference(ref, 'a tag cannot carry a digest');
    const normalized = formatReference(withDefaultTag(parsed.value));
    // Shared GC lock: a prune or remove deciding what to delete never sees a tag land half-way.
    await this.#core.gc.shared(() =>
      this.#core.catalog.update((index) => {
        const image = this.#core.catalog.find(source).image;
        return withRef(index, normalized, image.descriptor);
      }),
    );
  }

  remove(refOrId: string, options: RemoveOptions = {}): Promise<RemoveRecord[]> {
    return removeImage(this.#core, refOrId, options);
  }

  prune(options: { all?: boolean } = {}): Promise<PruneReport> {
    return pruneImages(this.#core, options);
  }

  /** For the container runner: the config and the unpacked layer directories (unpacking any that are missing). */
  async resolve(refOrId: string, options: { signal?: AbortSignal } = {}): Promise<ResolvedImage> {
    throwIfAborted(options.signal);
    return this.#core.gc.shared(async () => {
      const image: StoredImage = this.#core.catalog.find(refOrId).image;
      const records = await this.#core.layerRecords(image, options.signal).catch((error: unknown) => {
        throw asStoreError(`unpacking the layers of ${image.id}`, error);
      });
      return { id: image.id, config: image.config, layerDirs: records.map((r) => this.#core.layers.path(r)), layersRoot: this.#core.layers.dir };
    });
  }
}
