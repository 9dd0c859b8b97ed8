import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveInvalid, unsafeLayerEntry } from './image-errors.ts';

/** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS is 40; securejoin allows 255). */
export const MAX_SYMLINK_HOPS = 255;

export interface ResolveOptions {
  /** The tar entry being applied, for error messages. */
  readonly entry: string;
  /** Called for a missing directory (relative path) when creation is wanted; absent means "report missing". */
  readonly createDir?: (rel: string) => Promise<void>;
  /** Results by literal prefix; the caller clears it whenever it removes a directory or a symlink. */
  readonly cache?: Map<string, string>;
}

/**
 * Resolves directory components inside `root` the way `openat2(RESOLVE_IN_ROOT)`
 * would, which Node lacks: walk component by component with lstat; a symlink
 * is read and its target re-walked against the root (an absolute target
 * restarts at the root, `..` stops at the root), so no path, however the links
 * are laid, reaches outside. Returns the resolved path relative to the root
 * ('' for the root), or undefined when a component is missing and no
 * createDir was given.
 *
 * Only the caller writes in the root while this runs (a layer being unpacked
 * into a private directory), so there is no race between the walk and the use.
 */
export async function resolveDirInRoot(root: string, components: readonly string[], options: ResolveOptions): Promise<string | undefined> {
  const cache = options.cache;
  let start = 0;
  let resolved: string[] = [];
  if (cache) {
    for (let i = components.length; i > 0; i--) {
      const hit = cache.get(components.slice(0, i).join('/'));
      if (hit !== undefined) {
        if (i === components.length) return hit;
        start = i;
        resolved = hit === '' ? [] : hit.split('/');
        break;
      }
    }
  }
  for (let i = start; i < components.length; i++) {
    const result = await walk(root, resolved, [components[i]!], options);
    if (result === undefined) return undefined;
    resolved = result;
    cache?.set(components.slice(0, i + 1).join('/'), resolved.join('/'));
  }
  return resolved.join('/');
}

async function walk(root: string, from: readonly string[], components: readonly string[], options: ResolveOptions): Promise<string[] | undefined> {
  const resolved = [...from];
  const queue = [...components];
  let hops = 0;
  while (queue.length > 0) {
    const component = queue.shift()!;
    if (component === '' || component === '.') continue;
    if (component === '..') {
      resolved.pop();
      continue;
    }
    const rel = [...resolved, component].join('/');
    const abs = join(root, rel);
    const stats = await lstat(abs).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stats === undefined) {
      if (!options.createDir) return undefined;
      await options.createDir(rel);
      resolved.push(component);
    } else if (stats.isDirectory()) {
      resolved.push(component);
    } else if (stats.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS) throw unsafeLayerEntry(options.entry, 'too many levels of symbolic links');
      const target = await readlink(abs);
      if (target.startsWith('/')) resolved.length = 0;
      queue.unshift(...target.split('/'));
    } else {
      throw archiveInvalid(`layer entry "${options.entry}": parent "${rel}" is not a directory`);
    }
  }
  return resolved;
}
