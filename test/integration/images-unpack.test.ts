import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackLayer } from '../../src/runtime/daemon/images/layer-unpack.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { chunksOf, expectCode, sha256, tarBuffer, type TarItem } from './images-helpers.ts';

const missing = missingRequirements({ root: true, commands: ['tar'] });
announceSkip('layer unpacking: metadata and replacement', missing);

const limits = { maxBytes: 1 << 30, maxEntries: 100_000 };
const MTIME = 1_700_000_000;

/** What a layer applies besides content: owners, modes, times, and entries of one layer replacing each other. */
describe.skipIf(missing)('layer unpacking: metadata and replacement', () => {
  let root: ReturnType<typeof tempDir>;
  let layer: string;

  beforeEach(() => {
    root = tempDir('stk-img-unpack-');
    layer = join(root.path, 'layer');
    mkdirSync(layer);
  });

  afterEach(() => root[Symbol.dispose]());

  const unpack = async (items: readonly TarItem[], lowerDirs: readonly string[] = []) => {
    const tar = await tarBuffer(items);
    const result = await unpackLayer(chunksOf(tar, 1000), layer, { compression: 'none', lowerDirs, limits });
    expect(result.diffId).toBe(sha256(tar));
    return result;
  };

  it('applies owners, modes (setuid and sticky kept) and modification times to files, directories and symlinks', async () => {
    const result = await unpack([
      { name: 'srv/', type: 'directory', mode: 0o750, uid: 1234, gid: 4321 },
      { name: 'srv/tool', content: 'x', mode: 0o4755, uid: 1000, gid: 1001 },
      { name: 'srv/link', type: 'symlink', linkname: 'tool', uid: 1000, gid: 1000 },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
      { name: 'big-ids', content: 'y', pax: { uid: '3000000', gid: '3000001' } },
    ]);
    const tool = statSync(join(layer, 'srv', 'tool'));
    expect([tool.uid, tool.gid, tool.mode & 0o7777, tool.mtimeMs / 1000]).toEqual([1000, 1001, 0o4755, MTIME]);
    const srv = statSync(join(layer, 'srv'));
    expect([srv.uid, srv.gid, srv.mode & 0o7777, srv.mtimeMs / 1000]).toEqual([1234, 4321, 0o750, MTIME]);
    const link = lstatSync(join(layer, 'srv', 'link'));
    expect([link.uid, link.gid, link.mtimeMs / 1000]).toEqual([1000, 1000, MTIME]);
    expect(statSync(join(layer, 'tmp')).mode & 0o7777).toBe(0o1777);
    expect([statSync(join(layer, 'big-ids')).uid, statSync(join(layer, 'big-ids')).gid]).toEqual([3000000, 3000001]);
    expect(result).toMatchObject({ entries: 5, fileBytes: 2, whiteouts: 0 });
  });

  it('gives root-owned files in a setgid directory the group the entry says, not the directory group', async () => {
    await unpack([
      { name: 'mail/', type: 'directory', mode: 0o2775, gid: 8 },
      { name: 'mail/box', content: 'm' },
      { name: 'mail/sub/', type: 'directory' },
    ]);
    expect(statSync(join(layer, 'mail', 'box')).gid).toBe(0);
    expect(statSync(join(layer, 'mail', 'sub')).gid).toBe(0);
  });

  it('later entries replace earlier ones of the same layer, whatever their types', async () => {
    await unpack([
      { name: 'a/', type: 'directory' },
      { name: 'a/inner', content: 'inner' },
      { name: 'a', content: 'now a file' },
      { name: 'b', content: 'file' },
      { name: 'b/', type: 'directory' },
      { name: 'b/x', content: 'x' },
      { name: 'c', content: 'file' },
      { name: 'c', type: 'symlink', linkname: '/nowhere' },
      { name: 'd', content: 'first' },
      { name: 'd', content: 'second' },
      { name: 'e', content: 'e' },
      { name: 'f', type: 'link', linkname: 'e' },
      { name: 'e', content: 'new e' },
    ]);
    expect(readFileSync(join(layer, 'a'), 'utf8')).toBe('now a file');
    expect(readdirSync(join(layer, 'b'))).toEqual(['x']);
    expect(readlinkSync(join(layer, 'c'))).toBe('/nowhere');
    expect(readFileSync(join(layer, 'd'), 'utf8')).toBe('second');
    expect(readFileSync(join(layer, 'f'), 'utf8')).toBe('e');
    expect(readFileSync(join(layer, 'e'), 'utf8')).toBe('new e');
  });

  it('writes whiteouts as 0/0 character devices, accepts the overlay forms, skips aufs metadata, refuses a bare .wh.', async () => {
    const lower = join(root.path, 'lower');
    mkdirSync(join(lower, 'opaque', 'deep'), { recursive: true });
    mkdirSync(join(lower, 'xattr-opaque'), { recursive: true });
    for (const file of ['opaque/one', 'opaque/deep/two', 'xattr-opaque/three']) writeFileSync(join(lower, file), file);
    const result = await unpack(
      [
        { name: '.wh.gone', content: '' },
        { name: 'dev0', type: 'character-device', devmajor: 0, devminor: 0 },
        { name: '.wh..wh.plnk/', type: 'directory' },
        { name: 'opaque/', type: 'directory' },
        { name: 'opaque/.wh..wh..opq', content: '' },
        { name: 'opaque/deep/', type: 'directory' },
        { name: 'xattr-opaque/', type: 'directory', pax: { 'SCHILY.xattr.trusted.overlay.opaque': 'y', 'SCHILY.xattr.user.note': 'dropped' } },
      ],
      [lower],
    );
    const whiteouts = ['gone', 'dev0', 'opaque/one', 'opaque/deep/two', 'xattr-opaque/three'];
    for (const path of whiteouts) {
      const stats = lstatSync(join(layer, path));
      expect(stats.isCharacterDevice() && stats.rdev === 0, path).toBe(true);
    }
    expect(readdirSync(layer).sort()).toEqual(['dev0', 'gone', 'opaque', 'xattr-opaque']);
    expect(result).toMatchObject({ whiteouts: 5, droppedXattrs: 1 });
    await expectCode(unpack([{ name: 'dir/.wh.', content: '' }]), 'STK5105');
  });

  it('reports a parent that is a file, a name the file system refuses, and a layer that is not a tar', async () => {
    await expectCode(unpack([{ name: 'f', content: 'x' }, { name: 'f/child', content: 'y' }]), 'STK5111');
    await expectCode(unpack([{ name: `dir/${'n'.repeat(300)}`, content: 'long' }]), 'STK5111');
    await expectCode(unpackLayer(chunksOf(Buffer.alloc(2048, 7)), layer, { compression: 'none', lowerDirs: [], limits }), 'STK5111');
    await expectCode(unpackLayer(chunksOf(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])), layer, { compression: 'gzip', lowerDirs: [], limits }), 'STK5111');
  });
});
