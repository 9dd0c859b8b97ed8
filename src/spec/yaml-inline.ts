import { put } from './origins.ts';
import { Cursor, type Node } from './yaml-cursor.ts';
import { fold, giveUp, resolvePlain } from './yaml-scalars.ts';

/** The constructs that do not follow block indentation: flow collections and block scalars. */
export class InlineReader extends Cursor {
  /** A flow collection; its continuation lines must be indented past `parentIndent` (closing brackets may sit at it). */
  flow(parentIndent: number): Node {
    const text = this.text;
    const start = this.pos;
    const open = text[start];
    const close = open === '[' ? ']' : '}';
    this.pos++;
    this.flowDepth++;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    const container = open === '[' ? list : map;
    for (;;) {
      this.skipFlowSpace(parentIndent);
      if (text[this.pos] === close) {
        this.pos++;
        break;
      }
      if (open === '[') {
        const item = this.flowValue(parentIndent);
        this.skipFlowSpace(parentIndent);
        if (text[this.pos] === ':') giveUp();
        this.origins.set(list, list.length, this.origin(item, item));
        list.push(item.value);
      } else {
        const key = this.flowScalar(true);
        const keyText = key.value === null ? 'null' : String(key.value);
        if (keyText === '<<' || Object.prototype.hasOwnProperty.call(map, keyText)) giveUp();
        this.skipFlowSpace(parentIndent);
        let value: Node | undefined;
        if (text[this.pos] === ':') {
          this.pos++;
          this.skipFlowSpace(parentIndent);
          value = text[this.pos] === ',' || text[this.pos] === '}' ? { value: null, start: this.pos, end: this.pos } : this.flowValue(parentIndent);
        }
        this.origins.set(map, keyText, this.origin(key, value));
        put(map, keyText, value ? value.value : null);
      }
      this.skipFlowSpace(parentIndent);
      if (text[this.pos] === ',') this.pos++;
      else if (text[this.pos] !== close) giveUp();
    }
    this.flowDepth--;
    const node = { value: container, start, end: this.pos };
    this.origins.setSelf(container, this.origin(node, node));
    return node;
  }

  skipFlowSpace(parentIndent: number): void {
    const text = this.text;
    let newLine = false;
    for (;;) {
      const c = text[this.pos];
      if (c === ' ') this.pos++;
      else if (c === '\n') {
        this.pos++;
        newLine = true;
      } else if (c === '#' && (text[this.pos - 1] === ' ' || text[this.pos - 1] === '\n')) {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      } else if (c === undefined) giveUp();
      else break;
    }
    if (newLine) {
      const column = this.column(this.pos);
      // Only the outermost collection's closing bracket may sit at the parent's indentation.
      const closing = this.flowDepth === 1 && (text[this.pos] === ']' || text[this.pos] === '}');
      if (column < parentIndent || (!closing && column === parentIndent) || (parentIndent < 0 && column === 0 && !closing)) giveUp();
    }
  }

  flowValue(parentIndent: number): Node {
    const text = this.text;
    const c = text[this.pos];
    if (c === '[' || c === '{') return this.flow(parentIndent);
    if (c === '*') return this.alias(this.pos);
    return this.flowScalar(false);
  }

  flowScalar(isKey: boolean): Node {
    const text = this.text;
    const start = this.pos;
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
    this.pos = start + raw.length;
    return { value: resolvePlain(raw), start, end: this.pos };
  }

  blockScalar(parentIndent: number): Node {
    const text = this.text;
    const start = this.pos;
    const header = /^([|>])([-+]?)([1-9]?)([-+]?)/.exec(text.slice(start, start + 5))!;
    if (header[2] && header[4]) giveUp();
    const folded = header[1] === '>';
    const chomp = header[2] || header[4] || '';
    this.pos += header[0].length;
    this.endLine();
    const lines: string[] = [];
    let indent = header[3] ? parentIndent + Number(header[3]) : -1;
    if (header[3] && parentIndent < 0) giveUp();
    let lastContentEnd = this.pos;
    let leadingBlank = 0;
    while (this.pos < text.length) {
      const lineEnd = text.indexOf('\n', this.pos) === -1 ? text.length : text.indexOf('\n', this.pos);
      const line = text.slice(this.pos, lineEnd);
      const spaces = /^ */.exec(line)![0].length;
      if (spaces === line.length) {
        if (indent < 0) leadingBlank = Math.max(leadingBlank, spaces);
        if (indent >= 0 && spaces > indent) lines.push(line.slice(indent));
        else lines.push('');
        this.pos = Math.min(lineEnd + 1, text.length);
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
      this.pos = Math.min(lineEnd + 1, text.length);
      lastContentEnd = this.pos;
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
    if (lastContentEnd < this.pos) this.pos = lastContentEnd;
    if (lines.length === 0 && lastContentEnd === start) giveUp();
    return { value, start, end: lastContentEnd };
  }

}
