import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { throwIfAborted } from '../../../base/errors.ts';
import type { Digest } from './digest.ts';
import { archiveInvalid, asStoreError, layerTooLarge, unsupportedMediaType } from './image-errors.ts';
import { writeWithBackpressure } from './backpressure.ts';
import { type ApplyResult, type TarEntry, applyLayer } from './layer-apply.ts';
import type { Compression } from './media-types.ts';

export interface LayerLimits {
  /** Uncompressed bytes of one layer tar: the guard against decompression bombs. */
  readonly maxBytes: number;
  readonly maxEntries: number;
}

export interface UnpackOptions {
  readonly compression: Compression;
  /** Absolute directories of the layers below, top first. */
  readonly lowerDirs: readonly string[];
  readonly limits: LayerLimits;
  readonly signal?: AbortSignal;
  /** Sees every uncompressed byte, in order, before it is parsed (import uses it to write the compressed blob). */
  readonly tee?: (chunk: Uint8Array) => Promise<void>;
}

export interface UnpackResult extends ApplyResult {
  /** sha256 of the uncompressed tar, trailing padding included: the layer's DiffID. */
  readonly diffId: Digest;
  readonly tarBytes: number;
}

/**
 * Unpacks one layer blob into an empty directory: decompress, hash the tar
 * as it streams (the DiffID), enforce the size limit, parse it with
 * tar-stream and apply each entry with the in-root rules of layer-apply.ts.
 * One pass over the data; nothing is buffered whole.
 */
export async function unpackLayer(source: AsyncIterable<Uint8Array>, dir: string, options: UnpackOptions): Promise<UnpackResult> {
  const extract = tar.extract();
  let failure: unknown;
  const fail = (error: unknown): void => {
    failure ??= error;
    extract.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  // A truncated tar fails in the parser (Unexpected end of data); the entry being read only sees "destroyed".
  extract.on('error', (error: unknown) => (failure ??= error));
  // When the parser is gone (the applier failed, or the parser did), feeding just stops: the failure is theirs to report.
  const feeding = feed(source, options, (chunk) => writeWithBackpressure(extract, chunk)).then(
    (result) => {
      if (result.complete) extract.end(null);
      return result;
    },
    (error: unknown) => {
      fail(error);
      throw error;
    },
  );
  const applying = applyLayer(extract as AsyncIterable<TarEntry>, dir, { lowerDirs: options.lowerDirs, maxEntries: options.limits.maxEntries, ...(options.signal ? { signal: options.signal } : {}) }).catch((error: unknown) => {
    fail(error);
    throw error;
  });
  const [fed, applied] = await Promise.allSettled([feeding, applying]);
  if (fed.status === 'rejected' || applied.status === 'rejected') throw describe(failure ?? (fed.status === 'rejected' ? fed.reason : undefined));
  if (!fed.value.complete) throw archiveInvalid('the layer tar ended before its data');
  return { ...applied.value, diffId: fed.value.diffId, tarBytes: fed.value.tarBytes };
}

/** The DiffID of a layer blob without unpacking it (to check a second blob of a layer already unpacked). */
export async function digestLayer(source: AsyncIterable<Uint8Array>, options: Pick<UnpackOptions, 'compression' | 'limits' | 'signal'>): Promise<{ diffId: Digest; tarBytes: number }> {
  try {
    const { diffId, tarBytes } = await feed(source, options, async () => true);
    return { diffId, tarBytes };
  } catch (error) {
    throw describe(error);
  }
}

/** Streams the uncompressed tar to `sink` while hashing it; stops early (complete: false) when the sink returns false. */
async function feed(
  source: AsyncIterable<Uint8Array>,
  options: Pick<UnpackOptions, 'compression' | 'limits' | 'signal' | 'tee'>,
  sink: (chunk: Uint8Array) => Promise<boolean>,
): Promise<{ diffId: Digest; tarBytes: number; complete: boolean }> {
  const hash = createHash('sha256');
  let tarBytes = 0;
  for await (const chunk of decompress(source, options.compression)) {
    throwIfAborted(options.signal);
    tarBytes += chunk.byteLength;
    if (tarBytes > options.limits.maxBytes) throw layerTooLarge('uncompressed layer size', `${options.limits.maxBytes} bytes`);
    hash.update(chunk);
    if (options.tee) await options.tee(chunk);
    if (!(await sink(chunk))) return { diffId: `sha256:${hash.digest('hex')}`, tarBytes, complete: false };
  }
  return { diffId: `sha256:${hash.digest('hex')}`, tarBytes, complete: true };
}

export function decompress(source: AsyncIterable<Uint8Array>, compression: Compression): AsyncIterable<Uint8Array> {
  if (compression === 'none') return source;
  if (compression === 'zstd') throw unsupportedMediaType('layer', 'tar+zstd', 'zstd layers need Node 22; save the image with gzip or uncompressed layers');
  const gunzip = createGunzip();
  // Errors of either side end up on gunzip, whose iterator then throws.
  pipeline(Readable.from(source, { objectMode: false }), gunzip, () => undefined);
  return gunzip;
}

/** zlib and tar-stream errors become ours: a damaged layer, not a stack trace. */
function describe(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return archiveInvalid('layer is not valid gzip data', error);
  if (error instanceof Error && /tar|header|Unexpected end of data/i.test(error.message) && !('errorClass' in error)) return archiveInvalid('layer is not a valid tar archive', error);
  return asStoreError('unpacking a layer', error);
}
