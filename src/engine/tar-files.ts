import { pack } from 'tar-stream';

/** A file to put in a tar: its path (relative, `/` separated), bytes and owner. */
export interface TarFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly mode: number;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * A tar of small files held in memory, with their parent directories (the
 * engine's archive upload creates nothing itself): what `putArchive` takes
 * for configs and secrets copied into a container, and for `cp` from stdin.
 */
export async function tarOfFiles(files: readonly TarFile[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.path.replace(/^\/+/, '').split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (directories.has(dir)) continue;
      directories.add(dir);
      await entry(archive, { name: `${dir}/`, type: 'directory', mode: 0o755 }, undefined);
    }
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content);
    await entry(archive, { name: parts.join('/'), type: 'file', mode: file.mode, uid: file.uid ?? 0, gid: file.gid ?? 0, size: content.length }, content);
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}

function entry(archive: ReturnType<typeof pack>, header: Parameters<ReturnType<typeof pack>['entry']>[0], content: Buffer | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const callback = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content === undefined) archive.entry(header, callback);
    else archive.entry(header, content, callback);
  });
}
