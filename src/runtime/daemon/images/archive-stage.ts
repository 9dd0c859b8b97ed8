import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import tar from 'tar-stream';
import { throwIfAborted } from '../../../base/errors.ts';
import type { Digest } from './digest.ts';
import { archiveInvalid, layerTooLarge } from './image-errors.ts';
import { writeWithBackpressure } from './backpressure.ts';
import { decompress } from './layer-unpack.ts';
import { type Compression, sniffCompression } from './media-types.ts';
import { sniffStream } from './stream-input.ts';

/** A regular file of an archive, copied out to the staging directory and hashed on the way. */
export interface StagedFile {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly digest: Digest;
  /** What its first bytes say (layers in docker save archives carry no media type). */
  readonly compression: Compression;
}

const MAX_LINK_HOPS = 40;
const MAX_SMALL_FILE = 32 * 1024 * 1024;

/**
 * An image archive (docker save, OCI archive) unpacked into a private
 * staging directory. Archive names never become paths: every regular file is
 * stored as `<staging>/<n>` and found through a name map, and symlinks and
 * hard links (docker save links repeated layers) are resolved in that map,
 * lexically. So a hostile archive cannot write anywhere but its numbered
 * files, and random access is possible without reading the stream twice.
 */
export class StagedArchive {
  readonly #files = new Map<string, StagedFile>();
  readonly #links = new Map<string, string>();

  addFile(file: StagedFile): void {
    this.#files.set(file.name, file);
    this.#links.delete(file.name);
  }

  addLink(name: string, target: string): void {
    this.#links.set(name, target);
    this.#files.delete(name);
  }

  get(name: string): StagedFile | undefined {
    let current = normalizeName(name);
    for (let hops = 0; current !== undefined && hops <= MAX_LINK_HOPS; hops++) {
      const file = this.#files.get(current);
      if (file) return file;
      current = this.#links.get(current);
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** A JSON document of the archive (manifest.json, index.json, a config): small, read whole. */
  async readSmall(name: string): Promise<Buffer> {
    const file = this.get(name);
    if (!file) throw archiveInvalid(`${name} is missing from the archive`);
    if (file.size > MAX_SMALL_FILE) throw archiveInvalid(`${name} is too large for a JSON document (${file.size} bytes)`);
    return readFile(file.path);
  }
}

/** An archive member name in canonical form (`./a//b` → `a/b`), or undefined when it climbs out of the archive. */
export function normalizeName(name: string): string | undefined {
  const normalized = posix.normalize(`/${name}`).slice(1).replace(/\/$/, '');
  return normalized === '' ? undefined : normalized;
}

/** Copies the regular files of an archive stream (plain or gzip) into `dir`, hashing each. */
export async function stageArchive(source: AsyncIterable<Uint8Array>, dir: string, options: { maxEntries: number; signal?: AbortSignal }): Promise<StagedArchive> {
  const staged = new StagedArchive();
  const input = await sniffStream(source);
  const extract = tar.extract();
  // A truncated archive fails in the parser (Unexpected end of data); the entry being read only sees "destroyed".
  let parserError: unknown;
  extract.on('error', (error: unknown) => (parserError ??= error));
  let count = 0;
  const feeding = (async () => {
    for await (const chunk of decompress(input.stream, input.compression)) if (!(await writeWithBackpressure(extract, chunk))) return;
    extract.end(null);
  })().catch((error: unknown) => {
    extract.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  try {
    for await (const entry of extract) {
      throwIfAborted(options.signal);
      if (++count > options.maxEntries) throw layerTooLarge('archive entry count', String(options.maxEntries));
      const name = normalizeName(entry.header.name);
      const type = entry.header.type;
      if (name === undefined || (type !== 'file' && type !== 'contiguous-file' && type !== 'symlink' && type !== 'link')) {
        entry.resume();
        continue;
      }
      if (type === 'symlink' || type === 'link') {
        entry.resume();
        const linkname = entry.header.linkname ?? '';
        // A symlink is relative to its own directory; a hard link names a member from the archive root.
        const target = type === 'symlink' && !linkname.startsWith('/') ? posix.join(posix.dirname(name), linkname) : linkname;
        const normalized = normalizeName(target);
        if (normalized !== undefined) staged.addLink(name, normalized);
        continue;
      }
      staged.addFile(await copyOut(entry as AsyncIterable<Uint8Array>, name, join(dir, String(count))));
    }
  } catch (error) {
    extract.destroy();
    throw describeArchiveError(parserError ?? error);
  } finally {
    await feeding;
  }
  return staged;
}

async function copyOut(content: AsyncIterable<Uint8Array>, name: string, path: string): Promise<StagedFile> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of content) {
      hash.update(chunk);
      size += chunk.byteLength;
      if (head.byteLength < 4) head = Buffer.concat([head, Buffer.from(chunk.subarray(0, 4))]);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return { name, path, size, digest: `sha256:${hash.digest('hex')}`, compression: sniffCompression(head) };
}

function describeArchiveError(error: unknown): unknown {
  if (error && typeof error === 'object' && 'errorClass' in error) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return archiveInvalid('the archive is not valid gzip data', error);
  if (error instanceof Error && /tar|header|Unexpected end of data/i.test(error.message)) return archiveInvalid('the archive is not a valid tar file', error);
  return error;
}

/** One image found in an archive, ready to ingest. */
export interface ArchiveImage {
  readonly config: StagedFile;
  readonly layers: readonly { readonly file: StagedFile; readonly mediaType: string }[];
  /** The archive's own manifest, when it has one that matches (kept byte for byte). */
  readonly manifest?: { readonly file: StagedFile; readonly mediaType: string };
  /** Normalized references. */
  readonly refs: readonly string[];
}
