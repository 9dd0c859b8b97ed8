import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { BackgroundWrites } from './background-writes.ts';
import { AUFS_META_PREFIX, OPAQUE_WHITEOUT, WHITEOUT_PREFIX, entryComponents, linkTargetComponents } from './entry-name.ts';
import { archiveInvalid, layerTooLarge, unsafeLayerEntry } from './image-errors.ts';
import type { ApplyOptions, ApplyResult } from './layer-apply.ts';
import { type EntryMetadata, type TarEntry, ignoreMissing, lstatOrUndefined, metadataOf, readAll } from './layer-entry.ts';
import { LowerView } from './lower-view.ts';
import { resolveDirInRoot } from './resolve-in-root.ts';
import { createWhiteoutNodes } from './whiteout-nodes.ts';

const XATTR_PREFIX = 'SCHILY.xattr.';
/** Files up to this size are read whole and written in the background (at most MAX_INFLIGHT at once). */
const SMALL_FILE = 256 * 1024;
const MAX_INFLIGHT = 16;
const OPAQUE_XATTR = `${XATTR_PREFIX}trusted.overlay.opaque`;

/** The state of one layer being applied; see applyLayer for the rules. */
export class LayerApplier {
  readonly #root: string;
  readonly #options: ApplyOptions;
  readonly #lower: LowerView;
  readonly #cache = new Map<string, string>();
  /** Whiteouts to create at the end (paths relative to the root); a later entry at the same path cancels one. */
  readonly #pending = new Set<string>();
  readonly #opaque = new Set<string>();
  /** Directory times are set last: creating children changes them. */
  readonly #dirTimes = new Map<string, EntryMetadata>();
  readonly #setgidDirs = new Set<string>();
  readonly #background = new BackgroundWrites(MAX_INFLIGHT);
  readonly #uid = process.geteuid?.() ?? -1;
  readonly #gid = process.getegid?.() ?? -1;
  #entries = 0;
  #fileBytes = 0;
  #droppedXattrs = 0;

  constructor(root: string, options: ApplyOptions) {
    this.#root = root;
    this.#options = options;
    this.#lower = new LowerView(options.lowerDirs);
  }

  async apply(entry: TarEntry): Promise<void> {
    const header = entry.header;
    const name = header.name;
    if (++this.#entries > this.#options.maxEntries) throw layerTooLarge('layer entry count', String(this.#options.maxEntries));
    const check = entryComponents(name);
    if (!check.ok) throw unsafeLayerEntry(name, check.reason);
    const components = check.components;
    const meta = metadataOf(header);
    const type = header.type ?? 'file';
    if (type !== 'file' && type !== 'contiguous-file') entry.resume();

    if (components.length === 0) {
      if (type !== 'directory') throw unsafeLayerEntry(name, 'the layer root can only be a directory');
      await this.#setDirectoryEntryMetadata('', meta);
      return;
    }
    const base = components[components.length - 1]!;
    if (base.startsWith(WHITEOUT_PREFIX)) {
      entry.resume();
      await this.#applyWhiteoutEntry(name, components, base);
      return;
    }
    const parent = await this.#parent(name, components);
    const rel = parent === '' ? base : `${parent}/${base}`;
    const abs = join(this.#root, rel);
    this.#countXattrs(header.pax, type === 'directory');
    // An earlier entry at the same name may still be finishing in the background.
    await this.#background.wait(rel);

    switch (type) {
      case 'directory': {
        this.#claim(rel, true);
        try {
          await mkdir(abs, { mode: 0o700 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const existing = await lstat(abs);
          if (!existing.isDirectory()) {
            await this.#remove(rel, existing);
            await mkdir(abs, { mode: 0o700 });
          }
        }
        if (header.pax?.[OPAQUE_XATTR] === 'y') this.#opaque.add(rel);
        await this.#setDirectoryEntryMetadata(rel, meta);
        return;
      }
      case 'file':
      case 'contiguous-file': {
        this.#claim(rel, false);
        const handle = await this.#createAt(rel, () => open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
        if ((header.size ?? 0) > SMALL_FILE) {
          await this.#writeFile(rel, handle, entry, meta);
          return;
        }
        // Small files: the content is read now (the tar stream is sequential), the writes overlap with the next entries.
        let content: Buffer;
        try {
          content = await readAll(entry);
        } catch (error) {
          await handle.close();
          throw error;
        }
        await this.#background.run(rel, () => this.#writeFile(rel, handle, [content], meta));
        return;
      }
      case 'symlink': {
        const target = header.linkname ?? '';
        if (target === '') throw archiveInvalid(`layer entry "${name}": symlink with an empty target`);
        this.#claim(rel, false);
        // The target is kept verbatim: absolute targets (/etc/alternatives/x) are legitimate inside a rootfs.
        await this.#createAt(rel, () => symlink(target, abs));
        const chown = this.#needsChown(rel, meta);
        await this.#background.run(rel, async () => {
          if (chown) await lchown(abs, meta.uid, meta.gid);
          await lutimes(abs, meta.atime, meta.mtime);
        });
        return;
      }
      case 'link':
        await this.#hardLink(name, rel, header.linkname ?? '');
        return;
      case 'character-device':
        if ((header.devmajor ?? 0) === 0 && (header.devminor ?? 0) === 0) {
          await this.#whiteout(rel);
          return;
        }
        throw unsafeLayerEntry(name, 'character devices are not allowed in images');
      case 'block-device':
        throw unsafeLayerEntry(name, 'block devices are not allowed in images');
      case 'fifo':
        throw unsafeLayerEntry(name, 'fifos are not allowed in images');
      default:
        throw unsafeLayerEntry(name, `unsupported entry type ${type}`);
    }
  }

  async finish(): Promise<ApplyResult> {
    await this.#background.settle();
    for (const rel of [...this.#opaque].sort()) {
      const stats = await lstatOrUndefined(join(this.#root, rel));
      if (stats?.isDirectory()) await this.#hideLower(rel);
    }
    const whiteouts = [...this.#pending].sort();
    await this.#checkWhiteoutParents(whiteouts);
    await createWhiteoutNodes(this.#root, whiteouts, this.#options.signal);
    for (const [rel, meta] of this.#dirTimes) {
      await lutimes(join(this.#root, rel), meta.atime, meta.mtime).catch(ignoreMissing);
    }
    return { entries: this.#entries, fileBytes: this.#fileBytes, whiteouts: whiteouts.length, droppedXattrs: this.#droppedXattrs };
  }

  /**
   * Whiteouts are made by GNU tar, which would follow a symlink in a parent
   * path. They are planned under real directories only, and this checks it
   * again just before: a parent that resolves through a link is refused.
   */
  async #checkWhiteoutParents(whiteouts: readonly string[]): Promise<void> {
    const parents = new Set(whiteouts.map((rel) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '')));
    for (const parent of parents) {
      if (parent === '') continue;
      const resolved = await resolveDirInRoot(this.#root, parent.split('/'), { entry: parent });
      if (resolved !== parent) throw unsafeLayerEntry(parent, 'a whiteout would be created through a symbolic link');
    }
  }

  async abandon(): Promise<void> {
    await this.#background.settle().catch(() => undefined);
  }

  async #applyWhiteoutEntry(name: string, components: readonly string[], base: string): Promise<void> {
    if (base === OPAQUE_WHITEOUT) {
      this.#opaque.add(await this.#parent(name, components));
      return;
    }
    if (base.startsWith(AUFS_META_PREFIX)) return;
    const victim = base.slice(WHITEOUT_PREFIX.length);
    if (victim === '' || victim === '.' || victim === '..') throw unsafeLayerEntry(name, 'not a valid whiteout name');
    const parent = await this.#parent(name, components);
    await this.#whiteout(parent === '' ? victim : `${parent}/${victim}`);
  }

  /** Resolves (and creates) the parent directories of an entry inside the root. */
  async #parent(name: string, components: readonly string[]): Promise<string> {
    const parent = await resolveDirInRoot(this.#root, components.slice(0, -1), {
      entry: name,
      cache: this.#cache,
      createDir: (rel) => this.#createImplicitDir(rel),
    });
    return parent ?? '';
  }

  /** A parent the tar did not list: it takes the metadata the merged lower layers give it, as it would show through overlay. */
  async #createImplicitDir(rel: string): Promise<void> {
    await this.#background.wait(rel);
    this.#claim(rel, true);
    const lower = await this.#lower.directoryStats(rel);
    const meta: EntryMetadata = lower
      ? { uid: lower.uid, gid: lower.gid, mode: lower.mode & 0o7777, atime: lower.atimeMs / 1000, mtime: lower.mtimeMs / 1000 }
      : { uid: 0, gid: 0, mode: 0o755, atime: 0, mtime: 0 };
    try {
      await mkdir(join(this.#root, rel), { mode: 0o700 });
    } catch (error) {
      // A file of this layer that was still being written when the path was looked up.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw archiveInvalid(`layer path "${rel}" is used as a directory but is not one`);
      throw error;
    }
    await this.#setDirectoryEntryMetadata(rel, meta);
    // Without a lower copy there is no time to keep: the directory keeps its creation time.
    if (!lower) this.#dirTimes.delete(rel);
  }

  async #setDirectoryEntryMetadata(rel: string, meta: EntryMetadata): Promise<void> {
    const abs = join(this.#root, rel);
    // chown first: it clears setuid/setgid bits that chmod then sets.
    if (this.#needsChown(rel, meta)) await lchown(abs, meta.uid, meta.gid);
    await chmod(abs, meta.mode);
    if (meta.mode & 0o2000) this.#setgidDirs.add(rel);
    else this.#setgidDirs.delete(rel);
    this.#dirTimes.set(rel, meta);
  }

  async #writeFile(rel: string, handle: FileHandle, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, meta: EntryMetadata): Promise<void> {
    try {
      for await (const chunk of content) {
        await handle.write(chunk);
        this.#fileBytes += chunk.byteLength;
      }
      if (this.#needsChown(rel, meta)) await handle.chown(meta.uid, meta.gid);
      await handle.chmod(meta.mode);
      await handle.utimes(meta.atime, meta.mtime);
    } finally {
      await handle.close();
    }
  }

  /**
   * Creates something at `rel` with an exclusive call (O_EXCL, mkdir,
   * symlink, link: none follows a link at the final component). A name
   * already there is an earlier entry of this layer: it is removed, never
   * followed, and the call made again. No lstat in the common case.
   */
  async #createAt<T>(rel: string, create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await this.#remove(rel, await lstat(join(this.#root, rel)));
      return create();
    }
  }

  /** New entries belong to stackd's user: chown only when the entry wants another owner, or a setgid parent gave it another group. */
  #needsChown(rel: string, meta: EntryMetadata): boolean {
    const slash = rel.lastIndexOf('/');
    return meta.uid !== this.#uid || meta.gid !== this.#gid || this.#setgidDirs.has(slash === -1 ? '' : rel.slice(0, slash));
  }

  async #hardLink(name: string, rel: string, linkname: string): Promise<void> {
    // The target may be a file still being written in the background.
    await this.#background.settle();
    const check = linkTargetComponents(linkname);
    if (!check.ok) throw unsafeLayerEntry(name, check.reason);
    const parent = await resolveDirInRoot(this.#root, check.components.slice(0, -1), { entry: name, cache: this.#cache });
    const target = parent === undefined ? undefined : parent === '' ? check.components.at(-1)! : `${parent}/${check.components.at(-1)!}`;
    const stats = target === undefined ? undefined : await lstatOrUndefined(join(this.#root, target));
    if (target === undefined || !stats) throw unsafeLayerEntry(name, `hard link target "${linkname}" is not in this layer`);
    if (stats.isDirectory()) throw unsafeLayerEntry(name, 'hard link to a directory');
    if (target === rel) return;
    this.#claim(rel, false);
    await this.#createAt(rel, () => link(join(this.#root, target), join(this.#root, rel)));
  }

  /** A whiteout replaces whatever an earlier entry of this layer put at `rel` (removed, never followed). */
  async #whiteout(rel: string): Promise<void> {
    await this.#background.settle();
    const existing = await lstatOrUndefined(join(this.#root, rel));
    if (existing) await this.#remove(rel, existing);
    this.#pending.add(rel);
  }

  async #remove(rel: string, existing: Stats): Promise<void> {
    // What is removed may hold entries still being written in the background.
    await this.#background.settle();
    const abs = join(this.#root, rel);
    if (existing.isDirectory()) {
      const prefix = `${rel}/`;
      for (const pending of this.#pending) if (pending.startsWith(prefix)) this.#pending.delete(pending);
      // fs.rm removes symlinks inside the tree, it does not follow them.
      await rm(abs, { recursive: true, force: true });
      this.#cache.clear();
    } else {
      await unlink(abs);
      if (existing.isSymbolicLink()) this.#cache.clear();
    }
  }

  /**
   * Called before an entry is created at `rel`: it cancels a whiteout planned
   * there, and a directory that comes back where this layer deleted one must
   * not show the lower content again (delete, then recreate).
   */
  #claim(rel: string, directory: boolean): void {
    if (this.#pending.delete(rel) && directory) this.#opaque.add(rel);
  }

  async #hideLower(rel: string): Promise<void> {
    for (const name of await this.#lower.names(rel)) {
      const child = rel === '' ? name : `${rel}/${name}`;
      if (this.#pending.has(child)) continue;
      const stats = await lstatOrUndefined(join(this.#root, child));
      if (!stats) this.#pending.add(child);
      else if (stats.isDirectory()) await this.#hideLower(child);
    }
  }

  #countXattrs(pax: Readonly<Record<string, string>> | null | undefined, directory: boolean): void {
    if (!pax) return;
    for (const key of Object.keys(pax)) if (key.startsWith(XATTR_PREFIX) && !(directory && key === OPAQUE_XATTR)) this.#droppedXattrs++;
  }
}
