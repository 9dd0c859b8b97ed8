/**
 * Scalars of the fast YAML reader (yaml-fast.ts): plain resolution,
 * double-quote escapes, folding; and the signal it gives up with.
 */

/** Thrown (and caught by readYamlFast) when the fast reader meets something it leaves to the general one. */
export const GIVE_UP: unique symbol = Symbol('give up');

export function giveUp(): never {
  throw GIVE_UP;
}

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

/** Folding of `>` scalars: lines join with spaces, empty lines are newlines; more-indented lines are left to the general reader. */
export function fold(lines: readonly string[]): string {
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

export function unescapeDouble(body: string): string {
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
