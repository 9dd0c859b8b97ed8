import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { expect } from 'vitest';
import { isStackError } from '../../src/base/errors.ts';
import { uniqueId } from '../helpers/temp.ts';

/** Helpers shared by the image store's integration tests (test/integration/images-*.test.ts). */

export interface TarItem {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';
  readonly content?: string | Buffer;
  readonly linkname?: string;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly devmajor?: number;
  readonly devminor?: number;
  readonly pax?: Record<string, string>;
}

/** A tar archive built with tar-stream, in memory (malicious layers included: nothing here sanitizes). */
export async function tarBuffer(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const item of items) {
    const content = item.content === undefined ? undefined : Buffer.from(item.content);
    const header = {
      name: item.name,
      type: item.type ?? 'file',
      mode: item.mode ?? (item.type === 'directory' ? 0o755 : 0o644),
      uid: item.uid ?? 0,
      gid: item.gid ?? 0,
      mtime: new Date(1_700_000_000_000),
      ...(item.linkname === undefined ? {} : { linkname: item.linkname }),
      ...(item.devmajor === undefined ? {} : { devmajor: item.devmajor, devminor: item.devminor ?? 0 }),
      ...(item.pax === undefined ? {} : { pax: item.pax }),
    };
    await new Promise<void>((resolve, reject) => {
      const cb = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (content) pack.entry({ ...header, size: content.byteLength }, content, cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function sha256(data: Buffer | string): `sha256:${string}` {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function* chunksOf(buffer: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buffer.byteLength; i += size) yield buffer.subarray(i, i + size);
}

export interface ArchiveImageSpec {
  readonly layers: readonly Buffer[];
  readonly repoTags?: readonly string[] | null;
  readonly config?: Record<string, unknown>;
  /** Layer files stored gzip-compressed, as some producers do. */
  readonly gzipLayers?: boolean;
  /** Override the diff ids written in the config (to make a lying archive). */
  readonly diffIds?: readonly string[];
}

/** The config JSON of an image made of these layers (diff ids computed from the uncompressed tars). */
export function imageConfig(spec: ArchiveImageSpec): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2024-01-02T03:04:05Z',
      config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
      ...spec.config,
      rootfs: { type: 'layers', diff_ids: spec.diffIds ?? spec.layers.map((layer) => sha256(layer)) },
      history: spec.layers.map(() => ({ created: '2024-01-02T03:04:05Z', created_by: 'test' })),
    }),
  );
}

/**
 * A `docker save` archive in the legacy layout docker 20.10 writes:
 * `<hex>.json` configs, `<layer id>/layer.tar`, manifest.json, and a symlink
 * for a layer repeated in a second image, as docker does.
 */
export async function legacySaveArchive(images: readonly ArchiveImageSpec[]): Promise<Buffer> {
  const items: TarItem[] = [];
  const manifest: unknown[] = [];
  const written = new Map<string, string>();
  for (const image of images) {
    const config = imageConfig(image);
    const configName = `${sha256(config).slice(7)}.json`;
    items.push({ name: configName, content: config });
    const layers: string[] = [];
    for (const layer of image.layers) {
      const data = image.gzipLayers ? gzipSync(layer) : layer;
      const id = sha256(Buffer.concat([Buffer.from(configName), data])).slice(7);
      const name = `${id}/layer.tar`;
      const first = written.get(sha256(data));
      items.push({ name: `${id}`, type: 'directory' });
      items.push({ name: `${id}/VERSION`, content: '1.0' });
      if (first) items.push({ name, type: 'symlink', linkname: `../${first}` });
      else {
        items.push({ name, content: data });
        written.set(sha256(data), name);
      }
      layers.push(name);
    }
    manifest.push({ Config: configName, RepoTags: image.repoTags === undefined ? null : image.repoTags, Layers: layers });
  }
  items.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  return tarBuffer(items);
}

/** A directory outside every store, with one file, to prove that nothing reached it. */
export function makeSentinel(): { readonly dir: string; readonly file: string; readonly content: string; snapshot(): string; remove(): void } {
  const dir = `/tmp/stk-sentinel-${uniqueId(10)}`;
  mkdirSync(dir);
  const file = join(dir, 'keep');
  const content = `sentinel ${uniqueId(8)}\n`;
  writeFileSync(file, content);
  const snapshot = (): string =>
    JSON.stringify(
      readdirSync(dir)
        .sort()
        .map((name) => {
          const stats = lstatSync(join(dir, name));
          return [name, stats.mode, stats.nlink, stats.size, stats.isFile() ? readFileSync(join(dir, name), 'utf8') : ''];
        }),
    );
  return { dir, file, content, snapshot, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Asserts a promise fails with a StackError of this code (tests assert codes, not message text). */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${code}`).toBeDefined();
  expect(isStackError(error) ? error.code : error).toBe(code);
}

export function exists(path: string): boolean {
  return existsSync(path) || isDanglingLink(path);
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
