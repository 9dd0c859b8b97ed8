import { Readable } from 'node:stream';
import tar, { type Pack } from 'tar-stream';
import { throwIfAborted } from '../../../base/errors.ts';
import { compareStrings } from '../../../base/sort.ts';
import type { StoredImage } from './image-catalog.ts';
import { type Digest, digestHex } from './digest.ts';
import { IMAGE_NAME_ANNOTATION, REF_NAME_ANNOTATION } from './oci-types.ts';
import { MediaTypes } from './media-types.ts';
import { familiarString, parseReference, repositoryName } from './reference.ts';
import type { StoreCore } from './store-core.ts';
import { addEntry } from './tar-pack.ts';

interface Selection {
  readonly image: StoredImage;
  readonly refs: string[];
}

const EPOCH = new Date(0);

/**
 * Writes images as one archive that both readers understand: a `docker save`
 * archive (manifest.json, as docker 25+ writes it, pointing into blobs/) and
 * an OCI image layout (oci-layout, index.json, blobs/sha256). Blobs go out
 * as stored (gzip layers stay gzip; docker load and OCI tools accept both),
 * so manifests keep their digests and images their ids.
 *
 * Names resolve before the stream starts (a missing image fails the call,
 * not the stream). The store's GC is held off until the stream ends or is
 * destroyed: the caller must consume or destroy it.
 */
export async function saveArchive(core: StoreCore, names: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Readable> {
  throwIfAborted(options.signal);
  const release = await core.gc.acquireShared();
  let selections: Selection[];
  try {
    selections = select(core, names);
  } catch (error) {
    release();
    throw error;
  }
  const pack = tar.pack();
  write(core, pack, selections, options.signal).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  const stream = Readable.from(pack, { objectMode: false });
  stream.once('close', release);
  return stream;
}

/** `docker save` semantics: a tag saves that tag, a bare repository name saves all its tags, an id saves the image untagged. */
function select(core: StoreCore, names: readonly string[]): Selection[] {
  const byId = new Map<Digest, Selection>();
  const add = (image: StoredImage, ref: string | undefined): void => {
    let selection = byId.get(image.id);
    if (!selection) {
      selection = { image, refs: [] };
      byId.set(image.id, selection);
    }
    if (ref !== undefined && !selection.refs.includes(ref)) selection.refs.push(ref);
  };
  for (const name of names) {
    const parsed = parseReference(name);
    if (parsed.ok && parsed.value.tag === undefined && parsed.value.digest === undefined) {
      const refs = core.catalog.refsOfRepository(repositoryName(parsed.value));
      if (refs.length > 0) {
        for (const ref of refs) add(core.catalog.find(ref).image, ref);
        continue;
      }
    }
    const found = core.catalog.find(name);
    add(found.image, found.ref);
  }
  return [...byId.values()];
}

async function write(core: StoreCore, pack: Pack, selections: readonly Selection[], signal: AbortSignal | undefined): Promise<void> {
  const file = { mode: 0o644, mtime: EPOCH, uid: 0, gid: 0 };
  await addEntry(pack, { ...file, name: 'oci-layout' }, Buffer.from(`${JSON.stringify({ imageLayoutVersion: '1.0.0' })}\n`));
  await addEntry(pack, { ...file, mode: 0o755, name: 'blobs', type: 'directory' });
  await addEntry(pack, { ...file, mode: 0o755, name: 'blobs/sha256', type: 'directory' });
  const written = new Set<Digest>();
  for (const { image } of selections) {
    for (const descriptor of [image.descriptor, image.manifest.config, ...image.manifest.layers]) {
      if (written.has(descriptor.digest)) continue;
      written.add(descriptor.digest);
      throwIfAborted(signal);
      const size = await core.blobs.size(descriptor.digest);
      await addEntry(pack, { ...file, name: blobName(descriptor.digest), size: size ?? 0 }, core.blobs.openStream(descriptor.digest));
    }
  }
  const manifests = selections.flatMap(({ image, refs }) => {
    const descriptor = { mediaType: image.descriptor.mediaType, digest: image.descriptor.digest, size: image.descriptor.size, ...(image.descriptor.platform ? { platform: image.descriptor.platform } : {}) };
    if (refs.length === 0) return [descriptor];
    return [...refs].sort(compareStrings).map((ref) => ({ ...descriptor, annotations: { [IMAGE_NAME_ANNOTATION]: ref, [REF_NAME_ANNOTATION]: tagOf(ref) } }));
  });
  const index = { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests };
  await addEntry(pack, { ...file, name: 'index.json' }, Buffer.from(`${JSON.stringify(index)}\n`));
  const manifestJson = selections.map(({ image, refs }) => ({
    Config: blobName(image.manifest.config.digest),
    RepoTags: refs.length === 0 ? null : [...refs].sort(compareStrings).map(familiarString),
    Layers: image.manifest.layers.map((layer) => blobName(layer.digest)),
  }));
  await addEntry(pack, { ...file, name: 'manifest.json' }, Buffer.from(`${JSON.stringify(manifestJson)}\n`));
}

function blobName(digest: Digest): string {
  return `blobs/sha256/${digestHex(digest)}`;
}

function tagOf(ref: string): string {
  const parsed = parseReference(ref);
  return parsed.ok ? (parsed.value.tag ?? parsed.value.digest ?? 'latest') : ref;
}
