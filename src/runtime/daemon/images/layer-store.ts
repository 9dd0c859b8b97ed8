import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings } from '../../../base/sort.ts';
import { writeFileAtomic } from '../../../base/index.ts';
import { type Digest, isSha256Digest } from './digest.ts';
import { Mutex } from './locks.ts';

/** What the store knows about one unpacked layer (`layers/<n>.json` beside `layers/<n>/`). */
export interface LayerRecord {
  /** The directory name under layers/: short, so overlay mount options fit in a page. */
  readonly n: number;
  readonly chainId: Digest;
  readonly diffId: Digest;
  /** Chain id of the layer below; absent for a base layer. */
  readonly parent?: Digest;
  /** Bytes of regular files in this layer (Docker's layer size). */
  readonly size: number;
  /** Compressed blobs known to decompress to diffId (checked once, then trusted). */
  readonly blobs: readonly Digest[];
}

/**
 * Unpacked layers keyed by ChainID. A layer is unpacked into a private temp
 * directory and renamed to `layers/<n>/` only when complete, then its record
 * is written; a directory without a record is an interrupted commit that
 * garbage collection removes. Numbers are never reused while the process
 * lives (a removed layer's number may come back after a restart, when nothing
 * can still refer to it).
 */
export class LayerStore {
  readonly dir: string;
  readonly #tmp: string;
  readonly #byChain = new Map<Digest, LayerRecord>();
  readonly #mutex = new Mutex();
  #next = 1;

  constructor(imagesRoot: string, tmpDir: string) {
    this.dir = join(imagesRoot, 'layers');
    this.#tmp = tmpDir;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.#byChain.clear();
    for (const name of await readdir(this.dir)) {
      const number = /^(\d+)(\.json)?$/.exec(name);
      if (!number) continue;
      this.#next = Math.max(this.#next, Number(number[1]) + 1);
      if (!number[2]) continue;
      const record = parseRecord(await readFile(join(this.dir, name), 'utf8').catch(() => ''));
      if (record && record.n === Number(number[1])) this.#byChain.set(record.chainId, record);
    }
  }

  get(chainId: Digest): LayerRecord | undefined {
    return this.#byChain.get(chainId);
  }

  all(): LayerRecord[] {
    return [...this.#byChain.values()].sort((a, b) => a.n - b.n);
  }

  path(record: LayerRecord): string {
    return join(this.dir, String(record.n));
  }

  /** A fresh private directory to unpack into, on the same filesystem as layers/. */
  async createTemp(): Promise<string> {
    const path = join(this.#tmp, `layer-${randomBytes(8).toString('hex')}`);
    await mkdir(path, { mode: 0o755 });
    return path;
  }

  /**
   * Makes an unpacked temp directory the layer `chainId`. When another
   * operation committed the same chain meanwhile, its copy wins and the temp
   * directory is removed.
   */
  async commit(temp: string, layer: Omit<LayerRecord, 'n' | 'blobs'> & { readonly blob?: Digest }): Promise<LayerRecord> {
    return this.#mutex.run(async () => {
      const existing = this.#byChain.get(layer.chainId);
      if (existing) {
        await rm(temp, { recursive: true, force: true });
        return layer.blob === undefined ? existing : this.#addBlob(existing, layer.blob);
      }
      const n = this.#next++;
      await rename(temp, join(this.dir, String(n)));
      const record: LayerRecord = {
        n,
        chainId: layer.chainId,
        diffId: layer.diffId,
        ...(layer.parent === undefined ? {} : { parent: layer.parent }),
        size: layer.size,
        blobs: layer.blob === undefined ? [] : [layer.blob],
      };
      await writeFileAtomic(join(this.dir, `${n}.json`), `${JSON.stringify(record)}\n`);
      this.#byChain.set(record.chainId, record);
      return record;
    });
  }

  /** Records that another blob was checked to decompress to this layer's diff id. */
  async addBlob(chainId: Digest, blob: Digest): Promise<LayerRecord | undefined> {
    return this.#mutex.run(async () => {
      const record = this.#byChain.get(chainId);
      return record === undefined ? undefined : this.#addBlob(record, blob);
    });
  }

  async #addBlob(record: LayerRecord, blob: Digest): Promise<LayerRecord> {
    if (record.blobs.includes(blob)) return record;
    const updated: LayerRecord = { ...record, blobs: [...record.blobs, blob].sort(compareStrings) };
    await writeFileAtomic(join(this.dir, `${record.n}.json`), `${JSON.stringify(updated)}\n`);
    this.#byChain.set(record.chainId, updated);
    return updated;
  }

  /** Removes a layer: the record first, so a crash half-way leaves a directory that GC recognizes as garbage. */
  async remove(chainId: Digest): Promise<number> {
    return this.#mutex.run(async () => {
      const record = this.#byChain.get(chainId);
      if (!record) return 0;
      this.#byChain.delete(chainId);
      await rm(join(this.dir, `${record.n}.json`), { force: true });
      await rm(join(this.dir, String(record.n)), { recursive: true, force: true });
      return record.size;
    });
  }

  /** Layer directories and stray files with no record (interrupted commits or removals). */
  async removeOrphans(): Promise<number> {
    return this.#mutex.run(async () => {
      const known = new Set([...this.#byChain.values()].map((r) => String(r.n)));
      let removed = 0;
      for (const name of await readdir(this.dir)) {
        const base = name.replace(/\.json$/, '');
        if (known.has(base)) continue;
        await rm(join(this.dir, name), { recursive: true, force: true });
        removed++;
      }
      return removed;
    });
  }
}

function parseRecord(text: string): LayerRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LayerRecord>;
    if (typeof value.n !== 'number' || !isSha256Digest(value.chainId) || !isSha256Digest(value.diffId) || typeof value.size !== 'number') return undefined;
    return { ...value, blobs: Array.isArray(value.blobs) ? value.blobs.filter(isSha256Digest) : [] } as LayerRecord;
  } catch {
    return undefined;
  }
}
