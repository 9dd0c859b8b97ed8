import { lstat, mkdir, readlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { isNodeError } from '../../../base/index.ts';

const MAX_SYMLINK_HOPS = 255;

/**
 * Resolves `path` as the container would see it, inside `root`: every
 * symlink is followed and re-resolved against the root (an absolute target
 * means the container's `/`, not the host's), and `..` stops at the root.
 * The result is a host path under `root` (securejoin's semantics, which Node
 * has no openat2(RESOLVE_IN_ROOT) for). Components after the first missing
 * one are appended as they are, so the result can name a path to create.
 *
 * Used for /etc/passwd, the working directory and volume copy-up: an image
 * with `etc -> /` or `data -> ../../../host` must never make us read or write
 * outside its root.
 */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const resolved: string[] = [];
  const remaining = splitPath(path);
  let hops = 0;
  let missing = false;
  while (remaining.length > 0) {
    const part = remaining.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    if (missing) {
      resolved.push(part);
      continue;
    }
    const candidate = joinRoot(root, [...resolved, part]);
    let isLink = false;
    try {
      isLink = (await lstat(candidate)).isSymbolicLink();
    } catch (error) {
      if (!isNodeError(error, 'ENOENT') && !isNodeError(error, 'ENOTDIR')) throw error;
      missing = true;
      resolved.push(part);
      continue;
    }
    if (!isLink) {
      resolved.push(part);
      continue;
    }
    hops += 1;
    if (hops > MAX_SYMLINK_HOPS) throw Object.assign(new Error(`too many levels of symbolic links resolving ${path}`), { code: 'ELOOP' });
    const target = await readlink(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    remaining.unshift(...splitPath(target));
  }
  return joinRoot(root, resolved);
}

/**
 * `mkdir -p` inside a root: each missing component is created (mode 0755,
 * owned by root as Docker does for WORKDIR) at its in-root resolved place,
 * so a symlinked parent in the image cannot redirect the creation outside.
 */
export async function mkdirInRoot(root: string, path: string): Promise<string> {
  // Lexically clean first, as Docker does for WORKDIR; symlinks are then resolved in-root per component.
  const parts = splitPath(posix.normalize(`/${path}`));
  let current = '/';
  for (const part of parts) {
    current = current === '/' ? `/${part}` : `${current}/${part}`;
    // The resolved path has no links left in it (each was replaced by its in-root target), so creating
    // the missing directories along it, a link's own target included, cannot leave the root.
    await mkdir(await resolveInRoot(root, current), { recursive: true, mode: 0o755 });
  }
  return resolveInRoot(root, path);
}

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

function joinRoot(root: string, parts: readonly string[]): string {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return parts.length === 0 ? base : `${base}/${parts.join('/')}`;
}
