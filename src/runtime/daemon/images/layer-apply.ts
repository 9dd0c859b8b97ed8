import { throwIfAborted } from '../../../base/errors.ts';
import { LayerApplier } from './layer-applier.ts';
import { type TarEntry, entryError } from './layer-entry.ts';

export type { TarEntry } from './layer-entry.ts';

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
  try {
    for await (const entry of entries) {
      throwIfAborted(options.signal);
      await applier.apply(entry).catch((error: unknown) => {
        throw entryError(entry.header.name, error);
      });
    }
  } catch (error) {
    // Let writes in flight end before the caller removes the directory.
    await applier.abandon();
    throw error;
  }
  return applier.finish();
}
