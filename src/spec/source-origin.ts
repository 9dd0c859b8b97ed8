import type { LineCounter } from 'yaml';
import type { Range } from '../base/index.ts';
import type { Origin } from './origins.ts';

/**
 * An origin kept as offsets into its file's text, its ranges computed only
 * when a diagnostic or the locator asks: a file has thousands of members
 * and a load reports a handful.
 */
export class SourceOrigin implements Origin {
  readonly file: string;
  readonly #lines: LineCounter;
  readonly #keyStart: number;
  readonly #keyEnd: number;
  readonly #valueStart: number;
  readonly #valueEnd: number;

  /** Offsets of the key and the value; -1 where there is none. */
  constructor(file: string, lines: LineCounter, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) {
    this.file = file;
    this.#lines = lines;
    this.#keyStart = keyStart;
    this.#keyEnd = keyEnd;
    this.#valueStart = valueStart;
    this.#valueEnd = valueEnd;
  }

  get key(): Range | undefined {
    return this.#keyStart < 0 ? undefined : offsetRange(this.#lines, this.#keyStart, this.#keyEnd);
  }

  get value(): Range | undefined {
    return this.#valueStart < 0 ? undefined : offsetRange(this.#lines, this.#valueStart, this.#valueEnd);
  }
}

/** 1-based lines and columns of two offsets. */
export function offsetRange(lines: LineCounter, start: number, end: number): Range {
  const a = lines.linePos(start);
  const b = lines.linePos(end);
  return { start: { line: a.line, column: a.col }, end: { line: b.line, column: b.col } };
}
