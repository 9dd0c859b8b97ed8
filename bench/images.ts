/**
 * Image store figures: import and unpack of the busybox rootfs and of a
 * 50 MB synthetic layer, plus save and load of the synthetic image. Prints
 * medians; asserts nothing. Needs root (layers keep owners). Run with
 * `node bench/images.mjs`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { ImageStore } from '../src/runtime/daemon/images/index.ts';
import { unpackLayer } from '../src/runtime/daemon/images/layer-unpack.ts';
import { makeBusyboxRootfs } from '../test/helpers/busybox.ts';

const runs = Number(process.env.RUNS ?? 5);
const work = await mkdtemp(join(tmpdir(), 'stk-bench-images-'));
const limits = { maxBytes: 2 ** 40, maxEntries: 1e7 };

async function writeTar(path: string, fill: (pack: tar.Pack) => Promise<void>): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(path));
  await fill(pack);
  pack.finalize();
  await done;
}

function entry(pack: tar.Pack, header: Parameters<tar.Pack['entry']>[0], content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (error?: Error | null): void => (error ? reject(error) : resolve());
    if (content) pack.entry({ ...header, size: content.byteLength }, content, cb);
    else pack.entry(header, cb);
  });
}

/** 50 MB: a 20 MB random file, a 10 MB file of zeros, 2,000 files of 10 KB of text in 100 dirs, 1,000 symlinks. */
async function syntheticLayer(path: string): Promise<void> {
  await writeTar(path, async (pack) => {
    const mtime = new Date(1_700_000_000_000);
    await entry(pack, { name: 'big/', type: 'directory', mtime });
    await entry(pack, { name: 'big/random.bin', mtime }, randomBytes(20 << 20));
    await entry(pack, { name: 'big/zeros.bin', mtime }, Buffer.alloc(10 << 20));
    const text = Buffer.from(randomBytes(5 << 10).toString('hex'));
    for (let d = 0; d < 100; d++) {
      await entry(pack, { name: `files/d${d}/`, type: 'directory', mtime });
      for (let f = 0; f < 20; f++) await entry(pack, { name: `files/d${d}/f${f}.txt`, mtime, mode: 0o644 }, text);
      for (let l = 0; l < 10; l++) await entry(pack, { name: `files/d${d}/link${l}`, type: 'symlink', linkname: `f${l}.txt`, mtime });
    }
  });
}

async function measure(name: string, bytes: number, run: (i: number) => Promise<void>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const mbps = bytes / (1 << 20) / (median / 1000);
  console.log(`${name.padEnd(56)} median ${median.toFixed(1).padStart(8)} ms   min ${times[0]!.toFixed(1).padStart(8)} ms   ${mbps.toFixed(0).padStart(6)} MB/s`);
}

let counter = 0;
const fresh = (): string => {
  const dir = join(work, `run-${counter++}`);
  mkdirSync(dir);
  return dir;
};

try {
  const rootfs = makeBusyboxRootfs(join(work, 'busybox'));
  const busyboxTar = join(work, 'busybox.tar');
  execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-cf', busyboxTar, '.']);
  const synthetic = join(work, 'synthetic.tar');
  await syntheticLayer(synthetic);
  const busyboxBytes = statSync(busyboxTar).size;
  const syntheticBytes = statSync(synthetic).size;
  console.log(`busybox rootfs tar ${(busyboxBytes / 1e6).toFixed(1)} MB; synthetic layer tar ${(syntheticBytes / 1e6).toFixed(1)} MB; ${runs} runs each; node ${process.version}; MB/s of uncompressed tar unless said`);

  for (const [label, file, bytes] of [['busybox', busyboxTar, busyboxBytes], ['synthetic 50 MB', synthetic, syntheticBytes]] as const) {
    await measure(`baseline: GNU tar -x (${label})`, bytes, async () => {
      execFileSync('tar', ['-xf', file, '-C', fresh()]);
    });
    await measure(`unpack only (${label})`, bytes, async () => {
      await unpackLayer(createReadStream(file, { highWaterMark: 1 << 20 }), fresh(), { compression: 'none', lowerDirs: [], limits });
    });
    await measure(`import tar file: hash + gzip + unpack (${label})`, bytes, async () => {
      const store = await ImageStore.open({ directory: fresh() });
      await store.importRootfs({ tarFile: file }, 'bench:1');
    });
  }
  await measure('import directory (busybox)', busyboxBytes, async () => {
    const store = await ImageStore.open({ directory: fresh() });
    await store.importRootfs({ directory: rootfs }, 'bench:1');
  });

  const source = await ImageStore.open({ directory: fresh() });
  await source.importRootfs({ tarFile: synthetic }, 'bench:synthetic');
  const archive = join(work, 'synthetic-save.tar');
  await pipeline(await source.save(['bench:synthetic']), createWriteStream(archive));
  const archiveBytes = statSync(archive).size;
  console.log(`save archive of the synthetic image: ${(archiveBytes / 1e6).toFixed(1)} MB (its layer blob is stored gzip)`);
  await measure('save (synthetic), MB/s of archive', archiveBytes, async () => {
    await pipeline(await source.save(['bench:synthetic']), new Writable({ write: (_chunk, _encoding, next) => next() }));
  });
  await measure('load of that archive: stage + verify + unpack', syntheticBytes, async () => {
    const store = await ImageStore.open({ directory: fresh() });
    await store.load(createReadStream(archive));
  });
  await measure('load again into the same store (layer known)', syntheticBytes, async () => {
    await source.load(createReadStream(archive));
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
