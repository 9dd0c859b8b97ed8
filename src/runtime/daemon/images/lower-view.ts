import { type Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

type Kind = 'dir' | 'missing' | 'other';

/**
 * What the layers below the one being unpacked hold, as overlayfs will merge
 * them: a path is looked up layer by layer from the top; a directory merges
 * with the directories below it, anything else (file, symlink, whiteout)
 * hides what is below. Used to expand opaque directories into explicit
 * whiteouts and to give implicitly created parents their lower metadata.
 */
export class LowerView {
  readonly #layers: readonly string[];
  readonly #kinds = new Map<string, Promise<{ kind: Kind; stats?: Stats }>>();

  /** @param layers absolute layer directories, top first. */
  constructor(layers: readonly string[]) {
    this.#layers = layers;
  }

  /** The stats of the directory at `rel` in the merged lower view (its topmost copy), if it is a directory there. */
  async directoryStats(rel: string): Promise<Stats | undefined> {
    for (let i = 0; i < this.#layers.length; i++) {
      const { kind, stats } = await this.#kind(i, rel);
      if (kind === 'dir') return stats;
      if (kind === 'other') return undefined;
    }
    return undefined;
  }

  /** The names under directory `rel` in the merged lower view (whiteout names included: hiding them again is harmless). */
  async names(rel: string): Promise<string[]> {
    const names = new Set<string>();
    for (let i = 0; i < this.#layers.length; i++) {
      const { kind } = await this.#kind(i, rel);
      if (kind === 'other') break;
      if (kind === 'missing') continue;
      for (const name of await readdir(join(this.#layers[i]!, rel))) names.add(name);
    }
    return [...names].sort();
  }

  #kind(layer: number, rel: string): Promise<{ kind: Kind; stats?: Stats }> {
    const key = `${layer}\0${rel}`;
    let found = this.#kinds.get(key);
    if (!found) {
      found = this.#lookup(layer, rel);
      this.#kinds.set(key, found);
    }
    return found;
  }

  async #lookup(layer: number, rel: string): Promise<{ kind: Kind; stats?: Stats }> {
    if (rel !== '') {
      const slash = rel.lastIndexOf('/');
      const parent = await this.#kind(layer, slash === -1 ? '' : rel.slice(0, slash));
      if (parent.kind !== 'dir') return { kind: parent.kind };
    }
    try {
      const stats = await lstat(join(this.#layers[layer]!, rel));
      return stats.isDirectory() ? { kind: 'dir', stats } : { kind: 'other' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
  }
}
