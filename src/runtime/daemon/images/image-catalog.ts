import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareStrings } from '../../../base/sort.ts';
import { writeFileAtomic } from '../../../base/index.ts';
import type { BlobStore } from './blob-store.ts';
import type { Digest } from './digest.ts';
import { ambiguousImageId, archiveInvalid, imageNotFound, invalidReference } from './image-errors.ts';
import { emptyIndex, findRef, imagesOf } from './image-index.ts';
import { Mutex } from './locks.ts';
import { type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest, parseConfig, parseIndex, parseManifestOrIndex } from './oci-types.ts';
import { familiarString, formatReference, parseRefOrId, withDefaultTag } from './reference.ts';

/** One image as the store knows it: its manifest, its config, its references. */
export interface StoredImage {
  /** The config digest, as Docker names images. */
  readonly id: Digest;
  readonly descriptor: Descriptor;
  readonly manifest: ImageManifest;
  readonly config: ImageConfig;
  /** Normalized references (`docker.io/library/busybox:latest`), sorted; empty when dangling. */
  readonly refs: readonly string[];
}

/** How a user's `refOrId` matched: by a reference (which one) or by id. */
export interface FoundImage {
  readonly image: StoredImage;
  readonly ref?: string;
}

const LAYOUT = `${JSON.stringify({ imageLayoutVersion: '1.0.0' })}\n`;

/**
 * index.json plus the manifests and configs it points at, parsed once and
 * kept in memory. Every change to index.json goes through update(), one at a
 * time, written atomically; readers see the last committed index.
 */
export class ImageCatalog {
  readonly #dir: string;
  readonly #blobs: BlobStore;
  readonly #mutex = new Mutex();
  readonly #documents = new Map<Digest, { manifest: ImageManifest; config: ImageConfig }>();
  #index: ImageIndex = emptyIndex();
  #images: StoredImage[] = [];
  #broken: readonly string[] = [];

  constructor(dir: string, blobs: BlobStore) {
    this.#dir = dir;
    this.#blobs = blobs;
  }

  async open(): Promise<void> {
    await mkdir(this.#blobs.dir, { recursive: true });
    const layout = await readFile(join(this.#dir, 'oci-layout'), 'utf8').catch(() => undefined);
    if (layout === undefined) await writeFileAtomic(join(this.#dir, 'oci-layout'), LAYOUT);
    const text = await readFile(join(this.#dir, 'index.json'), 'utf8').catch(() => undefined);
    this.#index = text === undefined ? emptyIndex() : parseIndex(text, 'index.json');
    if (text === undefined) await this.#write(this.#index);
    this.#images = await this.#build(this.#index);
  }

  get index(): ImageIndex {
    return this.#index;
  }

  images(): readonly StoredImage[] {
    return this.#images;
  }

  byId(id: Digest): StoredImage | undefined {
    return this.#images.find((image) => image.id === id);
  }

  /** Applies a change to index.json, alone; the function sees the latest committed index. */
  async update(change: (index: ImageIndex) => ImageIndex | Promise<ImageIndex>): Promise<ImageIndex> {
    return this.#mutex.run(async () => {
      const next = await change(this.#index);
      if (next === this.#index) return next;
      const images = await this.#build(next);
      await this.#write(next);
      this.#index = next;
      this.#images = images;
      return next;
    });
  }

  /** Reads (and caches) a manifest and its config, checking both digests. */
  async document(descriptor: Descriptor): Promise<{ manifest: ImageManifest; config: ImageConfig }> {
    const cached = this.#documents.get(descriptor.digest);
    if (cached) return cached;
    const parsed = parseManifestOrIndex(await this.#blobs.read(descriptor.digest), `manifest ${descriptor.digest}`);
    if (parsed.kind !== 'manifest') throw archiveInvalid(`index.json entry ${descriptor.digest} is an index; the store keeps single-platform manifests`);
    const config = parseConfig(await this.#blobs.read(parsed.manifest.config.digest), `config ${parsed.manifest.config.digest}`);
    const document = { manifest: parsed.manifest, config };
    this.#documents.set(descriptor.digest, document);
    return document;
  }

  /**
   * Finds an image the way Docker does: a reference first (a digest
   * reference matches the manifest digest), then an id or a unique id
   * prefix.
   */
  find(refOrId: string): FoundImage {
    const parsed = parseRefOrId(refOrId);
    if (!parsed.ok) throw invalidReference(refOrId, parsed.reason);
    const { reference, idPrefix, fullId } = parsed.value;
    if (reference) {
      if (reference.digest !== undefined) {
        const image = this.#images.find((candidate) => candidate.descriptor.digest === reference.digest);
        if (image) return { image };
      } else {
        const ref = formatReference(withDefaultTag(reference));
        const digest = findRef(this.#index, ref);
        const image = digest === undefined ? undefined : this.#images.find((candidate) => candidate.descriptor.digest === digest);
        if (image) return { image, ref };
      }
    }
    if (idPrefix !== undefined) {
      const matches = this.#images.filter((image) => (fullId ? image.id === `sha256:${idPrefix}` : image.id.startsWith(`sha256:${idPrefix}`)));
      if (matches.length === 1) return { image: matches[0]! };
      if (matches.length > 1) throw ambiguousImageId(refOrId, matches.map((m) => m.id));
    }
    throw imageNotFound(refOrId, this.#images.flatMap((image) => image.refs.map(familiarString)).sort(compareStrings));
  }

  /** Every reference of one repository (`docker save busybox` saves all of busybox's tags). */
  refsOfRepository(repository: string): string[] {
    return this.#images.flatMap((image) => image.refs.filter((ref) => ref.startsWith(`${repository}:`) || ref.startsWith(`${repository}@`))).sort(compareStrings);
  }

  /**
   * The images of an index. One whose manifest or config cannot be read (a
   * damaged store) is left out and reported by `broken`, not fatal: the rest
   * of the store stays usable, and its entry stays in index.json for repair.
   */
  async #build(index: ImageIndex): Promise<StoredImage[]> {
    const images: StoredImage[] = [];
    const broken: string[] = [];
    for (const [, { descriptor, refs }] of imagesOf(index)) {
      try {
        const { manifest, config } = await this.document(descriptor);
        images.push({ id: manifest.config.digest, descriptor, manifest, config, refs });
      } catch (error) {
        broken.push(`${descriptor.digest} (${refs.join(', ') || 'untagged'}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.#broken = broken;
    return images.sort((a, b) => compareStrings(a.id, b.id));
  }

  /** Index entries left out because their manifest or config is missing or damaged. */
  get broken(): readonly string[] {
    return this.#broken;
  }

  async #write(index: ImageIndex): Promise<void> {
    await writeFileAtomic(join(this.#dir, 'index.json'), `${JSON.stringify(index)}\n`);
  }
}
