import type { Origin, Origins } from './origins.ts';
import { LineIndex, SourceOrigin } from './source-origin.ts';
import { giveUp, unescapeDouble } from './yaml-scalars.ts';

/** Past this many values reached through aliases, the general reader decides (and reports an alias bomb). */
const ALIAS_BUDGET = 200_000;

/** A value read, with the offsets of its text. */
export interface Node {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  /** Set on `!reset` / `!override`. */
  readonly directive?: 'reset' | 'override';
  /** The node is an alias (`*name`). */
  readonly alias?: boolean;
}

/**
 * The fast reader's position in the text, and what every construct shares:
 * lexical helpers, quoted scalars, anchors and aliases, origins.
 */
export class Cursor {
  readonly text: string;
  readonly file: string;
  readonly origins: Origins;
  readonly lines: LineIndex;
  pos = 0;
  anchors = new Map<string, unknown>();
  anchorNames = new Set<string>();
  aliasNodes = 0;
  flowDepth = 0;
  readonly sizes = new WeakMap<object, number>();

  constructor(text: string, file: string, origins: Origins) {
    this.text = text;
    this.file = file;
    this.origins = origins;
    this.lines = new LineIndex(text);
  }

  column(offset: number): number {
    return this.lines.column(offset);
  }

  origin(key: { start: number; end: number } | undefined, value: Node | undefined): Origin {
    // `key:` with nothing after it has an empty value: point at the key instead, as the general reader does.
    const useKey = value !== undefined && value.start === value.end;
    const ks = key ? key.start : -1;
    const ke = key ? key.end : -1;
    const vs = value ? (useKey ? ks : value.start) : -1;
    const ve = value ? (useKey ? ke : value.end) : -1;
    return new SourceOrigin(this.file, this.lines, ks, ke, vs, ve);
  }

  isBreakOrSpace(i: number): boolean {
    return i >= this.text.length || this.text[i] === ' ' || this.text[i] === '\n';
  }

  skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  /** At the end of the line's content (a comment, a line break, or the end). */
  atLineEnd(): boolean {
    const c = this.text[this.pos];
    return c === undefined || c === '\n' || c === '#';
  }

  /** Skips blank lines and comment lines; stops at the start of the next content line (or the end). */
  skipBlank(): void {
    const text = this.text;
    for (;;) {
      let i = this.pos;
      while (text[i] === ' ') i++;
      if (i >= text.length) {
        this.pos = i;
        return;
      }
      if (text[i] === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      }
      if (text[i] === '\n') {
        this.pos = i + 1;
        continue;
      }
      if (i >= text.length) {
        this.pos = i;
        return;
      }
      // Content: leave the position at the start of this line's content.
      this.pos = i;
      return;
    }
  }

  /** Skips the rest of a line that holds only spaces and a comment; gives up on anything else. */
  endLine(): void {
    this.skipSpaces();
    const text = this.text;
    if (text[this.pos] === '#') {
      if (this.pos > 0 && text[this.pos - 1] !== ' ') giveUp();
      while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
    }
    if (this.pos < text.length && text[this.pos] !== '\n') giveUp();
    if (this.pos < text.length) this.pos++;
  }

  /** Indentation of the line that holds `offset`. */
  indentOfLine(offset: number): number {
    let i = offset - this.lines.column(offset);
    const from = i;
    while (this.text[i] === ' ') i++;
    return i - from;
  }

  quotedEnd(from: number): number {
    const text = this.text;
    const q = text[from];
    for (let i = from + 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') return -1;
      if (q === "'" && c === "'") {
        if (text[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
      if (q === '"') {
        if (c === '\\') {
          i++;
          continue;
        }
        if (c === '"') return i + 1;
      }
    }
    return -1;
  }

  quoted(): Node {
    const text = this.text;
    const start = this.pos;
    const end = this.quotedEnd(start);
    if (end < 0) giveUp();
    const body = text.slice(start + 1, end - 1);
    this.pos = end;
    return { value: text[start] === "'" ? body.replace(/''/g, "'") : unescapeDouble(body), start, end };
  }

  alias(start: number): Node {
    const name = /^\*([^\s,[\]{}]+)/.exec(this.text.slice(start, start + 256));
    if (!name || !this.anchors.has(name[1]!)) giveUp();
    const value = this.anchors.get(name[1]!);
    this.aliasNodes += this.size(value);
    if (this.aliasNodes > ALIAS_BUDGET) giveUp();
    this.pos = start + name[0].length;
    return { value, start, end: this.pos, alias: true };
  }

  /** How many values a value holds, itself included (memoized: aliases share their targets). */
  size(value: unknown): number {
    if (typeof value !== 'object' || value === null) return 1;
    const known = this.sizes.get(value);
    if (known !== undefined) return known;
    let n = 1;
    for (const v of Object.values(value)) n += this.size(v);
    this.sizes.set(value, n);
    return n;
  }

}
