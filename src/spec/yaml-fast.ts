import { put, type Origin, type Origins } from './origins.ts';
import { LineIndex, SourceOrigin } from './source-origin.ts';

/**
 * A fast reader for the YAML that compose files are made of: block mappings
 * and sequences, flow collections, plain, quoted and block scalars, comments,
 * anchors, aliases, `<<` merge keys, `!reset`/`!override`, several `---`
 * documents. It gives the same values and origins as parse.ts's general
 * path (the `yaml` library), at a fraction of the cost; anything outside
 * that subset, and anything invalid, makes it give up (undefined) so that
 * the general path reads the file and reports the problems. parse.test.ts
 * checks the two agree on every corpus file and on random edits.
 */
export function readYamlFast(text: string, file: string, origins: Origins): Record<string, unknown>[] | undefined {
  if (/[\t\r\ufeff]/.test(text)) return undefined;
  try {
    return new Reader(text, file, origins).documents();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const GIVE_UP = Symbol('give up');
function giveUp(): never {
  throw GIVE_UP;
}

/** Past this many values reached through aliases, the general reader decides (and reports an alias bomb). */
const ALIAS_BUDGET = 200_000;

/** Plain scalars of the YAML 1.2 core schema, and yaml.v3's leading-zero octal. */
export function resolvePlain(s: string): unknown {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  const c = s.charCodeAt(0);
  // Only text that starts like a number can be one.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return s;
  if (/^[-+]?0[0-7]+$/.test(s)) return Number.parseInt(s, 8);
  if (/^[-+]?[0-9]+$/.test(s)) return Number.parseInt(s, 10);
  if (/^0o[0-7]+$/.test(s)) return Number.parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return Number.parseInt(s.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number.parseFloat(s);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^\.(?:nan|NaN|NAN)$/.test(s)) return Number.NaN;
  return s;
}

interface Node {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
  /** Set on `!reset` / `!override`. */
  readonly directive?: 'reset' | 'override';
  /** The node is an alias (`*name`). */
  readonly alias?: boolean;
}

class Reader {
  readonly #text: string;
  readonly #file: string;
  readonly #origins: Origins;
  readonly #lines: LineIndex;
  #pos = 0;
  #anchors = new Map<string, unknown>();
  #anchorNames = new Set<string>();
  #aliasNodes = 0;
  #flowDepth = 0;
  readonly #sizes = new WeakMap<object, number>();

  constructor(text: string, file: string, origins: Origins) {
    this.#text = text;
    this.#file = file;
    this.#origins = origins;
    this.#lines = new LineIndex(text);
  }

  documents(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (;;) {
      this.skipBlank();
      if (this.#pos >= this.#text.length) break;
      if (this.#text.startsWith('---', this.#pos) && this.isBreakOrSpace(this.#pos + 3)) {
        this.#pos += 3;
        this.skipSpaces();
        if (!this.atLineEnd()) giveUp();
        continue;
      }
      if (this.column(this.#pos) !== 0 || this.#text.startsWith('...', this.#pos) || this.#text[this.#pos] === '%') giveUp();
      const node = this.blockNode(-1);
      if (node === undefined || typeof node.value !== 'object' || node.value === null || Array.isArray(node.value)) giveUp();
      out.push(node.value as Record<string, unknown>);
      this.#anchors = new Map();
      this.#anchorNames = new Set();
    }
    if (out.length === 0) giveUp();
    return out;
  }

  // ---- positions ----

  private column(offset: number): number {
    return this.#lines.column(offset);
  }

  private origin(key: { start: number; end: number } | undefined, value: Node | undefined): Origin {
    // `key:` with nothing after it has an empty value: point at the key instead, as the general reader does.
    const useKey = value !== undefined && value.start === value.end;
    const ks = key ? key.start : -1;
    const ke = key ? key.end : -1;
    const vs = value ? (useKey ? ks : value.start) : -1;
    const ve = value ? (useKey ? ke : value.end) : -1;
    return new SourceOrigin(this.#file, this.#lines, ks, ke, vs, ve);
  }

  // ---- lexical helpers ----

  private isBreakOrSpace(i: number): boolean {
    return i >= this.#text.length || this.#text[i] === ' ' || this.#text[i] === '\n';
  }

  private skipSpaces(): void {
    while (this.#text[this.#pos] === ' ') this.#pos++;
  }

  /** At the end of the line's content (a comment, a line break, or the end). */
  private atLineEnd(): boolean {
    const c = this.#text[this.#pos];
    return c === undefined || c === '\n' || c === '#';
  }

  /** Skips blank lines and comment lines; stops at the start of the next content line (or the end). */
  private skipBlank(): void {
    const text = this.#text;
    for (;;) {
      let i = this.#pos;
      while (text[i] === ' ') i++;
      if (i >= text.length) {
        this.#pos = i;
        return;
      }
      if (text[i] === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      }
      if (text[i] === '\n') {
        this.#pos = i + 1;
        continue;
      }
      if (i >= text.length) {
        this.#pos = i;
        return;
      }
      // Content: leave the position at the start of this line's content.
      this.#pos = i;
      return;
    }
  }

  /** Skips the rest of a line that holds only spaces and a comment; gives up on anything else. */
  private endLine(): void {
    this.skipSpaces();
    const text = this.#text;
    if (text[this.#pos] === '#') {
      if (this.#pos > 0 && text[this.#pos - 1] !== ' ') giveUp();
      while (this.#pos < text.length && text[this.#pos] !== '\n') this.#pos++;
    }
    if (this.#pos < text.length && text[this.#pos] !== '\n') giveUp();
    if (this.#pos < text.length) this.#pos++;
  }

  // ---- block structure ----

  /**
   * The block node at the current position, whose lines are indented more
   * than `parentIndent`; undefined when the next content line is not (an
   * empty value). A sequence may sit at the parent's own indentation when
   * `allowSeqAtParent` (mapping values: `key:\n- a`).
   */
  private blockNode(parentIndent: number, allowSeqAtParent = false): Node | undefined {
    this.skipBlank();
    if (this.#pos >= this.#text.length) return undefined;
    if (this.#text.startsWith('---', this.#pos) && this.column(this.#pos) === 0 && this.isBreakOrSpace(this.#pos + 3)) return undefined;
    const indent = this.column(this.#pos);
    const isSeq = this.#text[this.#pos] === '-' && this.isBreakOrSpace(this.#pos + 1);
    if (indent <= parentIndent && !(allowSeqAtParent && isSeq && indent === parentIndent)) return undefined;
    return isSeq ? this.blockSequence(indent) : this.blockMapping(indent);
  }

  private blockSequence(indent: number): Node {
    const out: unknown[] = [];
    const start = this.#pos;
    let end = start;
    for (;;) {
      this.skipBlank();
      if (this.#pos >= this.#text.length || this.column(this.#pos) !== indent) break;
      if (!(this.#text[this.#pos] === '-' && this.isBreakOrSpace(this.#pos + 1))) break;
      this.#pos++;
      this.skipSpaces();
      const empty = this.#pos;
      let item: Node;
      if (this.atLineEnd()) {
        this.endLine();
        item = this.blockNode(indent) ?? { value: null, start: empty, end: empty };
      } else item = this.inlineOrCompact(this.column(this.#pos), indent);
      end = Math.max(end, item.end);
      if (item.directive === 'reset') continue;
      if (item.directive === 'override') giveUp();
      this.#origins.set(out, out.length, this.origin(item, item));
      out.push(item.value);
    }
    if (this.#pos < this.#text.length && this.column(this.#pos) > indent) giveUp();
    this.#origins.setSelf(out, this.origin({ start, end }, { value: out, start, end }));
    return { value: out, start, end };
  }

  /** A sequence item that starts on the dash line: a compact mapping or sequence, or an inline value. */
  private inlineOrCompact(column: number, dashIndent: number): Node {
    const c = this.#text[this.#pos];
    if (c === '-' && this.isBreakOrSpace(this.#pos + 1)) return this.blockSequence(column);
    if (this.looksLikeKey()) return this.blockMapping(column);
    return this.inlineValue(dashIndent, false);
  }

  /** Whether the current line, from here, is `key: ...` (a plain or quoted key followed by `:` and a space or the end of line). */
  private looksLikeKey(): boolean {
    const text = this.#text;
    let i = this.#pos;
    const c = text[i];
    if (c === '"' || c === "'") {
      i = this.quotedEnd(i);
      if (i < 0) return false;
      return text[i] === ':' && this.isBreakOrSpace(i + 1);
    }
    if (c === '[' || c === '{' || c === '?' || c === '!' || c === '&' || c === '*' || c === '|' || c === '>' || c === '#') return false;
    for (; i < text.length && text[i] !== '\n'; i++) {
      if (text[i] === ':' && this.isBreakOrSpace(i + 1)) return true;
      if (text[i] === '#' && text[i - 1] === ' ') return false;
    }
    return false;
  }

  private blockMapping(indent: number): Node {
    const out: Record<string, unknown> = {};
    const start = this.#pos;
    let end = start;
    const merges: Node[] = [];
    for (let first = true; ; first = false) {
      if (!first) {
        this.skipBlank();
        if (this.#pos >= this.#text.length || this.column(this.#pos) !== indent) break;
        if (this.#text.startsWith('---', this.#pos) && indent === 0 && this.isBreakOrSpace(this.#pos + 3)) break;
        if (this.#text[this.#pos] === '-' && this.isBreakOrSpace(this.#pos + 1)) break;
      }
      const key = this.mappingKey();
      this.skipSpaces();
      let value: Node;
      if (this.atLineEnd()) {
        this.endLine();
        value = this.blockNode(indent, true) ?? { value: null, start: key.end + 1, end: key.end + 1 };
      } else value = this.inlineValue(indent, true);
      end = Math.max(end, value.end, key.end);
      if (key.merge) {
        // The general reader merges a mapping, or a written list of them; not an alias to a list.
        if (value.directive || (value.alias && Array.isArray(value.value))) giveUp();
        merges.push(value);
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(out, key.text) || this.#origins.directive(out, key.text) !== undefined) giveUp();
      this.#origins.set(out, key.text, this.origin(key, value));
      if (value.directive === 'reset') {
        this.#origins.setDirective(out, key.text, 'reset');
        continue;
      }
      if (value.directive === 'override') this.#origins.setDirective(out, key.text, 'override');
      put(out, key.text, value.value);
    }
    if (this.#pos < this.#text.length && this.column(this.#pos) > indent) giveUp();
    this.applyMerges(out, merges);
    this.#origins.setSelf(out, this.origin({ start, end }, { value: out, start, end }));
    return { value: out, start, end };
  }

  /** `<<` merges: mappings (or a list of them), explicit keys first, then the first merged mapping's keys win. */
  private applyMerges(out: Record<string, unknown>, merges: readonly Node[]): void {
    for (const merge of merges) {
      const sources = Array.isArray(merge.value) ? merge.value : [merge.value];
      for (const source of sources) {
        if (typeof source !== 'object' || source === null || Array.isArray(source)) giveUp();
        for (const key of Object.keys(source)) {
          if (Object.prototype.hasOwnProperty.call(out, key) || this.#origins.directive(out, key) === 'reset') continue;
          put(out, key, (source as Record<string, unknown>)[key]);
          this.#origins.copy(source, key, out);
        }
      }
    }
  }

  private mappingKey(): { text: string; start: number; end: number; merge: boolean } {
    const text = this.#text;
    const start = this.#pos;
    // `---` and `...` at the start of a line are document markers, never keys.
    if (this.column(start) === 0 && (text.startsWith('---', start) || text.startsWith('...', start))) giveUp();
    const c = text[start];
    let keyText: string;
    let merge = false;
    if (c === '"' || c === "'") {
      const node = this.quoted();
      keyText = node.value as string;
    } else {
      if (c === undefined || '[]{},?!&*|>%@`#\'"'.includes(c)) giveUp();
      let i = start;
      while (i < text.length && text[i] !== '\n' && !(text[i] === ':' && this.isBreakOrSpace(i + 1))) {
        if (text[i] === '#' && text[i - 1] === ' ') giveUp();
        i++;
      }
      const raw = text.slice(start, i).replace(/ +$/, '');
      if (raw === '' || text[i] !== ':') giveUp();
      this.#pos = start + raw.length;
      merge = raw === '<<';
      const resolved = resolvePlain(raw);
      keyText = resolved === null ? 'null' : String(resolved);
    }
    const end = this.#pos;
    this.skipSpaces();
    if (text[this.#pos] !== ':' || !this.isBreakOrSpace(this.#pos + 1)) giveUp();
    this.#pos++;
    return { text: keyText, start, end, merge };
  }

  // ---- values on one line ----

  /** A value that starts on the current line: properties, then an alias, a flow collection, a quoted, block or plain scalar. */
  private inlineValue(parentIndent: number, inMapping: boolean): Node {
    const text = this.#text;
    let directive: 'reset' | 'override' | undefined;
    let anchor: string | undefined;
    for (;;) {
      const c = text[this.#pos];
      if (c === '!') {
        const tag = /^!\S*/.exec(text.slice(this.#pos, this.#pos + 64))![0];
        if (tag !== '!reset' && tag !== '!override') giveUp();
        if (directive) giveUp();
        directive = tag === '!reset' ? 'reset' : 'override';
        this.#pos += tag.length;
      } else if (c === '&') {
        const name = /^&([^\s,[\]{}]+)/.exec(text.slice(this.#pos, this.#pos + 256));
        // A name anchored twice refers to its latest place in the text: left to the general reader.
        if (!name || anchor !== undefined || this.#anchorNames.has(name[1]!)) giveUp();
        this.#anchorNames.add(name[1]!);
        anchor = name[1]!;
        this.#pos += name[0].length;
      } else break;
      if (!this.isBreakOrSpace(this.#pos)) giveUp();
      this.skipSpaces();
      if (this.atLineEnd()) {
        const empty = this.#pos;
        this.endLine();
        // Only a mapping value may be a sequence at the mapping's own indentation.
        const block = this.blockNode(parentIndent, inMapping);
        if (!block) {
          // A tag on nothing is an empty string to the general reader; rare enough to leave to it.
          if (directive) giveUp();
          if (anchor !== undefined) this.#anchors.set(anchor, null);
          return { value: null, start: empty, end: empty, ...(directive ? { directive } : {}) };
        }
        if (anchor !== undefined) this.#anchors.set(anchor, block.value);
        return { ...block, ...(directive ? { directive } : {}) };
      }
    }
    if (this.#text[this.#pos] === '*' && (directive !== undefined || anchor !== undefined)) giveUp();
    const node = this.inlineBody(parentIndent);
    if (anchor !== undefined) this.#anchors.set(anchor, node.value);
    return directive ? { ...node, directive } : node;
  }

  private inlineBody(parentIndent: number): Node {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start];
    let node: Node;
    if (c === '*') {
      const name = /^\*([^\s,[\]{}]+)/.exec(text.slice(start, start + 256));
      node = this.alias(start);
    } else if (c === '[' || c === '{') {
      node = this.flow(parentIndent);
    } else if (c === '"' || c === "'") {
      node = this.quoted();
    } else if (c === '|' || c === '>') {
      return this.blockScalar(parentIndent);
    } else node = this.plainInBlock();
    this.endLine();
    return node;
  }

  private plainInBlock(): Node {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start]!;
    if ('[]{},#&*!|>\'"%@`'.includes(c) || ((c === '-' || c === '?' || c === ':') && this.isBreakOrSpace(start + 1))) giveUp();
    let i = start;
    while (i < text.length && text[i] !== '\n') {
      if (text[i] === '#' && text[i - 1] === ' ') break;
      if (text[i] === ':' && this.isBreakOrSpace(i + 1)) giveUp();
      i++;
    }
    const raw = text.slice(start, i).replace(/ +$/, '');
    this.#pos = start + raw.length;
    // A plain scalar continued on the next lines (multi-line folding) is left to the general reader.
    this.endLineAndCheckNoContinuation();
    this.#pos = start + raw.length;
    return { value: resolvePlain(raw), start, end: start + raw.length };
  }

  /**
   * Gives up when the next content line continues the plain scalar that
   * ends here (more indented, and neither a key nor an item): multi-line
   * plain scalars fold, and the general reader does that.
   */
  private endLineAndCheckNoContinuation(): void {
    const save = this.#pos;
    this.endLine();
    this.skipBlank();
    if (this.#pos < this.#text.length && this.column(this.#pos) > this.indentOfLine(save)) {
      const isItem = this.#text[this.#pos] === '-' && this.isBreakOrSpace(this.#pos + 1);
      if (!isItem && !this.looksLikeKey()) giveUp();
    }
    this.#pos = save;
  }

  /** Indentation of the line that holds `offset`. */
  private indentOfLine(offset: number): number {
    let i = offset - this.#lines.column(offset);
    const from = i;
    while (this.#text[i] === ' ') i++;
    return i - from;
  }

  private quotedEnd(from: number): number {
    const text = this.#text;
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

  private quoted(): Node {
    const text = this.#text;
    const start = this.#pos;
    const end = this.quotedEnd(start);
    if (end < 0) giveUp();
    const body = text.slice(start + 1, end - 1);
    this.#pos = end;
    return { value: text[start] === "'" ? body.replace(/''/g, "'") : unescapeDouble(body), start, end };
  }

  private alias(start: number): Node {
    const name = /^\*([^\s,[\]{}]+)/.exec(this.#text.slice(start, start + 256));
    if (!name || !this.#anchors.has(name[1]!)) giveUp();
    const value = this.#anchors.get(name[1]!);
    this.#aliasNodes += this.size(value);
    if (this.#aliasNodes > ALIAS_BUDGET) giveUp();
    this.#pos = start + name[0].length;
    return { value, start, end: this.#pos, alias: true };
  }

  /** How many values a value holds, itself included (memoized: aliases share their targets). */
  private size(value: unknown): number {
    if (typeof value !== 'object' || value === null) return 1;
    const known = this.#sizes.get(value);
    if (known !== undefined) return known;
    let n = 1;
    for (const v of Object.values(value)) n += this.size(v);
    this.#sizes.set(value, n);
    return n;
  }

  // ---- flow collections ----

  /** A flow collection; its continuation lines must be indented past `parentIndent` (closing brackets may sit at it). */
  private flow(parentIndent: number): Node {
    const text = this.#text;
    const start = this.#pos;
    const open = text[start];
    const close = open === '[' ? ']' : '}';
    this.#pos++;
    this.#flowDepth++;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    const container = open === '[' ? list : map;
    for (;;) {
      this.skipFlowSpace(parentIndent);
      if (text[this.#pos] === close) {
        this.#pos++;
        break;
      }
      if (open === '[') {
        const item = this.flowValue(parentIndent);
        this.skipFlowSpace(parentIndent);
        if (text[this.#pos] === ':') giveUp();
        this.#origins.set(list, list.length, this.origin(item, item));
        list.push(item.value);
      } else {
        const key = this.flowScalar(true);
        const keyText = key.value === null ? 'null' : String(key.value);
        if (keyText === '<<' || Object.prototype.hasOwnProperty.call(map, keyText)) giveUp();
        this.skipFlowSpace(parentIndent);
        let value: Node | undefined;
        if (text[this.#pos] === ':') {
          this.#pos++;
          this.skipFlowSpace(parentIndent);
          value = text[this.#pos] === ',' || text[this.#pos] === '}' ? { value: null, start: this.#pos, end: this.#pos } : this.flowValue(parentIndent);
        }
        this.#origins.set(map, keyText, this.origin(key, value));
        put(map, keyText, value ? value.value : null);
      }
      this.skipFlowSpace(parentIndent);
      if (text[this.#pos] === ',') this.#pos++;
      else if (text[this.#pos] !== close) giveUp();
    }
    this.#flowDepth--;
    const node = { value: container, start, end: this.#pos };
    this.#origins.setSelf(container, this.origin(node, node));
    return node;
  }

  private skipFlowSpace(parentIndent: number): void {
    const text = this.#text;
    let newLine = false;
    for (;;) {
      const c = text[this.#pos];
      if (c === ' ') this.#pos++;
      else if (c === '\n') {
        this.#pos++;
        newLine = true;
      } else if (c === '#' && (text[this.#pos - 1] === ' ' || text[this.#pos - 1] === '\n')) {
        while (this.#pos < text.length && text[this.#pos] !== '\n') this.#pos++;
      } else if (c === undefined) giveUp();
      else break;
    }
    if (newLine) {
      const column = this.column(this.#pos);
      // Only the outermost collection's closing bracket may sit at the parent's indentation.
      const closing = this.#flowDepth === 1 && (text[this.#pos] === ']' || text[this.#pos] === '}');
      if (column < parentIndent || (!closing && column === parentIndent) || (parentIndent < 0 && column === 0 && !closing)) giveUp();
    }
  }

  private flowValue(parentIndent: number): Node {
    const text = this.#text;
    const c = text[this.#pos];
    if (c === '[' || c === '{') return this.flow(parentIndent);
    if (c === '*') return this.alias(this.#pos);
    return this.flowScalar(false);
  }

  private flowScalar(isKey: boolean): Node {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start];
    if (c === '"' || c === "'") return this.quoted();
    if (c === undefined || '[]{},#&*!|>%@`'.includes(c) || ((c === '-' || c === '?' || c === ':') && this.isBreakOrSpace(start + 1))) giveUp();
    let i = start;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '\n') giveUp();
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':' && (this.isBreakOrSpace(i + 1) || ',]}'.includes(text[i + 1] ?? ''))) break;
      if (ch === '#' && text[i - 1] === ' ') giveUp();
      i++;
    }
    if (text[i] === '[' || text[i] === '{') giveUp();
    const raw = text.slice(start, i).replace(/ +$/, '');
    if (raw === '' && !isKey) giveUp();
    this.#pos = start + raw.length;
    return { value: resolvePlain(raw), start, end: this.#pos };
  }

  // ---- block scalars ----

  private blockScalar(parentIndent: number): Node {
    const text = this.#text;
    const start = this.#pos;
    const header = /^([|>])([-+]?)([1-9]?)([-+]?)/.exec(text.slice(start, start + 5))!;
    if (header[2] && header[4]) giveUp();
    const folded = header[1] === '>';
    const chomp = header[2] || header[4] || '';
    this.#pos += header[0].length;
    this.endLine();
    const lines: string[] = [];
    let indent = header[3] ? parentIndent + Number(header[3]) : -1;
    if (header[3] && parentIndent < 0) giveUp();
    let lastContentEnd = this.#pos;
    let leadingBlank = 0;
    while (this.#pos < text.length) {
      const lineEnd = text.indexOf('\n', this.#pos) === -1 ? text.length : text.indexOf('\n', this.#pos);
      const line = text.slice(this.#pos, lineEnd);
      const spaces = /^ */.exec(line)![0].length;
      if (spaces === line.length) {
        if (indent < 0) leadingBlank = Math.max(leadingBlank, spaces);
        if (indent >= 0 && spaces > indent) lines.push(line.slice(indent));
        else lines.push('');
        this.#pos = Math.min(lineEnd + 1, text.length);
        continue;
      }
      if (indent < 0) {
        if (spaces <= parentIndent) break;
        indent = spaces;
        // Leading blank lines deeper than the content need an explicit indentation indicator.
        if (leadingBlank > indent) giveUp();
      }
      if (spaces < indent) break;
      lines.push(line.slice(indent));
      this.#pos = Math.min(lineEnd + 1, text.length);
      lastContentEnd = this.#pos;
    }
    // Lines after the last content line belong to the scalar only for chomping; the position goes back to them.
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === '') {
      trailing++;
      lines.pop();
    }
    const body = folded ? fold(lines) : lines.join('\n');
    let value: string;
    if (lines.length === 0) value = chomp === '+' ? '\n'.repeat(trailing) : '';
    else if (chomp === '-') value = body;
    else if (chomp === '+') value = body + '\n' + '\n'.repeat(trailing);
    else value = body + '\n';
    if (lastContentEnd < this.#pos) this.#pos = lastContentEnd;
    if (lines.length === 0 && lastContentEnd === start) giveUp();
    return { value, start, end: lastContentEnd };
  }
}

/** Folding of `>` scalars: lines join with spaces, empty lines are newlines; more-indented lines are left to the general reader. */
function fold(lines: readonly string[]): string {
  let out = '';
  let previousEmpty = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(' ')) giveUp();
    if (line === '') {
      out += '\n';
      previousEmpty = true;
      continue;
    }
    if (i > 0 && !previousEmpty) out += ' ';
    out += line;
    previousEmpty = false;
  }
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function unescapeDouble(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) giveUp();
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) giveUp();
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    i += width;
  }
  return out;
}
