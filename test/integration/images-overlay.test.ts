import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore } from '../../src/runtime/daemon/images/index.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { chunksOf, legacySaveArchive, tarBuffer } from './images-helpers.ts';

const missing = missingRequirements({ root: true, commands: ['tar', 'mount', 'umount'] });
const noOverlay = missing ?? (readFileSync('/proc/filesystems', 'utf8').includes('overlay') ? undefined : 'needs overlayfs in the kernel');
announceSkip('image layers under overlayfs', noOverlay);

/**
 * The unpacked layers mounted for real: whiteouts and opaque directories of
 * a two-layer image must give the merged view Docker gives, with relative
 * lowerdirs from the layers root (the way the container runner mounts).
 */
describe.skipIf(noOverlay)('image layers under overlayfs', () => {
  let root: ReturnType<typeof tempDir>;
  let mounted: string | undefined;

  beforeEach(() => {
    root = tempDir('stk-img-ovl-');
  });

  afterEach(() => {
    try {
      if (mounted) execFileSync('umount', [mounted]);
    } finally {
      mounted = undefined;
      root[Symbol.dispose]();
    }
  });

  async function mountImage(store: ImageStore, ref: string): Promise<string> {
    const { layerDirs, layersRoot } = await store.resolve(ref);
    const lower = layerDirs.map((dir) => basename(dir)).reverse().join(':');
    const [upper, work, merged] = ['upper', 'work', 'merged'].map((name) => join(root.path, name)) as [string, string, string];
    for (const dir of [upper, work, merged]) mkdirSync(dir);
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, merged], { cwd: layersRoot });
    mounted = merged;
    return merged;
  }

  it('whiteouts hide lower files, opaque directories hide lower content, new entries show', async () => {
    const layer1 = await tarBuffer([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/gone', content: 'lower' },
      { name: 'etc/kept', content: 'lower' },
      { name: 'etc/replaced', content: 'lower' },
      { name: 'opq/', type: 'directory', mode: 0o750 },
      { name: 'opq/old', content: 'old' },
      { name: 'opq/sub/', type: 'directory' },
      { name: 'opq/sub/deep', content: 'deep' },
      { name: 'tree/', type: 'directory' },
      { name: 'tree/leaf', content: 'leaf' },
      { name: 'var/lib/app/', type: 'directory', mode: 0o700, uid: 1234, gid: 4321 },
      { name: 'var/lib/app/data', content: 'lower data' },
    ]);
    const layer2 = await tarBuffer([
      { name: 'etc/.wh.gone', content: '' },
      { name: 'etc/replaced', content: 'upper' },
      { name: 'opq/', type: 'directory', mode: 0o750 },
      { name: 'opq/sub/', type: 'directory' },
      { name: 'opq/sub/fresh', content: 'fresh' },
      { name: 'opq/new', content: 'new' },
      { name: 'opq/.wh..wh..opq', content: '' },
      { name: '.wh.tree', content: '' },
      // No entry for var/lib/app: the parent is implicit and must keep the lower directory's owner and mode.
      { name: 'var/lib/app/more', content: 'upper data' },
      { name: 'newdir/', type: 'directory' },
      { name: 'newdir/.wh..wh..opq', content: '' },
    ]);
    const store = await ImageStore.open({ directory: join(root.path, 'images') });
    await store.load(chunksOf(await legacySaveArchive([{ layers: [layer1, layer2], repoTags: ['ovl:1'] }])));
    const merged = await mountImage(store, 'ovl:1');

    expect(readdirSync(join(merged, 'etc')).sort()).toEqual(['kept', 'replaced']);
    expect(readFileSync(join(merged, 'etc', 'replaced'), 'utf8')).toBe('upper');
    expect(readdirSync(join(merged, 'opq')).sort()).toEqual(['new', 'sub']);
    expect(readdirSync(join(merged, 'opq', 'sub'))).toEqual(['fresh']);
    expect(lstatSync(join(merged, 'opq')).mode & 0o7777).toBe(0o750);
    expect(existsSync(join(merged, 'tree'))).toBe(false);
    expect(readdirSync(join(merged, 'var', 'lib', 'app')).sort()).toEqual(['data', 'more']);
    const app = lstatSync(join(merged, 'var', 'lib', 'app'));
    expect([app.uid, app.gid, app.mode & 0o7777]).toEqual([1234, 4321, 0o700]);
    expect(readdirSync(join(merged, 'newdir'))).toEqual([]);
  });

  it('a whiteout and a new directory of the same name in one layer hide the old content (delete, then recreate)', async () => {
    const layer1 = await tarBuffer([{ name: 'data/', type: 'directory' }, { name: 'data/old', content: 'old' }]);
    const layer2 = await tarBuffer([{ name: '.wh.data', content: '' }, { name: 'data/', type: 'directory' }, { name: 'data/new', content: 'new' }]);
    const store = await ImageStore.open({ directory: join(root.path, 'images') });
    await store.load(chunksOf(await legacySaveArchive([{ layers: [layer1, layer2], repoTags: ['ovl:2'] }])));
    const merged = await mountImage(store, 'ovl:2');
    expect(readdirSync(join(merged, 'data'))).toEqual(['new']);
    writeFileSync(join(merged, 'data', 'written'), 'x');
    expect(readdirSync(join(root.path, 'upper', 'data'))).toEqual(['written']);
  });
});
