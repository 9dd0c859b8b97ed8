/**
 * Variable interpolation as Compose does it (compose-go template package):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}`, nested
 * expressions in the default/error/alternative part, and `$$` for a literal
 * `$`. A `$` that does not start a name or `{` is kept as it is.
 */

export type Lookup = (name: string) => string | undefined;

export type InterpolationIssue =
  | { readonly kind: 'unset'; readonly name: string }
  | { readonly kind: 'required'; readonly name: string; readonly message: string }
  | { readonly kind: 'syntax'; readonly detail: string; readonly offset: number };

export interface InterpolationResult {
  readonly value: string;
  readonly issues: readonly InterpolationIssue[];
}

const NAME_START = /[_a-zA-Z]/;
const NAME_CHAR = /[_a-zA-Z0-9]/;

export function interpolateString(text: string, lookup: Lookup): InterpolationResult {
  const issues: InterpolationIssue[] = [];
  const value = expand(text, lookup, issues, 0);
  return { value, issues };
}

function expand(text: string, lookup: Lookup, issues: InterpolationIssue[], base: number): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      out += plain(name, lookup, issues);
      i = j;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 2);
      if (close < 0) {
        issues.push({ kind: 'syntax', detail: `"${text.slice(i)}" has no closing "}"`, offset: base + i });
        return out + text.slice(i);
      }
      out += braced(text.slice(i + 2, close), lookup, issues, base + i + 2);
      i = close + 1;
      continue;
    }
    // A lone `$` (end of text, or before a character that starts no name) is literal.
    out += '$';
    i++;
  }
  return out;
}

/** The index of the `}` that closes a `${` whose content starts at `from`, minding nested `${...}`. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function plain(name: string, lookup: Lookup, issues: InterpolationIssue[]): string {
  const value = lookup(name);
  if (value === undefined) {
    issues.push({ kind: 'unset', name });
    return '';
  }
  return value;
}

function braced(body: string, lookup: Lookup, issues: InterpolationIssue[], offset: number): string {
  let j = 0;
  if (j < body.length && NAME_START.test(body[j]!)) {
    j++;
    while (j < body.length && NAME_CHAR.test(body[j]!)) j++;
  }
  const name = body.slice(0, j);
  if (name === '') {
    issues.push({ kind: 'syntax', detail: `"\${${body}}" does not start with a variable name`, offset });
    return '';
  }
  const rest = body.slice(j);
  if (rest === '') return plain(name, lookup, issues);
  const colon = rest.startsWith(':');
  const op = rest[colon ? 1 : 0];
  const arg = rest.slice(colon ? 2 : 1);
  if (op !== '-' && op !== '?' && op !== '+') {
    issues.push({ kind: 'syntax', detail: `"\${${body}}" uses an operator Compose does not support`, offset });
    return '';
  }
  const value = lookup(name);
  // With a colon, an empty value counts as unset.
  const isSet = colon ? value !== undefined && value !== '' : value !== undefined;
  const argOffset = offset + j + (colon ? 2 : 1);
  switch (op) {
    case '-':
      return isSet ? value! : expand(arg, lookup, issues, argOffset);
    case '+':
      return isSet ? expand(arg, lookup, issues, argOffset) : '';
    case '?':
      if (isSet) return value!;
      issues.push({ kind: 'required', name, message: expand(arg, lookup, issues, argOffset) });
      return '';
  }
  return '';
}

/** Every variable a text refers to, with the default it would fall back to (for `config --variables`). */
export function variablesOf(text: string): { name: string; defaultValue?: string; required: boolean }[] {
  const found: { name: string; defaultValue?: string; required: boolean }[] = [];
  const re = /\$(?:\$|\{([_a-zA-Z][_a-zA-Z0-9]*)(:?[-?+])?|([_a-zA-Z][_a-zA-Z0-9]*))/g;
  for (const m of text.matchAll(re)) {
    if (m[0] === '$$') continue;
    const name = m[1] ?? m[3];
    if (!name) continue;
    const op = m[2];
    let defaultValue: string | undefined;
    if (op && op.endsWith('-')) {
      const start = (m.index ?? 0) + m[0].length;
      const close = matchingBrace(text, start);
      if (close >= 0) defaultValue = text.slice(start, close);
    }
    found.push({ name, ...(defaultValue !== undefined ? { defaultValue } : {}), required: op?.endsWith('?') ?? false });
  }
  return found;
}
