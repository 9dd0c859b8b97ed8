/**
 * Tar entry names as path components relative to a layer root. A leading `/`
 * or `./` is dropped (names are always relative to the rootfs); any `..`
 * component is refused outright rather than resolved, because a layer has no
 * business naming its parent.
 */
export type NameCheck = { readonly ok: true; readonly components: readonly string[] } | { readonly ok: false; readonly reason: string };

export function entryComponents(name: string): NameCheck {
  if (name.includes('\0')) return { ok: false, reason: 'the name contains a NUL byte' };
  const components: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { ok: false, reason: 'the name has a ".." component' };
    components.push(part);
  }
  return { ok: true, components };
}

/**
 * A hard link's target, relative to the layer root. `..` is allowed only
 * while it stays inside the root (`a/../b`), as tar writers may produce it;
 * anything that climbs above the root is refused.
 */
export function linkTargetComponents(linkname: string): NameCheck {
  if (linkname.includes('\0')) return { ok: false, reason: 'the link target contains a NUL byte' };
  const lexical: string[] = [];
  for (const part of linkname.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (lexical.length === 0) return { ok: false, reason: 'the link target leaves the layer root' };
      lexical.pop();
    } else lexical.push(part);
  }
  if (lexical.length === 0) return { ok: false, reason: 'the link target is the layer root' };
  return { ok: true, components: lexical };
}

/** OCI whiteout names (image-spec layer.md). */
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';
/** aufs bookkeeping names (`.wh..wh.plnk`, `.wh..wh.aufs`): meaningless outside aufs, skipped as Docker does. */
export const AUFS_META_PREFIX = '.wh..wh.';
