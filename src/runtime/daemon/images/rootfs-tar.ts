import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { throwIfAborted } from '../../../base/errors.ts';
import { compareStrings } from '../../../base/sort.ts';
import { type PackHeader, addEntry } from './tar-pack.ts';

/**
 * A directory as a layer tar (for importing a rootfs folder): entries in
 * sorted order, numeric owners, hard links kept as links, symlinks verbatim.
 * Sockets cannot be archived and are skipped; device nodes and fifos are
 * archived as they are, and the applier then refuses them like any image's.
 */
export function packDirectory(dir: string, signal?: AbortSignal): Readable {
  const pack = tar.pack();
  const seen = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    throwIfAborted(signal);
    const abs = rel === '' ? dir : join(dir, rel);
    const stats = await lstat(abs);
    const name = rel === '' ? '.' : rel;
    const base: PackHeader = { name, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, mtime: stats.mtime };
    if (stats.isDirectory()) {
      await addEntry(pack, { ...base, type: 'directory' });
      const names = (await readdir(abs)).sort(compareStrings);
      for (const child of names) await walk(rel === '' ? child : `${rel}/${child}`);
    } else if (stats.isSymbolicLink()) {
      await addEntry(pack, { ...base, type: 'symlink', linkname: await readlink(abs) });
    } else if (stats.isFile()) {
      const inode = `${stats.dev}:${stats.ino}`;
      const first = stats.nlink > 1 ? seen.get(inode) : undefined;
      if (first !== undefined) {
        await addEntry(pack, { ...base, type: 'link', linkname: first });
        return;
      }
      if (stats.nlink > 1) seen.set(inode, name);
      await addEntry(pack, { ...base, type: 'file', size: stats.size }, createReadStream(abs, { highWaterMark: 1 << 20 }));
    } else if (stats.isCharacterDevice() || stats.isBlockDevice()) {
      const rdev = Number(stats.rdev);
      await addEntry(pack, { ...base, type: stats.isCharacterDevice() ? 'character-device' : 'block-device', devmajor: (rdev >> 8) & 0xfff, devminor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00) });
    } else if (stats.isFIFO()) {
      await addEntry(pack, { ...base, type: 'fifo' });
    }
  };
  walk('').then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return Readable.from(pack);
}
