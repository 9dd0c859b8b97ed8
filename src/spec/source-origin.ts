import type { Range } from '../base/index.ts';
import type { Origin } from './origins.ts';

/** Offsets of line starts in a text, for turning offsets into 1-based lines and columns. */
export class LineIndex {
  readonly #starts: number[] = [0];
  /** The line of the last lookup: readers move forward, so the next lookup is usually on it or the next one. */
  #hint = 0;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /** 0-based index of the line holding `offset`. */
  line(offset: number): number {
    const starts = this.#starts;
    const h = this.#hint;
    if (starts[h]! <= offset) {
      if (h + 1 >= starts.length || offset < starts[h + 1]!) return h;
      if (h + 2 >= starts.length || offset < starts[h + 2]!) return (this.#hint = h + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.#hint = lo;
    return lo;
  }

  /** 0-based column of `offset`. */
  column(offset: number): number {
    return offset - this.#starts[this.line(offset)]!;
  }

  range(start: number, end: number): Range {
    const a = this.line(start);
    const b = this.line(end);
    return { start: { line: a + 1, column: start - this.#starts[a]! + 1 }, end: { line: b + 1, column: end - this.#starts[b]! + 1 } };
  }
}

/**
 * An origin kept as offsets, its ranges computed only when a diagnostic
 * asks: a file has thousands of members and a load reports a handful.
 */
export class SourceOrigin implements Origin {
  readonly file: string;
  readonly #lines: LineIndex;
  readonly #keyStart: number;
  readonly #keyEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;

  /** Offsets of the key and the value; -1 where there is none. */
  constructor(file: string, lines: LineIndex, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) {
    this.file = file;
    this.#lines = lines;
    this.#keyStart = keyStart;
    this.#keyEnd = keyEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
  }

  get key(): Range | undefined {
    return this.#keyStart < 0 ? undefined : this.#lines.range(this.#keyStart, this.#keyEnd);
  }

  get value(): Range | undefined {
    return this.#valueStart < 0 ? undefined : this.#lines.range(this.#valueStart, this.#valueEnd);
  }
}
