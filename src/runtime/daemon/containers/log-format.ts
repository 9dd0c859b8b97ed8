/** One line of a container's output, as logs and attach hand it out. */
export interface LogEntry {
  readonly stream: 'stdout' | 'stderr';
  /** The text without its line ending. */
  readonly line: string;
  /** RFC 3339 with nanoseconds, UTC, `Z` suffix: Docker's `--timestamps` format. */
  readonly time: string;
  /** True for output the container has not ended with a newline (the last bytes before it exited or was read). */
  readonly partial: boolean;
}

/** A k8s-file record: `<time> <stream> <F|P> <text>`; P records are pieces of a longer line. */
export interface LogRecord {
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  readonly full: boolean;
  readonly text: string;
}

/** Parses one record line of conmon's k8s-file log; undefined for anything else. */
export function parseLogRecord(line: string): LogRecord | undefined {
  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  const s3 = line.indexOf(' ', s2 + 1);
  if (s1 < 0 || s2 < 0) return undefined;
  const stream = line.slice(s1 + 1, s2);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tag = s3 < 0 ? line.slice(s2 + 1) : line.slice(s2 + 1, s3);
  if (tag !== 'F' && tag !== 'P') return undefined;
  return { time: normalizeTime(line.slice(0, s1)), stream, full: tag === 'F', text: s3 < 0 ? '' : line.slice(s3 + 1) };
}

/** conmon writes `+00:00`; Docker clients expect `Z`. */
export function normalizeTime(time: string): string {
  return time.endsWith('+00:00') ? `${time.slice(0, -6)}Z` : time;
}

/** Milliseconds since the epoch of an RFC 3339 time with up to nanosecond digits. */
export function timeMs(time: string): number {
  return Date.parse(time.replace(/(\.\d{3})\d+/, '$1'));
}

/**
 * Joins P pieces into whole lines, per stream (stdout and stderr pieces can
 * interleave). Feed records in file order; each completed line comes out with
 * the time of its first piece, as Docker's json-file does.
 */
export class LineJoiner {
  readonly #pending = new Map<'stdout' | 'stderr', { time: string; text: string }>();

  push(record: LogRecord): LogEntry | undefined {
    const pending = this.#pending.get(record.stream);
    const time = pending?.time ?? record.time;
    const text = (pending?.text ?? '') + record.text;
    if (!record.full) {
      this.#pending.set(record.stream, { time, text });
      return undefined;
    }
    this.#pending.delete(record.stream);
    return { stream: record.stream, line: text, time, partial: false };
  }

  /** The unfinished lines, for when no more output will come. */
  flush(): LogEntry[] {
    const out: LogEntry[] = [];
    for (const [stream, { time, text }] of this.#pending) out.push({ stream, line: text, time, partial: true });
    this.#pending.clear();
    return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}
