import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { type FileHandle, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, digestHex, isSha256Digest, sha256Digest } from './digest.ts';
import { digestMismatch } from './image-errors.ts';
import { writeFileAtomic } from '../../../base/index.ts';

/**
 * Content-addressed blobs, as the OCI image layout keeps them:
 * `blobs/sha256/<hex>`, each file named by the sha256 of its bytes. A blob
 * is written to a temp file (in the store's tmp/, same filesystem), hashed as
 * it is written, fsynced, and renamed into place only once its digest is
 * known and checked, so a blob file is always whole and always right.
 */
export class BlobStore {
  readonly dir: string;
  readonly #tmp: string;

  constructor(imagesRoot: string, tmpDir: string) {
    this.dir = join(imagesRoot, 'blobs', 'sha256');
    this.#tmp = tmpDir;
  }

  path(digest: Digest): string {
    return join(this.dir, digestHex(digest));
  }

  async size(digest: Digest): Promise<number | undefined> {
    try {
      return (await stat(this.path(digest))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(digest: Digest): Promise<boolean> {
    return (await this.size(digest)) !== undefined;
  }

  /** Reads a small blob (manifest, config) and checks its digest: a damaged store is reported, not trusted. */
  async read(digest: Digest): Promise<Buffer> {
    const bytes = await readFile(this.path(digest));
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw digestMismatch(`blob ${digest}`, digest, actual);
    return bytes;
  }

  openStream(digest: Digest): ReadStream {
    return createReadStream(this.path(digest), { highWaterMark: 1 << 20 });
  }

  async writeBytes(bytes: Uint8Array | string): Promise<{ digest: Digest; size: number }> {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const digest = sha256Digest(buffer);
    if (!(await this.has(digest))) await writeFileAtomic(this.path(digest), buffer);
    return { digest, size: buffer.byteLength };
  }

  /** Moves a file whose digest the caller computed into place (or drops it when the blob is already there). */
  async adopt(tempPath: string, digest: Digest): Promise<void> {
    if (await this.has(digest)) {
      await rm(tempPath, { force: true });
      return;
    }
    await rename(tempPath, this.path(digest));
  }

  async createWriter(): Promise<BlobWriter> {
    const path = join(this.#tmp, `blob-${randomBytes(8).toString('hex')}`);
    return new BlobWriter(this, path, await open(path, 'wx', 0o644));
  }

  async list(): Promise<Digest[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.map((name) => `sha256:${name}`).filter(isSha256Digest).sort();
  }

  async delete(digest: Digest): Promise<number> {
    const size = (await this.size(digest)) ?? 0;
    await rm(this.path(digest), { force: true });
    return size;
  }
}

/** Streams one blob to a temp file while hashing it; commit() checks the digest and renames it into the store. */
export class BlobWriter {
  readonly #store: BlobStore;
  readonly #path: string;
  readonly #handle: FileHandle;
  readonly #hash = createHash('sha256');
  #size = 0;
  #closed = false;

  constructor(store: BlobStore, path: string, handle: FileHandle) {
    this.#store = store;
    this.#path = path;
    this.#handle = handle;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.#hash.update(chunk);
    this.#size += chunk.byteLength;
    await this.#handle.write(chunk);
  }

  async commit(expected?: Digest): Promise<{ digest: Digest; size: number }> {
    await this.#handle.sync();
    await this.#close();
    const digest: Digest = `sha256:${this.#hash.digest('hex')}`;
    if (expected !== undefined && expected !== digest) {
      await rm(this.#path, { force: true });
      throw digestMismatch('blob', expected, digest);
    }
    await this.#store.adopt(this.#path, digest);
    return { digest, size: this.#size };
  }

  async abort(): Promise<void> {
    await this.#close();
    await rm(this.#path, { force: true });
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }
}
