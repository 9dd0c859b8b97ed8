import { execFile } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isNodeError } from '../../../base/index.ts';

const run = promisify(execFile);

/**
 * Copies the content of `source` (a directory already resolved inside the
 * container's root filesystem) into `target` (an empty volume directory),
 * as Docker does on a volume's first use: owners, modes, timestamps, xattrs,
 * symlinks (kept as links, never followed) and hardlinks preserved, and the
 * root directory's own owner and mode applied to the volume directory.
 *
 * GNU `cp -a src/. dst` does exactly that in one process, faster than a
 * per-file walk from Node, and without following any link in the source.
 * Returns false when there was nothing to copy (source missing or not a directory).
 */
export async function copyDirectoryContents(source: string, target: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const info = await lstat(source);
    if (!info.isDirectory()) return false;
  } catch (error) {
    if (isNodeError(error, 'ENOENT') || isNodeError(error, 'ENOTDIR')) return false;
    throw error;
  }
  await run('cp', ['-a', '--', `${source}/.`, target], { signal, maxBuffer: 1 << 20 });
  return true;
}

/** True when a directory has no entries (a volume that was never populated, or emptied). */
export async function isEmptyDirectory(path: string): Promise<boolean> {
  const entries = await readdir(path);
  return entries.length === 0;
}
