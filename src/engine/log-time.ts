/** An RFC 3339 time with up to nanoseconds (Docker trims trailing zeros) as nanoseconds since the epoch, for exact comparison. */
export function timeNanos(time: string): bigint | undefined {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Seconds since the epoch with the nanoseconds kept, as the engine's `since` takes them. */
export function nanosToSeconds(nanos: bigint): number {
  return Number(nanos / 1000n) / 1e6;
}

/**
 * How far a followed container's log got, so a re-attach after a restart
 * resumes right after the last line delivered, repeating none and losing
 * none. Many lines share one engine timestamp (conmon, like Docker's
 * json-file driver, stamps everything one read returned), so the point is a
 * time and how many lines of that time were delivered.
 */
export class LogResumePoint {
  #last: bigint | undefined;
  #atLast = 0;

  /** The `since` for a re-attach: a microsecond early, as `since` is rounded to microseconds (the lines in between are skipped by `begin`). */
  get since(): number | undefined {
    return this.#last === undefined ? undefined : nanosToSeconds(this.#last - 1000n);
  }

  /** For a stream (re)opened now: whether each of its lines, by engine time, is new. Lines without a time always are. */
  begin(): (time: bigint | undefined) => boolean {
    const resumeAt = this.#last;
    let alreadySeen = this.#atLast;
    return (at) => {
      if (at === undefined) return true;
      if (resumeAt !== undefined && at < resumeAt) return false;
      if (resumeAt !== undefined && at === resumeAt && alreadySeen > 0) {
        alreadySeen--;
        return false;
      }
      if (this.#last === undefined || at > this.#last) {
        this.#last = at;
        this.#atLast = 1;
      } else if (at === this.#last) this.#atLast++;
      return true;
    };
  }
}
