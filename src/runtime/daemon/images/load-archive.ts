import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../../../base/errors.ts';
import { type ArchiveImage, stageArchive } from './archive-stage.ts';
import type { Digest } from './digest.ts';
import { readDockerArchive } from './docker-archive.ts';
import { archiveNotRecognized, asStoreError } from './image-errors.ts';
import { readOciArchive } from './oci-archive.ts';
import { parseConfig, type Descriptor } from './oci-types.ts';
import { type StoreCore, commitImage, ensureLayers } from './store-core.ts';

export interface LoadedImage {
  readonly id: Digest;
  /** Normalized references now pointing at the image; empty when it loaded untagged. */
  readonly refs: readonly string[];
}

/**
 * Loads a `docker save` archive (legacy or docker 25+) or an OCI archive,
 * plain or gzip. The archive is staged first (one pass over the stream),
 * then each image's layers are checked against their diff ids as they
 * unpack, and only then are its references written.
 */
export async function loadArchive(core: StoreCore, source: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal } = {}): Promise<LoadedImage[]> {
  const signal = options.signal;
  throwIfAborted(signal);
  return core.gc.shared(async () => {
    const staging = join(core.tmp, `load-${randomBytes(8).toString('hex')}`);
    await mkdir(staging, { mode: 0o700 });
    try {
      const staged = await stageArchive(source, staging, { maxEntries: core.limits.maxArchiveEntries, ...(signal ? { signal } : {}) });
      let images: ArchiveImage[];
      if (staged.has('manifest.json')) images = await readDockerArchive(staged);
      else if (staged.has('index.json')) images = await readOciArchive(staged);
      else if (staged.has('repositories')) throw archiveNotRecognized('a docker save archive from before Docker 1.10 (no manifest.json)');
      else throw archiveNotRecognized('it has neither manifest.json nor index.json');
      const loaded: LoadedImage[] = [];
      for (const image of images) loaded.push(await ingest(core, image, signal));
      return loaded;
    } catch (error) {
      throw asStoreError('loading an archive', error);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}

async function ingest(core: StoreCore, image: ArchiveImage, signal: AbortSignal | undefined): Promise<LoadedImage> {
  const configBytes = await readFile(image.config.path);
  const config = parseConfig(configBytes, `config ${image.config.name}`);
  const layers: Descriptor[] = [];
  for (const layer of image.layers) {
    // The staged file was hashed while it was copied out: it can move into the store as it is.
    await core.blobs.adopt(layer.file.path, layer.file.digest);
    layers.push({ mediaType: layer.mediaType, digest: layer.file.digest, size: layer.file.size });
  }
  await ensureLayers(core, config.rootfs.diff_ids, layers, signal);
  const manifest = image.manifest === undefined ? undefined : { bytes: await readFile(image.manifest.file.path), mediaType: image.manifest.mediaType };
  const stored = await commitImage(core, { config: configBytes, layers, refs: image.refs, ...(manifest ? { manifest } : {}) }, config);
  return { id: stored.id, refs: image.refs };
}
