import { put, type Origins } from './origins.ts';
import type { Node } from './yaml-cursor.ts';
import { InlineReader } from './yaml-inline.ts';
import { GIVE_UP, giveUp, resolvePlain } from './yaml-scalars.ts';

/**
 * A fast reader for the YAML that compose files are made of: block mappings
 * and sequences, flow collections, plain, quoted and block scalars, comments,
 * anchors, aliases, `<<` merge keys, `!reset`/`!override`, several `---`
 * documents. It gives the same values and origins as the general reader
 * (parse-general.ts, the `yaml` library), at a fraction of the cost; anything outside
 * that subset, and anything invalid, makes it give up (undefined) so that
 * the general reader reads the file and reports the problems.
 * yaml-fast.test.ts checks the two agree on every corpus file and on
 * random edits.
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

/** Documents, block mappings and sequences, and the values that start on a line. */
class Reader extends InlineReader {
  documents(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.text.length) break;
      if (this.text.startsWith('---', this.pos) && this.isBreakOrSpace(this.pos + 3)) {
        this.pos += 3;
        this.skipSpaces();
        if (!this.atLineEnd()) giveUp();
        continue;
      }
      if (this.column(this.pos) !== 0 || this.text.startsWith('...', this.pos) || this.text[this.pos] === '%') giveUp();
      const node = this.blockNode(-1);
      if (node === undefined || typeof node.value !== 'object' || node.value === null || Array.isArray(node.value)) giveUp();
      out.push(node.value as Record<string, unknown>);
      this.anchors = new Map();
      this.anchorNames = new Set();
    }
    if (out.length === 0) giveUp();
    return out;
  }

  /**
   * The block node at the current position, whose lines are indented more
   * than `parentIndent`; undefined when the next content line is not (an
   * empty value). A sequence may sit at the parent's own indentation when
   * `allowSeqAtParent` (mapping values: `key:\n- a`).
   */
  blockNode(parentIndent: number, allowSeqAtParent = false): Node | undefined {
    this.skipBlank();
    if (this.pos >= this.text.length) return undefined;
    if (this.text.startsWith('---', this.pos) && this.column(this.pos) === 0 && this.isBreakOrSpace(this.pos + 3)) return undefined;
    const indent = this.column(this.pos);
    const isSeq = this.text[this.pos] === '-' && this.isBreakOrSpace(this.pos + 1);
    if (indent <= parentIndent && !(allowSeqAtParent && isSeq && indent === parentIndent)) return undefined;
    return isSeq ? this.blockSequence(indent) : this.blockMapping(indent);
  }

  blockSequence(indent: number): Node {
    const out: unknown[] = [];
    const start = this.pos;
    let end = start;
    for (;;) {
      this.skipBlank();
      if (this.pos >= this.text.length || this.column(this.pos) !== indent) break;
      if (!(this.text[this.pos] === '-' && this.isBreakOrSpace(this.pos + 1))) break;
      this.pos++;
      this.skipSpaces();
      const empty = this.pos;
      let item: Node;
      if (this.atLineEnd()) {
        this.endLine();
        item = this.blockNode(indent) ?? { value: null, start: empty, end: empty };
      } else item = this.inlineOrCompact(this.column(this.pos), indent);
      end = Math.max(end, item.end);
      if (item.directive === 'reset') continue;
      if (item.directive === 'override') giveUp();
      this.origins.set(out, out.length, this.origin(item, item));
      out.push(item.value);
    }
    if (this.pos < this.text.length && this.column(this.pos) > indent) giveUp();
    this.origins.setSelf(out, this.origin({ start, end }, { value: out, start, end }));
    return { value: out, start, end };
  }

  /** A sequence item that starts on the dash line: a compact mapping or sequence, or an inline value. */
  inlineOrCompact(column: number, dashIndent: number): Node {
    const c = this.text[this.pos];
    if (c === '-' && this.isBreakOrSpace(this.pos + 1)) return this.blockSequence(column);
    if (this.looksLikeKey()) return this.blockMapping(column);
    return this.inlineValue(dashIndent, false);
  }

  /** Whether the current line, from here, is `key: ...` (a plain or quoted key followed by `:` and a space or the end of line). */
  looksLikeKey(): boolean {
    const text = this.text;
    let i = this.pos;
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

  blockMapping(indent: number): Node {
    const out: Record<string, unknown> = {};
    const start = this.pos;
    let end = start;
    const merges: Node[] = [];
    for (let first = true; ; first = false) {
      if (!first) {
        this.skipBlank();
        if (this.pos >= this.text.length || this.column(this.pos) !== indent) break;
        if (this.text.startsWith('---', this.pos) && indent === 0 && this.isBreakOrSpace(this.pos + 3)) break;
        if (this.text[this.pos] === '-' && this.isBreakOrSpace(this.pos + 1)) break;
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
      if (Object.prototype.hasOwnProperty.call(out, key.text) || this.origins.directive(out, key.text) !== undefined) giveUp();
      this.origins.set(out, key.text, this.origin(key, value));
      if (value.directive === 'reset') {
        this.origins.setDirective(out, key.text, 'reset');
        continue;
      }
      if (value.directive === 'override') this.origins.setDirective(out, key.text, 'override');
      put(out, key.text, value.value);
    }
    if (this.pos < this.text.length && this.column(this.pos) > indent) giveUp();
    this.applyMerges(out, merges);
    this.origins.setSelf(out, this.origin({ start, end }, { value: out, start, end }));
    return { value: out, start, end };
  }

  /** `<<` merges: mappings (or a list of them), explicit keys first, then the first merged mapping's keys win. */
  applyMerges(out: Record<string, unknown>, merges: readonly Node[]): void {
    for (const merge of merges) {
      const sources = Array.isArray(merge.value) ? merge.value : [merge.value];
      for (const source of sources) {
        if (typeof source !== 'object' || source === null || Array.isArray(source)) giveUp();
        for (const key of Object.keys(source)) {
          if (Object.prototype.hasOwnProperty.call(out, key) || this.origins.directive(out, key) === 'reset') continue;
          put(out, key, (source as Record<string, unknown>)[key]);
          this.origins.copy(source, key, out);
        }
      }
    }
  }

  mappingKey(): { text: string; start: number; end: number; merge: boolean } {
    const text = this.text;
    const start = this.pos;
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
      this.pos = start + raw.length;
      merge = raw === '<<';
      const resolved = resolvePlain(raw);
      keyText = resolved === null ? 'null' : String(resolved);
    }
    const end = this.pos;
    this.skipSpaces();
    if (text[this.pos] !== ':' || !this.isBreakOrSpace(this.pos + 1)) giveUp();
    this.pos++;
    return { text: keyText, start, end, merge };
  }

  /** A value that starts on the current line: properties, then an alias, a flow collection, a quoted, block or plain scalar. */
  inlineValue(parentIndent: number, inMapping: boolean): Node {
    const text = this.text;
    let directive: 'reset' | 'override' | undefined;
    let anchor: string | undefined;
    for (;;) {
      const c = text[this.pos];
      if (c === '!') {
        const tag = /^!\S*/.exec(text.slice(this.pos, this.pos + 64))![0];
        if (tag !== '!reset' && tag !== '!override') giveUp();
        if (directive) giveUp();
        directive = tag === '!reset' ? 'reset' : 'override';
        this.pos += tag.length;
      } else if (c === '&') {
        const name = /^&([^\s,[\]{}]+)/.exec(text.slice(this.pos, this.pos + 256));
        // A name anchored twice refers to its latest place in the text: left to the general reader.
        if (!name || anchor !== undefined || this.anchorNames.has(name[1]!)) giveUp();
        this.anchorNames.add(name[1]!);
        anchor = name[1]!;
        this.pos += name[0].length;
      } else break;
      if (!this.isBreakOrSpace(this.pos)) giveUp();
      this.skipSpaces();
      if (this.atLineEnd()) {
        const empty = this.pos;
        this.endLine();
        // Only a mapping value may be a sequence at the mapping's own indentation.
        const block = this.blockNode(parentIndent, inMapping);
        if (!block) {
          // A tag on nothing is an empty string to the general reader; rare enough to leave to it.
          if (directive) giveUp();
          if (anchor !== undefined) this.anchors.set(anchor, null);
          return { value: null, start: empty, end: empty, ...(directive ? { directive } : {}) };
        }
        if (anchor !== undefined) this.anchors.set(anchor, block.value);
        return { ...block, ...(directive ? { directive } : {}) };
      }
    }
    if (this.text[this.pos] === '*' && (directive !== undefined || anchor !== undefined)) giveUp();
    const node = this.inlineBody(parentIndent);
    if (anchor !== undefined) this.anchors.set(anchor, node.value);
    return directive ? { ...node, directive } : node;
  }

  inlineBody(parentIndent: number): Node {
    const text = this.text;
    const start = this.pos;
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

  plainInBlock(): Node {
    const text = this.text;
    const start = this.pos;
    const c = text[start]!;
    if ('[]{},#&*!|>\'"%@`'.includes(c) || ((c === '-' || c === '?' || c === ':') && this.isBreakOrSpace(start + 1))) giveUp();
    let i = start;
    while (i < text.length && text[i] !== '\n') {
      if (text[i] === '#' && text[i - 1] === ' ') break;
      if (text[i] === ':' && this.isBreakOrSpace(i + 1)) giveUp();
      i++;
    }
    const raw = text.slice(start, i).replace(/ +$/, '');
    this.pos = start + raw.length;
    // A plain scalar continued on the next lines (multi-line folding) is left to the general reader.
    this.endLineAndCheckNoContinuation();
    this.pos = start + raw.length;
    return { value: resolvePlain(raw), start, end: start + raw.length };
  }

  /**
   * Gives up when the next content line continues the plain scalar that
   * ends here (more indented, and neither a key nor an item): multi-line
   * plain scalars fold, and the general reader does that.
   */
  endLineAndCheckNoContinuation(): void {
    const save = this.pos;
    this.endLine();
    this.skipBlank();
    if (this.pos < this.text.length && this.column(this.pos) > this.indentOfLine(save)) {
      const isItem = this.text[this.pos] === '-' && this.isBreakOrSpace(this.pos + 1);
      if (!isItem && !this.looksLikeKey()) giveUp();
    }
    this.pos = save;
  }
}
