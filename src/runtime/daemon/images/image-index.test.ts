import { describe, expect, it } from 'vitest';
import { sha256Digest } from './digest.ts';
import { emptyIndex, findRef, imagesOf, withImage, withRef, withoutImage, withoutRef } from './image-index.ts';
import { MediaTypes } from './media-types.ts';
import type { Descriptor } from './oci-types.ts';

const a: Descriptor = { mediaType: MediaTypes.ociManifest, digest: sha256Digest('a'), size: 1, platform: { architecture: 'amd64', os: 'linux' } };
const b: Descriptor = { mediaType: MediaTypes.ociManifest, digest: sha256Digest('b'), size: 2 };
const busybox = 'docker.io/library/busybox:latest';

describe('index.json operations', () => {
  it('a reference points at one image; moving it leaves the old image dangling, not lost', () => {
    let index = withRef(emptyIndex(), busybox, a);
    expect(findRef(index, busybox)).toBe(a.digest);
    index = withRef(index, busybox, b);
    expect(findRef(index, busybox)).toBe(b.digest);
    expect(imagesOf(index).get(a.digest)?.refs).toEqual([]);
    expect(imagesOf(index).get(b.digest)?.refs).toEqual([busybox]);
  });

  it('tagging a dangling image replaces its untagged entry', () => {
    const index = withRef(withImage(emptyIndex(), a), busybox, a);
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]?.platform).toEqual(a.platform);
  });

  it('removing the last reference keeps a dangling entry only when asked', () => {
    const tagged = withRef(withRef(emptyIndex(), busybox, a), 'docker.io/library/x:1', a);
    const one = withoutRef(tagged, busybox, false);
    expect(imagesOf(one).get(a.digest)?.refs).toEqual(['docker.io/library/x:1']);
    expect(imagesOf(withoutRef(one, 'docker.io/library/x:1', false)).has(a.digest)).toBe(false);
    expect(imagesOf(withoutRef(one, 'docker.io/library/x:1', true)).get(a.digest)?.refs).toEqual([]);
  });

  it('withoutImage drops every entry of the image; output order is stable whatever the insertion order', () => {
    const one = withRef(withRef(withImage(emptyIndex(), b), 'docker.io/library/z:1', a), 'docker.io/library/y:1', a);
    const two = withImage(withRef(withRef(emptyIndex(), 'docker.io/library/y:1', a), 'docker.io/library/z:1', a), b);
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
    expect(withoutImage(one, a.digest).manifests.map((m) => m.digest)).toEqual([b.digest]);
  });
});
