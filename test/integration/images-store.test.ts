import { execFileSync } from 'node:child_process';
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore } from '../../src/runtime/daemon/images/index.ts';
import { makeBusyboxTar } from '../helpers/busybox.ts';
import { announceSkip, missingRequirements } from '../helpers/requirements.ts';
import { tempDir } from '../helpers/temp.ts';
import { chunksOf, expectCode, imageConfig, legacySaveArchive, sha256, tarBuffer } from './images-helpers.ts';

const missing = missingRequirements({ root: true, commands: ['tar', 'busybox'] });
announceSkip('image store', missing);

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function blobCount(dir: string): number {
  return readdirSync(join(dir, 'blobs', 'sha256')).length;
}

function layerDirCount(dir: string): number {
  return readdirSync(join(dir, 'layers')).filter((name) => /^\d+$/.test(name)).length;
}

describe.skipIf(missing)('image store', () => {
  let root: ReturnType<typeof tempDir>;
  let dir: string;
  let store: ImageStore;
  let inUse: Map<string, string>;
  // Made once per file: building the applet links costs a process per applet.
  let fixtures: ReturnType<typeof tempDir>;
  let busyboxTar: string;

  beforeAll(() => {
    fixtures = tempDir('stk-img-fx-');
    busyboxTar = makeBusyboxTar(fixtures.path);
  });

  afterAll(() => fixtures[Symbol.dispose]());

  beforeEach(async () => {
    root = tempDir('stk-img-');
    dir = join(root.path, 'images');
    inUse = new Map();
    store = await ImageStore.open({ directory: dir, isInUse: (id) => inUse.get(id) });
  });

  afterEach(() => root[Symbol.dispose]());

  const checkBusyboxLayer = (layer: string): void => {
    const binary = statSync(join(layer, 'bin', 'busybox'));
    expect(binary.isFile() && (binary.mode & 0o111) !== 0).toBe(true);
    expect(binary.size).toBe(statSync('/bin/busybox').size);
    expect(readlinkSync(join(layer, 'bin', 'sh'))).toBe('/bin/busybox');
    expect(readlinkSync(join(layer, 'usr', 'bin', 'env'))).toBe('/bin/busybox');
    expect(statSync(join(layer, 'tmp')).mode & 0o7777).toBe(0o1777);
  };

  it('imports a busybox rootfs from a tar file, with --change config, as Docker names it', async () => {
    const image = await store.importRootfs({ tarFile: busyboxTar }, 'busybox', { changes: ['CMD ["sh"]', 'ENV A=1', 'WORKDIR /srv'] });
    expect(image.RepoTags).toEqual(['busybox:latest']);
    expect(image.RootFS.Layers).toEqual([sha256(readFileSync(busyboxTar))]);
    expect(image.Config).toMatchObject({ Cmd: ['sh'], Env: ['A=1'], WorkingDir: '/srv', Entrypoint: null });
    expect(image.Os).toBe('linux');
    expect(image.Id).toBe(sha256(readFileSync(join(dir, 'blobs', 'sha256', image.Id.slice(7)))));
    const resolved = await store.resolve('docker.io/library/busybox:latest');
    expect(resolved.id).toBe(image.Id);
    expect(resolved.layerDirs).toHaveLength(1);
    checkBusyboxLayer(resolved.layerDirs[0]!);
    expect(store.inspect(image.Id.slice(7, 19)).Id).toBe(image.Id);
  });

  it('imports from a directory and from a gzip stream; the same tar bytes share one unpacked layer', async () => {
    const rootfs = join(fixtures.path, 'rootfs');
    const fromDir = await store.importRootfs({ directory: rootfs }, 'bb:dir');
    checkBusyboxLayer((await store.resolve('bb:dir')).layerDirs[0]!);
    const fromGzip = await store.importRootfs({ stream: createReadStream(busyboxTar).pipe((await import('node:zlib')).createGzip()) }, 'bb:gz');
    const fromTar = await store.importRootfs({ tarFile: busyboxTar }, 'bb:tar');
    expect(fromGzip.RootFS.Layers).toEqual(fromTar.RootFS.Layers);
    expect((await store.resolve('bb:gz')).layerDirs).toEqual((await store.resolve('bb:tar')).layerDirs);
    expect(fromDir.RootFS.Layers).not.toEqual(fromTar.RootFS.Layers);
    expect(layerDirCount(dir)).toBe(2);
  });

  it('loads a legacy docker save archive (plain and gzip layers, a repeated layer as a symlink)', async () => {
    const base = await tarBuffer([{ name: 'etc/', type: 'directory' }, { name: 'etc/os-release', content: 'ID=test\n' }]);
    const top = await tarBuffer([{ name: 'app/', type: 'directory' }, { name: 'app/run', content: '#!/bin/sh\n', mode: 0o755 }]);
    const archive = await legacySaveArchive([
      { layers: [base, top], repoTags: ['app:1', 'registry.local:5000/team/app:1'] },
      { layers: [base], repoTags: ['base:1'], gzipLayers: true },
    ]);
    const loaded = await store.load(chunksOf(gzipSync(archive)));
    expect(loaded.map((l) => l.refs)).toEqual([['docker.io/library/app:1', 'registry.local:5000/team/app:1'], ['docker.io/library/base:1']]);
    expect(loaded[0]!.id).toBe(sha256(imageConfig({ layers: [base, top] })));
    const app = await store.resolve('registry.local:5000/team/app:1');
    expect(app.layerDirs).toHaveLength(2);
    expect(readFileSync(join(app.layerDirs[0]!, 'etc', 'os-release'), 'utf8')).toBe('ID=test\n');
    expect(statSync(join(app.layerDirs[1]!, 'app', 'run')).mode & 0o777).toBe(0o755);
    expect((await store.resolve('base:1')).layerDirs).toEqual([app.layerDirs[0]]);
    expect(store.inspect('app:1')).toMatchObject({ RepoTags: ['app:1', 'registry.local:5000/team/app:1'], Config: { Cmd: ['sh'] }, Created: '2024-01-02T03:04:05Z' });
  });

  it('keeps ids across save and load, and writes both manifest.json and an OCI index', async () => {
    const imported = await store.importRootfs({ tarFile: busyboxTar }, 'busybox:1', { changes: ['CMD ["sh"]'] });
    await store.tag('busybox:1', 'busybox:2');
    const archive = await collect(await store.save(['busybox']));
    const names = execFileSync('tar', ['-t'], { input: archive, maxBuffer: 64 << 20 }).toString().split('\n');
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'index.json', 'oci-layout', `blobs/sha256/${imported.Id.slice(7)}`]));
    const manifest = JSON.parse(execFileSync('tar', ['-xO', 'manifest.json'], { input: archive, maxBuffer: 64 << 20 }).toString()) as { RepoTags: string[] }[];
    expect(manifest[0]!.RepoTags).toEqual(['busybox:1', 'busybox:2']);

    const other = await ImageStore.open({ directory: join(root.path, 'other') });
    const loaded = await other.load(chunksOf(archive));
    expect(loaded).toEqual([{ id: imported.Id, refs: ['docker.io/library/busybox:1', 'docker.io/library/busybox:2'] }]);
    expect(other.inspect('busybox:2').Id).toBe(imported.Id);
    checkBusyboxLayer((await other.resolve('busybox:1')).layerDirs[0]!);
    // The store's own directory is an OCI layout: archived as is, it loads through the OCI path.
    const layout = execFileSync('tar', ['-C', join(root.path, 'other'), '-c', 'oci-layout', 'index.json', 'blobs'], { maxBuffer: 64 << 20 });
    const third = await ImageStore.open({ directory: join(root.path, 'third') });
    expect(await third.load(chunksOf(layout))).toEqual(loaded);
  });

  it('tag moves a reference; remove untags, then deletes and reclaims blobs and layers', async () => {
    const a = await store.importRootfs({ tarFile: busyboxTar }, 'a:1', { created: new Date('2024-01-01T00:00:00Z') });
    const other = await tarBuffer([{ name: 'x', content: 'x' }]);
    const b = await store.importRootfs({ stream: chunksOf(other) }, 'b:1');
    await store.tag('a:1', 'shared:latest');
    expect(store.inspect('shared').Id).toBe(a.Id);
    await store.tag(b.Id, 'shared');
    expect(store.inspect('shared').Id).toBe(b.Id);
    expect(store.inspect('a:1').RepoTags).toEqual(['a:1']);

    expect(await store.remove('b:1')).toEqual([{ Untagged: 'b:1' }]);
    const blobsBefore = blobCount(dir);
    expect(await store.remove('shared')).toEqual([{ Untagged: 'shared:latest' }, { Deleted: b.Id }]);
    expect(blobCount(dir)).toBe(blobsBefore - 3);
    expect(layerDirCount(dir)).toBe(1);
    await expectCode(store.resolve('b:1'), 'STK5101');
    expect(store.list().map((image) => image.Id)).toEqual([a.Id]);
  });

  it('refuses to remove an image a container uses, and one with several references unless forced', async () => {
    const image = await store.importRootfs({ tarFile: busyboxTar }, 'used:1');
    await store.tag('used:1', 'used:2');
    await expectCode(store.remove(image.Id), 'STK5109');
    inUse.set(image.Id, 'web-1');
    await expectCode(store.remove(image.Id), 'STK5106');
    expect(await store.remove('used:1')).toEqual([{ Untagged: 'used:1' }]);
    await expectCode(store.remove('used:2'), 'STK5106');
    expect(await store.remove('used:2', { force: true })).toEqual([{ Untagged: 'used:2' }]);
    expect(store.inspect(image.Id).RepoTags).toEqual([]);
    expect((await store.prune({ all: true })).ImagesDeleted).toEqual([]);
    inUse.clear();
    const report = await store.prune();
    expect(report.ImagesDeleted).toEqual([{ Deleted: image.Id }]);
    expect(report.SpaceReclaimed).toBeGreaterThan(statSync('/bin/busybox').size);
    expect(blobCount(dir)).toBe(0);
    expect(readdirSync(join(dir, 'layers'))).toEqual([]);
  });

  it('prune keeps tagged images unless all, and noPrune leaves content for a later prune', async () => {
    await store.importRootfs({ tarFile: busyboxTar }, 'keep:1');
    const gone = await store.importRootfs({ stream: chunksOf(await tarBuffer([{ name: 'y', content: 'y' }])) }, 'gone:1');
    await store.remove('gone:1', { noPrune: true });
    expect(blobCount(dir)).toBe(6);
    expect((await store.prune()).ImagesDeleted).toEqual([]);
    expect(blobCount(dir)).toBe(3);
    expect(layerDirCount(dir)).toBe(1);
    expect(gone.Id).not.toBe(store.inspect('keep:1').Id);
    expect((await store.prune({ all: true })).ImagesDeleted).toHaveLength(2);
  });

  it('finds images by reference, id, short id and digest reference; reports not found and bad references', async () => {
    const image = await store.importRootfs({ tarFile: busyboxTar }, 'find:me');
    const manifest = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).manifests[0].digest as string;
    for (const name of ['find:me', 'docker.io/library/find:me', image.Id, image.Id.slice(7), image.Id.slice(7, 12), `find@${manifest}`]) {
      expect(store.inspect(name).Id).toBe(image.Id);
    }
    expect(() => store.inspect('find:other')).toThrow(expect.objectContaining({ code: 'STK5101', hint: expect.stringContaining('find:me') }));
    expect(() => store.inspect('Not/Valid')).toThrow(expect.objectContaining({ code: 'STK5102' }));
    await expectCode(store.tag('find:me', 'x@sha256:' + 'a'.repeat(64)), 'STK5102');
    await expectCode(store.importRootfs({ tarFile: busyboxTar }, 'x', { changes: ['RUN rm -rf /'] }), 'STK5112');
  });

  it('reports an ambiguous short id, and a store directory it cannot use', async () => {
    // 17 images: two of them must share the first hex digit of their id.
    const ids: string[] = [];
    for (let n = 0; n < 17; n++) ids.push((await store.importRootfs({ stream: chunksOf(await tarBuffer([{ name: `f${n}`, content: String(n) }])) })).Id);
    const shared = [...'0123456789abcdef'].find((c) => ids.filter((id) => id[7] === c).length > 1)!;
    expect(() => store.inspect(shared)).toThrow(expect.objectContaining({ code: 'STK5108' }));
    expect(store.list().every((image) => image.RepoTags.length === 0)).toBe(true);
    await expectCode(ImageStore.open({ directory: join(busyboxTar, 'images') }), 'STK5113');
  });

  it('refuses damaged, lying and foreign archives with their codes', async () => {
    const layer = await tarBuffer([{ name: 'f', content: 'f' }]);
    await expectCode(store.load(chunksOf(await legacySaveArchive([{ layers: [layer], diffIds: [sha256('not the layer')] }]))), 'STK5104');
    await expectCode(store.load(chunksOf(await tarBuffer([{ name: 'hello.txt', content: 'hi' }]))), 'STK5107');
    await expectCode(store.load(chunksOf(await tarBuffer([{ name: 'repositories', content: '{}' }]))), 'STK5107');
    await expectCode(store.load(chunksOf(Buffer.from('this is not a tar archive at all, not even close'.repeat(20)))), 'STK5111');
    const schema1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [] }));
    const index = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', digest: sha256(schema1), size: schema1.byteLength }] };
    const oci = await tarBuffer([{ name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' }, { name: 'index.json', content: JSON.stringify(index) }, { name: `blobs/sha256/${sha256(schema1).slice(7)}`, content: schema1 }]);
    await expectCode(store.load(chunksOf(oci)), 'STK5103');
    const truncated = await legacySaveArchive([{ layers: [layer], repoTags: ['t:1'] }]);
    await expectCode(store.load(chunksOf(truncated.subarray(0, 4000))), 'STK5111');
    const cutLayer = layer.subarray(0, 700);
    await expectCode(store.load(chunksOf(await legacySaveArchive([{ layers: [cutLayer], repoTags: ['cut:1'] }]))), 'STK5111');
    expect(store.list()).toEqual([]);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('opens a store with a damaged image: the others stay usable, the damaged one is reported and its layers kept', async () => {
    const good = await store.importRootfs({ tarFile: busyboxTar }, 'good:1');
    const bad = await store.importRootfs({ stream: chunksOf(await tarBuffer([{ name: 'b', content: 'b' }])) }, 'bad:1');
    writeFileSync(join(dir, 'blobs', 'sha256', bad.Id.slice(7)), '{"tampered": true}');
    const reopened = await ImageStore.open({ directory: dir });
    expect(reopened.list().map((image) => image.Id)).toEqual([good.Id]);
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]).toContain('bad:1');
    await reopened.prune({ all: false });
    expect(blobCount(dir)).toBe(6);
  });

  it('cancels an import with its AbortSignal and leaves nothing behind', async () => {
    const controller = new AbortController();
    const tar = readFileSync(busyboxTar);
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield tar.subarray(0, 64 * 1024);
      controller.abort();
      yield tar.subarray(64 * 1024);
    }
    await expectCode(store.importRootfs({ stream: slow() }, 'cancel:1', { signal: controller.signal }), 'STK5099');
    expect(store.list()).toEqual([]);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(readdirSync(join(dir, 'layers'))).toEqual([]);
  });

  it('unpacks again a layer whose directory went missing, once, keyed by chain id', async () => {
    const image = await store.importRootfs({ tarFile: busyboxTar }, 'again:1');
    const [layer] = (await store.resolve('again:1')).layerDirs;
    execFileSync('rm', ['-rf', layer!, `${layer!}.json`]);
    const reopened = await ImageStore.open({ directory: dir });
    const [first, second] = await Promise.all([reopened.resolve(image.Id), reopened.resolve('again:1')]);
    expect(first.layerDirs).toEqual(second.layerDirs);
    checkBusyboxLayer(first.layerDirs[0]!);
    expect(layerDirCount(dir)).toBe(1);
  });

  it('survives a reopen, and concurrent operations leave a consistent index.json', async () => {
    const base = await store.importRootfs({ tarFile: busyboxTar }, 'c:base');
    const tars = await Promise.all([1, 2, 3].map((n) => tarBuffer([{ name: `file${n}`, content: String(n) }])));
    await Promise.all([
      ...tars.map((tar, n) => store.importRootfs({ stream: chunksOf(tar) }, `c:import${n}`)),
      ...Array.from({ length: 20 }, (_, n) => store.tag('c:base', `c:tag${n}`)),
    ]);
    const reopened = await ImageStore.open({ directory: dir });
    expect(reopened.list()).toEqual(store.list());
    expect(reopened.inspect(base.Id).RepoTags).toHaveLength(21);
    for (const n of [0, 1, 2]) expect(reopened.inspect(`c:import${n}`).RepoTags).toEqual([`c:import${n}`]);
    expect(lstatSync(join(dir, 'oci-layout')).isFile()).toBe(true);
  });
});
