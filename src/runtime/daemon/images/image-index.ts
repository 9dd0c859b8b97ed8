import { compareStrings } from '../../../base/sort.ts';
import type { Digest } from './digest.ts';
import { MediaTypes } from './media-types.ts';
import { type Descriptor, type ImageIndex, REF_NAME_ANNOTATION } from './oci-types.ts';

/**
 * index.json as the store keeps it: one entry per reference, the reference
 * (normalized: `docker.io/library/busybox:latest`) in the
 * `org.opencontainers.image.ref.name` annotation, so skopeo and umoci can
 * address images by name; an image with no reference (dangling) keeps one
 * entry without the annotation so it is not garbage. Pure functions: each
 * returns a new index, entries sorted, so the file is byte-stable.
 */

export function emptyIndex(): ImageIndex {
  return { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: [] };
}

export function refOf(entry: Descriptor): string | undefined {
  return entry.annotations?.[REF_NAME_ANNOTATION];
}

/** The references of each manifest in the index (an empty list for a dangling image). */
export function imagesOf(index: ImageIndex): Map<Digest, { descriptor: Descriptor; refs: string[] }> {
  const out = new Map<Digest, { descriptor: Descriptor; refs: string[] }>();
  for (const entry of index.manifests) {
    let image = out.get(entry.digest);
    if (!image) {
      image = { descriptor: bare(entry), refs: [] };
      out.set(entry.digest, image);
    }
    const ref = refOf(entry);
    if (ref !== undefined && !image.refs.includes(ref)) image.refs.push(ref);
  }
  for (const image of out.values()) image.refs.sort(compareStrings);
  return out;
}

export function findRef(index: ImageIndex, ref: string): Digest | undefined {
  return index.manifests.find((entry) => refOf(entry) === ref)?.digest;
}

/** Points `ref` at `descriptor`; the image it pointed at before stays, dangling if that was its last reference (as docker tag does). */
export function withRef(index: ImageIndex, ref: string, descriptor: Descriptor): ImageIndex {
  const previous = findRef(index, ref);
  let manifests = index.manifests.filter((entry) => refOf(entry) !== ref && !(entry.digest === descriptor.digest && refOf(entry) === undefined));
  manifests = [...manifests, { ...bare(descriptor), annotations: { [REF_NAME_ANNOTATION]: ref } }];
  if (previous !== undefined && previous !== descriptor.digest && !manifests.some((entry) => entry.digest === previous)) {
    const old = index.manifests.find((entry) => entry.digest === previous)!;
    manifests.push(bare(old));
  }
  return sorted(index, manifests);
}

/** Removes `ref`; the image stays as a dangling entry when it has no other reference and `keepDangling`. */
export function withoutRef(index: ImageIndex, ref: string, keepDangling: boolean): ImageIndex {
  const digest = findRef(index, ref);
  if (digest === undefined) return index;
  const manifests = index.manifests.filter((entry) => refOf(entry) !== ref);
  const old = index.manifests.find((entry) => entry.digest === digest)!;
  if (keepDangling && !manifests.some((entry) => entry.digest === digest)) manifests.push(bare(old));
  return sorted(index, manifests);
}

/** Makes sure the image has an entry (a dangling one when it has no reference). */
export function withImage(index: ImageIndex, descriptor: Descriptor): ImageIndex {
  if (index.manifests.some((entry) => entry.digest === descriptor.digest)) return index;
  return sorted(index, [...index.manifests, bare(descriptor)]);
}

export function withoutImage(index: ImageIndex, digest: Digest): ImageIndex {
  return sorted(
    index,
    index.manifests.filter((entry) => entry.digest !== digest),
  );
}

/** The descriptor without its per-reference annotation (platform and media type stay). */
function bare(entry: Descriptor): Descriptor {
  const { annotations, ...rest } = entry;
  const others = Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => key !== REF_NAME_ANNOTATION));
  return Object.keys(others).length > 0 ? { ...rest, annotations: others } : rest;
}

function sorted(index: ImageIndex, manifests: readonly Descriptor[]): ImageIndex {
  const key = (entry: Descriptor): string => `${refOf(entry) === undefined ? '1' : '0'}${refOf(entry) ?? ''}\0${entry.digest}`;
  return { ...index, manifests: [...manifests].sort((a, b) => compareStrings(key(a), key(b))) };
}
