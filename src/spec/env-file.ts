import type { Diagnostic } from '../base/index.ts';
import { errorAt } from './diagnostic.ts';
import { interpolateString, type Lookup } from './interpolate.ts';

export interface EnvFileOptions {
  /** Resolves `${VAR}` in values and bare `VAR` lines; the file's own earlier entries are consulted after it. */
  readonly lookup: Lookup;
  /** `format: raw` turns interpolation off: values are taken literally. */
  readonly raw?: boolean;
}

export interface EnvFileResult {
  /** Entries in file order; a later line for the same key replaces an earlier one. */
  readonly values: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

const KEY_CHAR = /[\p{L}\p{N}_.\-]/u;

/**
 * Parses an env file (.env, --env-file, env_file, label_file) with the rules
 * Compose documents: `KEY=value` (or `KEY: value`), an optional `export `
 * prefix, `#` comments (inline ones after a space on unquoted values),
 * single-quoted values taken literally, double-quoted values with `\n` `\r`
 * `\t` escapes and interpolation, both possibly over several lines, and a
 * bare `KEY` that takes its value from the lookup (or stays unset).
 */
export function parseEnvFile(text: string, file: string, options: EnvFileOptions): EnvFileResult {
  const values = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (offset: number, end: number, message: string, hint: string) => {
    diagnostics.push(errorAt({ code: 'STK1008', message, at: { file, key: { start: position(offset), end: position(end) } }, hint }));
  };
  const lookup = (name: string) => options.lookup(name) ?? values.get(name);
  const expand = (value: string) => interpolateString(value, lookup).value;

  let i = 0;
  while (i < src.length) {
    // Skip blank space and comment lines.
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i >= src.length) break;
    if (src[i] === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const lineEnd = indexOrEnd(src, '\n', i);
    let keyStart = i;
    const exported = /^export[ \t]+/.exec(src.slice(i, lineEnd));
    if (exported) keyStart += exported[0].length;
    let j = keyStart;
    while (j < lineEnd && src[j] !== '=' && src[j] !== ':') j++;
    const rawKey = src.slice(keyStart, j).replace(/[ \t\r]+$/, '');
    const bad = [...rawKey].find((ch) => !KEY_CHAR.test(ch));
    if (rawKey === '' || bad !== undefined) {
      const what = rawKey === '' ? 'a line with no variable name' : /\s/.test(bad!) ? `the variable name "${rawKey}" contains a space` : `the variable name "${rawKey}" contains "${bad}"`;
      fail(i, lineEnd, `invalid env file line: ${what}`, 'write one `NAME=value` per line; names use letters, digits, `_`, `.` and `-`');
      i = lineEnd;
      continue;
    }
    if (j >= lineEnd) {
      // A bare `KEY`: inherited from the environment, or left unset.
      const inherited = options.lookup(rawKey);
      if (inherited !== undefined) values.set(rawKey, inherited);
      i = lineEnd;
      continue;
    }
    if (options.raw) {
      values.set(rawKey, src.slice(j + 1, lineEnd).replace(/\r$/, ''));
      i = lineEnd;
      continue;
    }
    let v = j + 1;
    while (v < lineEnd && (src[v] === ' ' || src[v] === '\t')) v++;
    const quote = src[v];
    if (quote === '"' || quote === "'") {
      let close = -1;
      for (let k = v + 1; k < src.length; k++) {
        if (src[k] === quote && src[k - 1] !== '\\') {
          close = k;
          break;
        }
      }
      if (close < 0) {
        fail(v, lineEnd, `invalid env file line: the value of ${rawKey} opens a ${quote === '"' ? 'double' : 'single'} quote that is never closed`, `close the value with ${quote}`);
        break;
      }
      const body = src.slice(v + 1, close);
      values.set(rawKey, quote === "'" ? body.replace(/\\'/g, "'") : expand(unescapeDouble(body)));
      i = indexOrEnd(src, '\n', close);
      continue;
    }
    let value = src.slice(v, lineEnd).replace(/\r$/, '');
    const comment = /(^|[ \t])#/.exec(value);
    if (comment) value = value.slice(0, comment.index);
    values.set(rawKey, expand(value.replace(/[ \t]+$/, '')));
    i = lineEnd;
  }
  return { values, diagnostics };
}

function indexOrEnd(text: string, ch: string, from: number): number {
  const at = text.indexOf(ch, from);
  return at < 0 ? text.length : at;
}

function unescapeDouble(body: string): string {
  return body.replace(/\\(.)/gs, (match, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '$':
        return '$$'; // stays a literal `$` through interpolation
      default:
        return c;
    }
  });
}
