import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../../../base/errors.ts';
import { BlobStore } from './blob-store.ts';
import { type Digest, chainIds } from './digest.ts';
import { ImageCatalog, type StoredImage } from './image-catalog.ts';
import { archiveInvalid, digestMismatch, unsupportedMediaType } from './image-errors.ts';
import { withImage, withRef } from './image-index.ts';
import { type LayerRecord, LayerStore } from './layer-store.ts';
import { digestLayer, unpackLayer } from './layer-unpack.ts';
import { SharedLock } from './locks.ts';
import { MediaTypes, layerCompression } from './media-types.ts';
import type { Descriptor, ImageConfig } from './oci-types.ts';

export interface StoreLimits {
  /** Uncompressed bytes of one layer (decompression bombs). */
  readonly maxLayerBytes: number;
  readonly maxLayerEntries: number;
  /** Entries of an archive given to load(). */
  readonly maxArchiveEntries: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  maxLayerBytes: 64 * 1024 ** 3,
  maxLayerEntries: 4_000_000,
  maxArchiveEntries: 100_000,
};

/** Who uses an image: the daemon answers with a container name or id, or undefined when none does. */
export type InUseCheck = (imageId: Digest) => string | undefined | Promise<string | undefined>;

/**
 * The parts every operation shares. `gc` orders garbage collection against
 * everything that writes: ingest (import, load) and save hold it shared for
 * their whole run, remove and prune hold it exclusively, so a collection
 * never deletes blobs or layers that an operation in flight has written but
 * not yet referenced from index.json, or is still reading.
 */
export class StoreCore {
  readonly dir: string;
  readonly tmp: string;
  readonly blobs: BlobStore;
  readonly layers: LayerStore;
  readonly catalog: ImageCatalog;
  readonly gc = new SharedLock();
  readonly limits: StoreLimits;
  readonly gzipLevel: number;
  readonly isInUse: InUseCheck;

  constructor(dir: string, options: { limits?: Partial<StoreLimits>; gzipLevel?: number; isInUse?: InUseCheck }) {
    this.dir = dir;
    this.tmp = join(dir, 'tmp');
    this.blobs = new BlobStore(dir, this.tmp);
    this.layers = new LayerStore(dir, this.tmp);
    this.catalog = new ImageCatalog(dir, this.blobs);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.gzipLevel = options.gzipLevel ?? 1;
    this.isInUse = options.isInUse ?? (() => undefined);
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Leftovers of operations a crash interrupted: nothing refers to them.
    await rm(this.tmp, { recursive: true, force: true });
    await mkdir(this.tmp, { recursive: true });
    await this.layers.open();
    await this.catalog.open();
  }

  /** The unpacked directories of an image's layers, bottom to top, unpacking what is missing. */
  async layerRecords(image: Pick<StoredImage, 'config' | 'manifest'>, signal?: AbortSignal): Promise<LayerRecord[]> {
    return ensureLayers(this, image.config.rootfs.diff_ids, image.manifest.layers, signal);
  }
}

/**
 * Makes sure each layer of a stack is unpacked (keyed by ChainID) and that
 * each blob was checked to decompress to its DiffID. A chain already unpacked
 * from the same blob costs nothing; from another blob, one hashing pass.
 */
export async function ensureLayers(core: StoreCore, diffIds: readonly Digest[], layers: readonly Descriptor[], signal?: AbortSignal): Promise<LayerRecord[]> {
  if (diffIds.length !== layers.length) throw archiveInvalid(`the config lists ${diffIds.length} layers and the manifest ${layers.length}`);
  const chain = chainIds(diffIds);
  const records: LayerRecord[] = [];
  for (let i = 0; i < layers.length; i++) {
    throwIfAborted(signal);
    const layer = layers[i]!;
    const diffId = diffIds[i]!;
    const chainId = chain[i]!;
    const known = core.layers.get(chainId);
    if (known?.blobs.includes(layer.digest)) {
      records.push(known);
      continue;
    }
    const compression = layerCompression(layer.mediaType);
    if (compression === undefined) throw unsupportedMediaType(`layer ${layer.digest}`, layer.mediaType);
    if (!(await core.blobs.has(layer.digest))) throw unsupportedMediaType(`layer ${layer.digest}`, layer.mediaType, 'the layer content is not in the store (a foreign layer?): load an archive that includes it');
    const unpackOptions = { compression, limits: { maxBytes: core.limits.maxLayerBytes, maxEntries: core.limits.maxLayerEntries }, signal };
    if (known) {
      const { diffId: actual } = await digestLayer(core.blobs.openStream(layer.digest), unpackOptions);
      if (actual !== diffId) throw digestMismatch(`layer ${layer.digest}`, diffId, actual);
      records.push((await core.layers.addBlob(chainId, layer.digest)) ?? known);
      continue;
    }
    const temp = await core.layers.createTemp();
    try {
      const lowerDirs = records.map((record) => core.layers.path(record)).reverse();
      const result = await unpackLayer(core.blobs.openStream(layer.digest), temp, { ...unpackOptions, lowerDirs });
      if (result.diffId !== diffId) throw digestMismatch(`layer ${layer.digest}`, diffId, result.diffId);
      records.push(await core.layers.commit(temp, { chainId, diffId, ...(i > 0 ? { parent: chain[i - 1]! } : {}), size: result.fileBytes, blob: layer.digest }));
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
  }
  return records;
}

export interface NewImage {
  readonly config: Uint8Array;
  readonly layers: readonly Descriptor[];
  /** The manifest as it came (OCI archives), kept byte for byte; absent means "write an OCI manifest". */
  readonly manifest?: { readonly bytes: Uint8Array; readonly mediaType: string };
  /** Normalized references to point at the image; none leaves it dangling. */
  readonly refs: readonly string[];
}

/**
 * Writes an image's config and manifest and points its references at it.
 * Its blobs and layers must be in the store already. An image id has one
 * manifest in the store: when the id is already there (the same image loaded
 * from another archive), the existing manifest is kept and only the
 * references move.
 */
export async function commitImage(core: StoreCore, image: NewImage, parsedConfig: ImageConfig): Promise<StoredImage> {
  const config = await core.blobs.writeBytes(image.config);
  await core.catalog.update(async (index) => {
    let descriptor = core.catalog.byId(config.digest)?.descriptor;
    if (!descriptor) {
      const bytes = image.manifest?.bytes ?? Buffer.from(ociManifest(config, image.layers));
      const written = await core.blobs.writeBytes(bytes);
      descriptor = {
        mediaType: image.manifest?.mediaType ?? MediaTypes.ociManifest,
        digest: written.digest,
        size: written.size,
        platform: { architecture: parsedConfig.architecture, os: parsedConfig.os, ...(parsedConfig.variant ? { variant: parsedConfig.variant } : {}) },
      };
    }
    const target = descriptor;
    return image.refs.length === 0 ? withImage(index, target) : image.refs.reduce((acc, ref) => withRef(acc, ref, target), index);
  });
  return core.catalog.byId(config.digest)!;
}

function ociManifest(config: { digest: Digest; size: number }, layers: readonly Descriptor[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: { mediaType: MediaTypes.ociConfig, digest: config.digest, size: config.size },
    layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
  });
}
