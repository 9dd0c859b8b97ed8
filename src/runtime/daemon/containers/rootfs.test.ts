import { describe, expect, it } from 'vitest';
import { overlayMountArgs } from './rootfs.ts';

describe('overlay mount options', () => {
  it('absolute lower dirs, top first, while they fit in a page', () => {
    const { args, cwd } = overlayMountArgs({ layerDirs: ['/l/1', '/l/2'], emptyLower: '/c/empty', upper: '/c/upper', work: '/c/work', target: '/c/rootfs' }, true);
    expect(args).toEqual(['-t', 'overlay', 'overlay', '-o', 'lowerdir=/l/2:/l/1,upperdir=/c/upper,workdir=/c/work,index=off', '/c/rootfs']);
    expect(cwd).toBeUndefined();
  });
  it('relative lower dirs from their common parent when absolute ones would not fit', () => {
    const layers = Array.from({ length: 200 }, (_, i) => `/var/lib/stack/images/layers/${i}`);
    const { args, cwd } = overlayMountArgs({ layerDirs: layers, emptyLower: '/e', upper: '/u', work: '/w', target: '/t' }, false);
    expect(cwd).toBe('/var/lib/stack/images/layers');
    expect(args[4]?.startsWith('lowerdir=199:198:')).toBe(true);
    expect(Buffer.byteLength(args[4] ?? '')).toBeLessThan(4000);
  });
  it('an image without layers mounts an empty lower dir', () => {
    expect(overlayMountArgs({ layerDirs: [], emptyLower: '/c/empty', upper: '/u', work: '/w', target: '/t' }, false).args[4]).toBe('lowerdir=/c/empty,upperdir=/u,workdir=/w');
  });
});
