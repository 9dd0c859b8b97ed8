import { compareStrings } from '../../../base/sort.ts';
import { type Digest, chainIds, shortId } from './digest.ts';
import type { StoredImage } from './image-catalog.ts';
import { imageHasReferences, imageInUse } from './image-errors.ts';
import { withoutImage, withoutRef } from './image-index.ts';
import { parseManifestOrIndex } from './oci-types.ts';
import { familiarString } from './reference.ts';
import type { StoreCore } from './store-core.ts';

/** Docker's DELETE /images and prune answer items. */
export type RemoveRecord = { readonly Untagged: string } | { readonly Deleted: string };

export interface RemoveOptions {
  /** Remove an image given by id even when several references point at it; untag an image a container uses (its content stays). */
  readonly force?: boolean;
  /** Keep the blobs and layers of a deleted image until the next prune. */
  readonly noPrune?: boolean;
}

export interface PruneReport {
  readonly ImagesDeleted: readonly RemoveRecord[];
  readonly SpaceReclaimed: number;
}

/**
 * `docker rmi` semantics. A reference is untagged; the image itself goes
 * when that was its last reference. An id removes the image with all its
 * references (force needed when there are several). An image a container
 * uses is never deleted, since its layers are that container's lowerdirs:
 * without force that is a Conflict naming the container; with force its
 * references go and it stays, dangling, until unused and pruned.
 */
export async function removeImage(core: StoreCore, refOrId: string, options: RemoveOptions = {}): Promise<RemoveRecord[]> {
  return core.gc.exclusive(async () => {
    const found = core.catalog.find(refOrId);
    const { image } = found;
    const user = await core.isInUse(image.id);
    const records: RemoveRecord[] = [];
    let untag: readonly string[];
    if (found.ref !== undefined) {
      if (user !== undefined && !options.force && image.refs.length === 1) throw imageInUse(familiarString(found.ref), user);
      untag = [found.ref];
    } else {
      if (user !== undefined && !options.force) throw imageInUse(shortId(image.id), user);
      if (image.refs.length > 1 && !options.force) throw imageHasReferences(shortId(image.id), image.refs.map(familiarString));
      untag = image.refs;
    }
    const deleteImage = untag.length === image.refs.length && user === undefined;
    await core.catalog.update((index) => {
      let next = index;
      for (const ref of untag) next = withoutRef(next, ref, true);
      return deleteImage ? withoutImage(next, image.descriptor.digest) : next;
    });
    for (const ref of untag) records.push({ Untagged: familiarString(ref) });
    if (deleteImage) {
      records.push({ Deleted: image.id });
      if (!options.noPrune) await collectGarbage(core);
    }
    return records;
  });
}

/** Dangling images (every unused image with `all`), then every blob and layer nothing refers to. */
export async function pruneImages(core: StoreCore, options: { all?: boolean } = {}): Promise<PruneReport> {
  return core.gc.exclusive(async () => {
    const victims: StoredImage[] = [];
    for (const image of core.catalog.images()) {
      if (!options.all && image.refs.length > 0) continue;
      if ((await core.isInUse(image.id)) !== undefined) continue;
      victims.push(image);
    }
    await core.catalog.update((index) => victims.reduce((next, image) => withoutImage(next, image.descriptor.digest), index));
    const records: RemoveRecord[] = victims.flatMap((image) => [...image.refs.map((ref) => ({ Untagged: familiarString(ref) })), { Deleted: image.id }]);
    return { ImagesDeleted: records, SpaceReclaimed: await collectGarbage(core) };
  });
}

/**
 * Deletes every blob and unpacked layer that no image in index.json reaches,
 * plus leftovers of interrupted commits. Runs under the exclusive GC lock,
 * so nothing in flight has unreferenced content. Returns the bytes freed.
 */
async function collectGarbage(core: StoreCore): Promise<number> {
  const liveBlobs = new Set<Digest>();
  const liveChains = new Set<Digest>();
  const readable = new Set(core.catalog.images().map((image) => image.descriptor.digest));
  for (const entry of core.catalog.index.manifests) {
    liveBlobs.add(entry.digest);
    // A damaged entry (its config unreadable) keeps what its manifest names, for repair.
    if (!readable.has(entry.digest)) for (const digest of await manifestBlobs(core, entry.digest)) liveBlobs.add(digest);
  }
  for (const image of core.catalog.images()) {
    liveBlobs.add(image.manifest.config.digest);
    for (const layer of image.manifest.layers) liveBlobs.add(layer.digest);
    for (const chain of chainIds(image.config.rootfs.diff_ids)) liveChains.add(chain);
  }
  let freed = 0;
  for (const digest of await core.blobs.list()) if (!liveBlobs.has(digest)) freed += await core.blobs.delete(digest);
  const dead = core.layers.all().filter((record) => !liveChains.has(record.chainId));
  for (const record of dead.sort((a, b) => compareStrings(a.chainId, b.chainId))) freed += await core.layers.remove(record.chainId);
  await core.layers.removeOrphans();
  return freed;
}

async function manifestBlobs(core: StoreCore, digest: Digest): Promise<Digest[]> {
  try {
    const parsed = parseManifestOrIndex(await core.blobs.read(digest), `manifest ${digest}`);
    return parsed.kind === 'manifest' ? [parsed.manifest.config.digest, ...parsed.manifest.layers.map((layer) => layer.digest)] : [];
  } catch {
    return [];
  }
}
