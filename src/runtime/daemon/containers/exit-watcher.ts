import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Notices container exits: conmon writes `<exitDir>/<id>` when a container's
 * init exits. fs.watch (inotify) makes that immediate; a slow poll covers
 * what inotify can miss (overflow, a watch set up after the write). The
 * callback may be called more than once for one exit: the consumer deletes
 * the file once it has recorded the exit, and ignores files it already did.
 */
export class ExitWatcher implements Disposable {
  readonly #dir: string;
  readonly #onExit: (id: string) => void;
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;

  constructor(dir: string, onExit: (id: string) => void) {
    this.#dir = dir;
    this.#onExit = onExit;
  }

  async start(pollMs = 1000): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    try {
      this.#watcher = watch(this.#dir, (_event, filename) => {
        if (filename && isContainerId(filename.toString())) this.#onExit(filename.toString());
      });
      this.#watcher.on('error', () => {
        this.#watcher?.close();
        this.#watcher = undefined;
      });
    } catch {
      this.#watcher = undefined; // inotify unavailable (limits): the poll alone still works
    }
    this.#poll = setInterval(() => void this.scan(), pollMs);
    this.#poll.unref();
    await this.scan();
  }

  /** Reports every exit file present now. */
  async scan(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return;
    }
    for (const name of names) if (isContainerId(name)) this.#onExit(name);
  }

  [Symbol.dispose](): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = undefined;
  }
}

function isContainerId(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

/**
 * The exit status conmon recorded, or undefined while the file is absent or
 * still empty (conmon writes it after creating it).
 */
export async function readExitFile(path: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const code = Number.parseInt(trimmed, 10);
  return Number.isInteger(code) ? code : undefined;
}

export function exitFilePath(exitDir: string, id: string): string {
  return join(exitDir, id);
}
