import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { isStackError } from '../../../base/errors.ts';
import { archiveInvalid } from './image-errors.ts';

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

/** What an entry asks for besides its content; times in seconds. */
export interface EntryMetadata {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly atime: number;
  readonly mtime: number;
}

/** Owner, mode and times of an entry; PAX records win over the header fields (large ids, sub-second times). */
export function metadataOf(header: TarEntry['header']): EntryMetadata {
  const pax = header.pax ?? undefined;
  const uid = pax?.uid !== undefined ? Number.parseInt(pax.uid, 10) : (header.uid ?? 0);
  const gid = pax?.gid !== undefined ? Number.parseInt(pax.gid, 10) : (header.gid ?? 0);
  const mtime = pax?.mtime !== undefined ? Number.parseFloat(pax.mtime) : (header.mtime?.getTime() ?? 0) / 1000;
  const atime = pax?.atime !== undefined ? Number.parseFloat(pax.atime) : mtime;
  if (![uid, gid, mtime, atime].every(Number.isFinite) || uid < 0 || gid < 0) throw archiveInvalid(`layer entry "${header.name}": bad owner or time in its header`);
  return { uid, gid, mode: (header.mode ?? 0o644) & 0o7777, atime, mtime };
}

/** Failures of the file system on one entry: the entry's fault (a name too long, a path through a file) or the store's (disk full). */
export function entryError(name: string, error: unknown): unknown {
  if (isStackError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENAMETOOLONG' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'EMLINK' || code === 'EINVAL') {
    return archiveInvalid(`layer entry "${name}" cannot be created (${code})`, error);
  }
  return error;
}

export async function readAll(content: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of content) chunks.push(chunk);
  return chunks.length === 1 ? Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : Buffer.concat(chunks);
}

export async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
