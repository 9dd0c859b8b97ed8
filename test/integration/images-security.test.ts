import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore } from '../../src/runtime/daemon/images/index.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir, uniqueId } from '../helpers/temp.ts';
import { chunksOf, exists, expectCode, legacySaveArchive, makeSentinel, tarBuffer } from './images-helpers.ts';

const missing = missingRequirements({ root: true, commands: ['tar'] });
announceSkip('image store: hostile layers', missing);

/**
 * Hostile layers (research/runtime.md §7): every one must leave the host
 * untouched. A sentinel directory outside the store is compared before and
 * after; refused layers must also leave nothing behind in the store.
 */
describe.skipIf(missing)('image store: hostile layers', () => {
  let root: ReturnType<typeof tempDir>;
  let sentinel: ReturnType<typeof makeSentinel>;
  let store: ImageStore;
  let before: string;

  beforeEach(async () => {
    root = tempDir('stk-img-sec-');
    sentinel = makeSentinel();
    before = sentinel.snapshot();
    store = await ImageStore.open({ directory: join(root.path, 'images') });
  });

  afterEach(() => {
    try {
      expect(sentinel.snapshot(), 'the sentinel directory outside the store changed').toBe(before);
    } finally {
      sentinel.remove();
      root[Symbol.dispose]();
    }
  });

  const layersDir = (): string => join(root.path, 'images', 'layers');
  const onlyLayer = (): string => {
    const dirs = readdirSync(layersDir()).filter((name) => /^\d+$/.test(name));
    expect(dirs).toHaveLength(1);
    return join(layersDir(), dirs[0]!);
  };
  const importTar = async (tar: Buffer) => store.importRootfs({ stream: chunksOf(tar) }, `hostile/${uniqueId()}`);
  const expectNothingCommitted = (): void => {
    expect(readdirSync(layersDir())).toEqual([]);
    expect(readdirSync(join(root.path, 'images', 'tmp'))).toEqual([]);
    expect(store.list()).toEqual([]);
  };

  it('refuses names with ".." and writes nothing above the layer', async () => {
    const name = `escape-${uniqueId(8)}`;
    for (const entry of [`../${name}`, `a/../../${name}`, `./../../../../../../tmp/${name}`]) {
      await expectCode(importTar(await tarBuffer([{ name: 'a/', type: 'directory' }, { name: entry, content: 'x' }])), 'STK5105');
    }
    expect(exists(join('/tmp', name))).toBe(false);
    expect(exists(join(root.path, 'images', 'tmp', name))).toBe(false);
    expect(exists(join(root.path, 'images', name))).toBe(false);
    expectNothingCommitted();
  });

  it('treats absolute names as relative to the layer root', async () => {
    await importTar(await tarBuffer([{ name: `${sentinel.dir}/abs`, content: 'inside' }]));
    expect(readFileSync(join(onlyLayer(), sentinel.dir, 'abs'), 'utf8')).toBe('inside');
    expect(exists(join(sentinel.dir, 'abs'))).toBe(false);
  });

  it('re-resolves a symlinked parent inside the root: a -> /outside, then a/pwned lands in the layer', async () => {
    const relative = `${'../'.repeat(12)}${sentinel.dir.slice(1)}`;
    await importTar(
      await tarBuffer([
        { name: 'a', type: 'symlink', linkname: sentinel.dir },
        { name: 'a/pwned', content: 'pwned' },
        { name: 'b', type: 'symlink', linkname: relative },
        { name: 'b/pwned2', content: 'pwned' },
      ]),
    );
    const layer = onlyLayer();
    expect(exists(join(sentinel.dir, 'pwned'))).toBe(false);
    expect(exists(join(sentinel.dir, 'pwned2'))).toBe(false);
    expect(readlinkSync(join(layer, 'a'))).toBe(sentinel.dir);
    expect(readlinkSync(join(layer, 'b'))).toBe(relative);
    expect(readFileSync(join(layer, sentinel.dir, 'pwned'), 'utf8')).toBe('pwned');
    expect(readFileSync(join(layer, sentinel.dir, 'pwned2'), 'utf8')).toBe('pwned');
  });

  it('never follows a symlink at the final component: a file over a link replaces the link', async () => {
    await importTar(
      await tarBuffer([
        { name: 'c', type: 'symlink', linkname: sentinel.file },
        { name: 'c', content: 'replaced' },
        { name: 'd', type: 'symlink', linkname: sentinel.dir },
        { name: 'd', type: 'directory' },
        { name: 'd/inside', content: 'x' },
      ]),
    );
    const layer = onlyLayer();
    expect(lstatSync(join(layer, 'c')).isFile()).toBe(true);
    expect(readFileSync(join(layer, 'c'), 'utf8')).toBe('replaced');
    expect(lstatSync(join(layer, 'd')).isDirectory()).toBe(true);
    expect(exists(join(sentinel.dir, 'inside'))).toBe(false);
  });

  it('refuses hard links to host paths, outside the root or to directories', async () => {
    const cases = [
      [{ name: 'h', type: 'link' as const, linkname: sentinel.file }],
      [{ name: 'h', type: 'link' as const, linkname: `../../../../../..${sentinel.file}` }],
      [{ name: 'e', type: 'symlink' as const, linkname: sentinel.dir }, { name: 'h', type: 'link' as const, linkname: 'e/keep' }],
      [{ name: 'dir', type: 'directory' as const }, { name: 'h', type: 'link' as const, linkname: 'dir' }],
    ];
    for (const items of cases) await expectCode(importTar(await tarBuffer(items)), 'STK5105');
    expect(statSync(sentinel.file).nlink).toBe(1);
    expectNothingCommitted();
  });

  it('keeps hard links between files of the layer', async () => {
    await importTar(await tarBuffer([{ name: 'f', content: 'data' }, { name: 'g', type: 'link', linkname: '/f' }]));
    const layer = onlyLayer();
    expect(statSync(join(layer, 'g')).ino).toBe(statSync(join(layer, 'f')).ino);
  });

  it('refuses device nodes and fifos (only the 0/0 whiteout form is accepted)', async () => {
    for (const item of [
      { name: 'null', type: 'character-device' as const, devmajor: 1, devminor: 3 },
      { name: 'sda', type: 'block-device' as const, devmajor: 8, devminor: 0 },
      { name: 'pipe', type: 'fifo' as const },
    ]) {
      await expectCode(importTar(await tarBuffer([item])), 'STK5105');
    }
    expectNothingCommitted();
  });

  it('a whiteout through a symlinked parent deletes nothing outside (layer1: a -> /outside, layer2: a/.wh.keep)', async () => {
    const layer1 = await tarBuffer([{ name: 'a', type: 'symlink', linkname: sentinel.dir }]);
    const layer2 = await tarBuffer([{ name: 'a/.wh.keep', content: '' }]);
    const layer3 = await tarBuffer([
      { name: 's', type: 'symlink', linkname: sentinel.dir },
      { name: 's/.wh.keep', content: '' },
      { name: `.wh.${sentinel.dir.split('/').at(-1)!}`, content: '' },
    ]);
    await store.load(chunksOf(await legacySaveArchive([{ layers: [layer1, layer2, layer3], repoTags: ['hostile:wh'] }])));
    const resolved = await store.resolve('hostile:wh');
    const [, second, third] = resolved.layerDirs as [string, string, string];
    expect(lstatSync(join(second, 'a')).isDirectory()).toBe(true);
    const whiteout = lstatSync(join(second, 'a', 'keep'));
    expect(whiteout.isCharacterDevice() && whiteout.rdev === 0).toBe(true);
    expect(lstatSync(join(third, sentinel.dir, 'keep')).isCharacterDevice()).toBe(true);
    expect(readFileSync(sentinel.file, 'utf8')).toBe(sentinel.content);
  });

  it('stops at a symlink loop', async () => {
    await expectCode(importTar(await tarBuffer([{ name: 'l1', type: 'symlink', linkname: 'l2' }, { name: 'l2', type: 'symlink', linkname: 'l1' }, { name: 'l1/x', content: 'x' }])), 'STK5105');
    expectNothingCommitted();
  });

  it('limits the uncompressed size (a gzip bomb) and the entry count', async () => {
    const small = await ImageStore.open({ directory: join(root.path, 'small'), limits: { maxLayerBytes: 1 << 20, maxLayerEntries: 10 } });
    const bomb = gzipSync(await tarBuffer([{ name: 'zeros', content: Buffer.alloc(8 << 20) }]));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    await expectCode(small.importRootfs({ stream: chunksOf(bomb) }, 'bomb'), 'STK5110');
    const many = await tarBuffer(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: '' })));
    await expectCode(small.importRootfs({ stream: chunksOf(many) }, 'many'), 'STK5110');
    expect(readdirSync(join(root.path, 'small', 'layers'))).toEqual([]);
  });
});
