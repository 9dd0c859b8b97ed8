import { rm } from 'node:fs/promises';
import { throwIfAborted } from '../../../base/errors.ts';
import type { StoredImage } from './image-catalog.ts';
import { applyImageChanges } from './image-changes.ts';
import { asStoreError, invalidImageChange, invalidReference } from './image-errors.ts';
import { GzipBlobSink } from './gzip-blob-sink.ts';
import { unpackLayer } from './layer-unpack.ts';
import { MediaTypes } from './media-types.ts';
import type { ImageConfig } from './oci-types.ts';
import { goArch } from './platform.ts';
import { normalizeReference } from './reference.ts';
import { packDirectory } from './rootfs-tar.ts';
import { type StoreCore, commitImage } from './store-core.ts';
import { fileChunks, sniffStream } from './stream-input.ts';

/** A root filesystem to import: a tar stream or file (plain or gzip), or a directory. */
export type RootfsSource = { readonly stream: AsyncIterable<Uint8Array> } | { readonly tarFile: string } | { readonly directory: string };

export interface ImportOptions {
  /** `docker import --change` lines: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL, ONBUILD, HEALTHCHECK. */
  readonly changes?: readonly string[];
  /** The image's creation time (default: now). Fixing it makes the image id reproducible. */
  readonly created?: Date;
  /** `docker import --message`: the history comment. */
  readonly message?: string;
  readonly platform?: { readonly architecture: string; readonly os: string };
  readonly signal?: AbortSignal;
}

/**
 * Imports a root filesystem as a one-layer image, in one pass: the tar is
 * hashed (DiffID), gzipped into a blob and unpacked into a layer directory
 * at the same time.
 */
export async function importRootfs(core: StoreCore, source: RootfsSource, ref: string | undefined, options: ImportOptions = {}): Promise<StoredImage> {
  const refs: string[] = [];
  if (ref !== undefined) {
    const normalized = normalizeReference(ref);
    if (!normalized.ok) throw invalidReference(ref, normalized.reason);
    refs.push(normalized.value);
  }
  const changes = applyImageChanges({}, options.changes ?? []);
  if (!changes.ok) throw invalidImageChange(changes.line, changes.reason);
  const signal = options.signal;
  throwIfAborted(signal);

  return core.gc.shared(async () => {
    const raw = 'directory' in source ? packDirectory(source.directory, signal) : 'tarFile' in source ? fileChunks(source.tarFile) : source.stream;
    const input = await sniffStream(raw);
    const sink = new GzipBlobSink(await core.blobs.createWriter(), core.gzipLevel);
    const temp = await core.layers.createTemp();
    try {
      const unpacked = await unpackLayer(input.stream, temp, {
        compression: input.compression,
        lowerDirs: [],
        limits: { maxBytes: core.limits.maxLayerBytes, maxEntries: core.limits.maxLayerEntries },
        tee: (chunk) => sink.write(chunk),
        ...(signal ? { signal } : {}),
      });
      const blob = await sink.finish();
      await core.layers.commit(temp, { chainId: unpacked.diffId, diffId: unpacked.diffId, size: unpacked.fileBytes, blob: blob.digest });
      const created = (options.created ?? new Date()).toISOString();
      const config: ImageConfig = {
        architecture: options.platform?.architecture ?? goArch(process.arch),
        os: options.platform?.os ?? 'linux',
        created,
        config: changes.config,
        rootfs: { type: 'layers', diff_ids: [unpacked.diffId] },
        history: [{ created, comment: options.message ?? 'Imported from -' }],
      };
      return await commitImage(
        core,
        { config: Buffer.from(JSON.stringify(config)), layers: [{ mediaType: MediaTypes.ociLayerGzip, digest: blob.digest, size: blob.size }], refs },
        config,
      );
    } catch (error) {
      await sink.abort().catch(() => undefined);
      await rm(temp, { recursive: true, force: true });
      throw asStoreError('importing a root filesystem', error);
    } finally {
      await (input.stream as AsyncGenerator<Uint8Array>).return?.(undefined);
    }
  });
}
