import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isNodeError } from '../../../base/index.ts';
import { containerError, detail } from './container-errors.ts';
import { LineJoiner, parseLogRecord, timeMs, type LogEntry } from './log-format.ts';

export interface ReadLogsOptions {
  /** Keep reading as the container writes, until it has exited and the file is drained, or `signal` fires. */
  readonly follow?: boolean;
  /** Only the last N lines that exist when reading starts (Docker's tail; `all` or undefined for every line). */
  readonly tail?: number | 'all';
  /** Unix milliseconds: skip lines before / after. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /** Start at this byte offset (attach: only output written from now on). */
  readonly fromOffset?: number;
  /** With follow: resolves when the container is no longer running, so reading can end once the file is drained. */
  readonly exited?: Promise<unknown>;
  readonly signal?: AbortSignal;
}

/** The current size of the log, for attach's "from now on". */
export async function logSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return 0;
    throw error;
  }
}

/**
 * A container's output from conmon's k8s-file log, as whole lines with
 * their stream and time. Without follow it ends at the end of the file;
 * with follow it waits for more (fs.watch with a short poll as a backstop),
 * notices conmon's truncation at --log-size-max (the file shrinks: start over
 * from the top), and ends when the container has exited and everything it
 * wrote has been read.
 */
export async function* readLogs(path: string, options: ReadLogsOptions = {}): AsyncGenerator<LogEntry> {
  const joiner = new LineJoiner();
  let offset = options.fromOffset ?? 0;
  let carry: Buffer = Buffer.alloc(0);
  let exited = false;
  void options.exited?.then(() => (exited = true));
  const keep = (entry: LogEntry): boolean => {
    const t = timeMs(entry.time);
    if (options.sinceMs !== undefined && t < options.sinceMs) return false;
    if (options.untilMs !== undefined && t > options.untilMs) return false;
    return true;
  };
  const readMore = async (): Promise<LogEntry[]> => {
    const { data, size } = await readFrom(path, offset);
    if (size < offset) {
      // conmon truncated the log (log-size-max): what is there now is new output.
      offset = 0;
      carry = Buffer.alloc(0);
      return readMore();
    }
    offset += data.length;
    const buffer = carry.length > 0 ? Buffer.concat([carry, data]) : data;
    const lastNewline = buffer.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      carry = buffer;
      return [];
    }
    carry = buffer.subarray(lastNewline + 1);
    const entries: LogEntry[] = [];
    for (const line of buffer.subarray(0, lastNewline).toString('utf8').split('\n')) {
      const record = parseLogRecord(line);
      if (!record) continue;
      const entry = joiner.push(record);
      if (entry) entries.push(entry);
    }
    return entries;
  };

  let first = await readMore();
  if (options.tail !== undefined && options.tail !== 'all') first = options.tail <= 0 ? [] : first.slice(-options.tail);
  for (const entry of first) if (keep(entry)) yield entry;

  if (options.follow) {
    const waiter = new ChangeWaiter(path);
    try {
      while (!options.signal?.aborted) {
        const wasExited = exited;
        const more = await readMore();
        for (const entry of more) if (keep(entry)) yield entry;
        if (options.untilMs !== undefined && Date.now() > options.untilMs) break;
        // Drained after the exit was known: conmon has flushed everything it will ever write for this run.
        if (wasExited && more.length === 0) break;
        if (more.length === 0) await waiter.next(options.signal, options.exited);
      }
    } finally {
      waiter.close();
    }
  }
  for (const entry of joiner.flush()) if (keep(entry)) yield entry;
}

async function readFrom(path: string, offset: number): Promise<{ data: Buffer; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return { data: Buffer.alloc(0), size: 0 };
    throw logReadFailed(path, error);
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return { data: Buffer.alloc(0), size };
    const data = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(data, 0, data.length, offset);
    return { data: data.subarray(0, bytesRead), size };
  } catch (error) {
    throw logReadFailed(path, error);
  } finally {
    await handle.close();
  }
}

/** Wakes a follower when the log directory changes, or after a short poll, or on exit or abort. */
class ChangeWaiter {
  #watcher: FSWatcher | undefined;
  #wake: (() => void) | undefined;

  constructor(path: string) {
    try {
      this.#watcher = watch(dirname(path), () => this.#wake?.());
      this.#watcher.on('error', () => this.close());
    } catch {
      this.#watcher = undefined;
    }
  }

  next(signal: AbortSignal | undefined, exited: Promise<unknown> | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.#watcher ? 500 : 100);
      this.#wake = done;
      signal?.addEventListener('abort', done, { once: true });
      void exited?.then(done);
    });
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}

function logReadFailed(path: string, cause: unknown): Error {
  return containerError('STK5224', 'Internal', { message: `could not read the container log ${path}${detail(cause)}`, hint: 'Check the state root\'s disk and permissions.', cause });
}
