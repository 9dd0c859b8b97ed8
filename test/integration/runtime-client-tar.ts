import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { extract, pack } from 'tar-stream';

/** Tar archives for the runtime client suite: copy-in files, build contexts, `docker save` archives. */

export interface TarFile {
  readonly name: string;
  readonly content: string | Buffer;
  readonly mode?: number;
}

export async function makeTar(files: readonly TarFile[]): Promise<Buffer> {
  const archive = pack();
  for (const file of files) archive.entry({ name: file.name, mode: file.mode ?? 0o644, mtime: new Date(0) }, Buffer.from(file.content));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Regular files of a tar stream, by name (without a leading `./`). */
export async function readTar(source: Readable | Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
      if (entry.header.type === 'file') files.set(entry.header.name.replace(/^\.\//, ''), Buffer.concat(chunks));
    }
  })();
  if (Buffer.isBuffer(source)) reader.end(source);
  else source.pipe(reader);
  await done;
  return files;
}

/**
 * A `docker save` archive (the legacy layout every engine loads) of a
 * one-layer image: the layer is a root filesystem tar, the config names its
 * diff id and a command.
 */
export async function makeSaveArchive(layerTarPath: string, repoTag: string, cmd: readonly string[]): Promise<Buffer> {
  const layer = readFileSync(layerTarPath);
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config: { Cmd: cmd, Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created: '2024-01-01T00:00:00Z', created_by: 'stack test' }],
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: ['layer/layer.tar'] }]);
  return makeTar([
    { name: 'layer/layer.tar', content: layer },
    { name: configName, content: config },
    { name: 'manifest.json', content: manifest },
  ]);
}
