import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { throwIfAborted } from '../../../base/errors.ts';
import { archiveInvalid, layerTooLarge, unsafeLayerEntry } from './image-errors.ts';
import { AUFS_META_PREFIX, OPAQUE_WHITEOUT, WHITEOUT_PREFIX, entryComponents, linkTargetComponents } from './entry-name.ts';
import { LowerView } from './lower-view.ts';
import { resolveDirInRoot } from './resolve-in-root.ts';
import { createWhiteoutNodes } from './whiteout-nodes.ts';

/** One entry of a tar parser (tar-stream's Entry): a header and its content. */
export interface TarEntry extends AsyncIterable<Uint8Array> {
  readonly header: {
    readonly name: string;
    readonly type?: string | null;
    readonly mode?: number;
    readonly uid?: number;
    readonly gid?: number;
    readonly size?: number;
    readonly mtime?: Date;
    readonly linkname?: string | null;
    readonly devmajor?: number;
    readonly devminor?: number;
    readonly pax?: Readonly<Record<string, string>> | null;
  };
  resume(): unknown;
}

export interface ApplyOptions {
  /** Absolute directories of the layers below, top first (for opaque directories and implicit parents). */
  readonly lowerDirs: readonly string[];
  readonly maxEntries: number;
  readonly signal?: AbortSignal;
}

export interface ApplyResult {
  readonly entries: number;
  /** Sum of regular file sizes: the layer's size as Docker reports it. */
  readonly fileBytes: number;
  readonly whiteouts: number;
  /** Extended attributes seen and not applied (Node cannot set them). */
  readonly droppedXattrs: number;
}

const XATTR_PREFIX = 'SCHILY.xattr.';
const OPAQUE_XATTR = `${XATTR_PREFIX}trusted.overlay.opaque`;

/**
 * Applies one layer tar to an empty directory, in overlayfs form: whiteouts
 * become 0/0 character devices, opaque directories become explicit whiteouts
 * for every name the lower layers have there, so the directory mounts as a
 * lowerdir without xattrs.
 *
 * The security rules (research/runtime.md §7) are enforced per entry: names
 * with `..` are refused; every parent is resolved inside the root; the final
 * component is never followed (removed and recreated, files opened with
 * O_EXCL|O_NOFOLLOW); hard links must name an existing non-directory of this
 * layer; device nodes and fifos are refused. Nothing outside `root` is read
 * through a link, written, linked or deleted.
 */
export async function applyLayer(entries: AsyncIterable<TarEntry>, root: string, options: ApplyOptions): Promise<ApplyResult> {
  const applier = new LayerApplier(root, options);
  for await (const entry of entries) {
    throwIfAborted(options.signal);
    await applier.apply(entry);
  }
  return applier.finish();
}

interface Metadata {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly atime: number;
  readonly mtime: number;
}

class LayerApplier {
  readonly #root: string;
  readonly #options: ApplyOptions;
  readonly #lower: LowerView;
  readonly #cache = new Map<string, string>();
  /** Whiteouts to create at the end (paths relative to the root); a later entry at the same path cancels one. */
  readonly #pending = new Set<string>();
  readonly #opaque = new Set<string>();
  /** Directory times are set last: creating children changes them. */
  readonly #dirTimes = new Map<string, Metadata>();
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
      await this.#setDirectoryMetadata('', meta);
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

    switch (type) {
      case 'directory': {
        const existing = await lstatOrUndefined(abs);
        if (!existing?.isDirectory()) {
          if (existing) await this.#remove(rel, existing);
          await mkdir(abs, { mode: 0o700 });
          this.#created(rel, true);
        }
        if (header.pax?.[OPAQUE_XATTR] === 'y') this.#opaque.add(rel);
        await this.#setDirectoryMetadata(rel, meta);
        return;
      }
      case 'file':
      case 'contiguous-file':
        await this.#replace(rel);
        await this.#writeFile(abs, entry, meta);
        this.#created(rel, false);
        return;
      case 'symlink': {
        const target = header.linkname ?? '';
        if (target === '') throw archiveInvalid(`layer entry "${name}": symlink with an empty target`);
        await this.#replace(rel);
        // The target is kept verbatim: absolute targets (/etc/alternatives/x) are legitimate inside a rootfs.
        await symlink(target, abs);
        await lchown(abs, meta.uid, meta.gid);
        await lutimes(abs, meta.atime, meta.mtime);
        this.#created(rel, false);
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
    for (const rel of [...this.#opaque].sort()) {
      const stats = await lstatOrUndefined(join(this.#root, rel));
      if (stats?.isDirectory()) await this.#hideLower(rel);
    }
    const whiteouts = [...this.#pending].sort();
    await createWhiteoutNodes(this.#root, whiteouts, this.#options.signal);
    for (const [rel, meta] of this.#dirTimes) {
      await lutimes(join(this.#root, rel), meta.atime, meta.mtime).catch(ignoreMissing);
    }
    return { entries: this.#entries, fileBytes: this.#fileBytes, whiteouts: whiteouts.length, droppedXattrs: this.#droppedXattrs };
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
    const abs = join(this.#root, rel);
    await mkdir(abs, { mode: 0o755 });
    this.#created(rel, true);
    const lower = await this.#lower.directoryStats(rel);
    if (!lower) return;
    await lchown(abs, lower.uid, lower.gid);
    await chmod(abs, lower.mode & 0o7777);
    this.#dirTimes.set(rel, { uid: lower.uid, gid: lower.gid, mode: lower.mode, atime: lower.atimeMs / 1000, mtime: lower.mtimeMs / 1000 });
  }

  async #setDirectoryMetadata(rel: string, meta: Metadata): Promise<void> {
    const abs = join(this.#root, rel);
    // chown first: it clears setuid/setgid bits that chmod then sets.
    await lchown(abs, meta.uid, meta.gid);
    await chmod(abs, meta.mode);
    this.#dirTimes.set(rel, meta);
  }

  async #writeFile(abs: string, content: AsyncIterable<Uint8Array>, meta: Metadata): Promise<void> {
    const handle = await open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      for await (const chunk of content) {
        await handle.write(chunk);
        this.#fileBytes += chunk.byteLength;
      }
      await handle.chown(meta.uid, meta.gid);
      await handle.chmod(meta.mode);
      await handle.utimes(meta.atime, meta.mtime);
    } finally {
      await handle.close();
    }
  }

  async #hardLink(name: string, rel: string, linkname: string): Promise<void> {
    const check = linkTargetComponents(linkname);
    if (!check.ok) throw unsafeLayerEntry(name, check.reason);
    const parent = await resolveDirInRoot(this.#root, check.components.slice(0, -1), { entry: name, cache: this.#cache });
    const target = parent === undefined ? undefined : parent === '' ? check.components.at(-1)! : `${parent}/${check.components.at(-1)!}`;
    const stats = target === undefined ? undefined : await lstatOrUndefined(join(this.#root, target));
    if (target === undefined || !stats) throw unsafeLayerEntry(name, `hard link target "${linkname}" is not in this layer`);
    if (stats.isDirectory()) throw unsafeLayerEntry(name, 'hard link to a directory');
    if (target === rel) return;
    await this.#replace(rel);
    await link(join(this.#root, target), join(this.#root, rel));
    this.#created(rel, false);
  }

  async #whiteout(rel: string): Promise<void> {
    await this.#replace(rel);
    this.#pending.add(rel);
  }

  /** Removes whatever is at `rel` (never following it), and any whiteouts planned under it. */
  async #replace(rel: string): Promise<void> {
    this.#pending.delete(rel);
    const existing = await lstatOrUndefined(join(this.#root, rel));
    if (existing) await this.#remove(rel, existing);
  }

  async #remove(rel: string, existing: Stats): Promise<void> {
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

  /** A path that an earlier whiteout of this layer hid and that comes back as a directory must not show the lower content again. */
  #created(rel: string, directory: boolean): void {
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

function metadataOf(header: TarEntry['header']): Metadata {
  const pax = header.pax ?? undefined;
  const uid = pax?.uid !== undefined ? Number.parseInt(pax.uid, 10) : (header.uid ?? 0);
  const gid = pax?.gid !== undefined ? Number.parseInt(pax.gid, 10) : (header.gid ?? 0);
  const mtime = pax?.mtime !== undefined ? Number.parseFloat(pax.mtime) : (header.mtime?.getTime() ?? 0) / 1000;
  const atime = pax?.atime !== undefined ? Number.parseFloat(pax.atime) : mtime;
  if (![uid, gid, mtime, atime].every(Number.isFinite) || uid < 0 || gid < 0) throw archiveInvalid(`layer entry "${header.name}": bad owner or time in its header`);
  return { uid, gid, mode: (header.mode ?? 0o644) & 0o7777, atime, mtime };
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
