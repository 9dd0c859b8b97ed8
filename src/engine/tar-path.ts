import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, chown, lstat, mkdir, readdir, readlink, stat, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, pack } from 'tar-stream';
import { StackError } from '../base/index.ts';

/**
 * Host paths to and from tar streams, for `stack cp`: what the engine's
 * archive API sends and takes. Extraction never writes outside its target
 * directory (no `..`, no absolute names, no link followed out of it).
 */

/** A tar of `path` (a file or a directory tree) whose top entry is named `name`. */
export function tarOfPath(path: string, name: string, options: { readonly followLink?: boolean; readonly keepOwner?: boolean } = {}): Readable {
  const archive = pack();
  void (async () => {
    try {
      await addTree(archive, path, name, options, true);
      archive.finalize();
    } catch (error) {
      archive.destroy(error as Error);
    }
  })();
  return Readable.from(archive);
}

async function addTree(archive: ReturnType<typeof pack>, path: string, name: string, options: { readonly followLink?: boolean; readonly keepOwner?: boolean }, top: boolean): Promise<void> {
  const info = top && options.followLink ? await stat(path) : await lstat(path);
  const owner = options.keepOwner ? { uid: info.uid, gid: info.gid } : { uid: 0, gid: 0 };
  const header = { name, mode: info.mode & 0o7777, mtime: info.mtime, ...owner };
  if (info.isDirectory()) {
    await entry(archive, { ...header, type: 'directory' });
    for (const child of (await readdir(path)).sort()) await addTree(archive, join(path, child), `${name}/${child}`, options, false);
  } else if (info.isSymbolicLink()) {
    await entry(archive, { ...header, type: 'symlink', linkname: await readlink(path) });
  } else if (info.isFile()) {
    await new Promise<void>((resolve, reject) => {
      const sink = archive.entry({ ...header, type: 'file', size: info.size }, (error) => (error ? reject(error) : resolve()));
      createReadStream(path).on('error', reject).pipe(sink);
    });
  }
}

function entry(archive: ReturnType<typeof pack>, header: Parameters<ReturnType<typeof pack>['entry']>[0]): Promise<void> {
  return new Promise((resolve, reject) => archive.entry(header, (error) => (error ? reject(error) : resolve())));
}

/**
 * Extracts a tar into `directory`. `rename` replaces the first path
 * component of every entry (copying `dir` to a new name `dest`).
 */
export async function extractTar(tar: Readable, directory: string, options: { readonly rename?: string; readonly keepOwner?: boolean } = {}): Promise<void> {
  const parser = extract();
  const done = pipeline(tar, parser);
  for await (const item of parser) {
    const header = item.header;
    const name = options.rename !== undefined ? renameTop(header.name, options.rename) : header.name;
    const target = inside(directory, name);
    if (header.type === 'directory') {
      await mkdir(target, { recursive: true });
      await chmod(target, (header.mode ?? 0o755) & 0o7777);
    } else if (header.type === 'file' || header.type === 'contiguous-file') {
      await mkdir(dirname(target), { recursive: true });
      await pipeline(item, createWriteStream(target, { mode: (header.mode ?? 0o644) & 0o7777 }));
      await chmod(target, (header.mode ?? 0o644) & 0o7777);
    } else if (header.type === 'symlink' && header.linkname) {
      await mkdir(dirname(target), { recursive: true });
      await symlink(header.linkname, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    if (options.keepOwner && header.type !== 'symlink') await chown(target, header.uid ?? 0, header.gid ?? 0);
    item.resume();
  }
  await done;
}

function renameTop(name: string, to: string): string {
  const parts = name.replace(/^\.\//, '').split('/');
  parts[0] = to;
  return parts.join('/');
}

function inside(directory: string, name: string): string {
  const clean = normalize(name);
  const target = join(directory, clean);
  const rel = relative(directory, target);
  if (isAbsolute(clean) || rel === '..' || rel.startsWith(`..${sep}`)) {
    throw new StackError({ code: 'STK5010', errorClass: 'InvalidArgument', message: `the archive names a path outside the destination: ${name}`, hint: 'copy from a path inside the container' });
  }
  return target;
}
