import type { Diagnostic, RelatedLocation, Severity } from '../base/index.ts';
import type { Origin } from './origins.ts';

/** What the phases need to say about a problem; `at` places it in a file. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly at?: Origin;
  /** Point at the key (default) or at the value. */
  readonly part?: 'key' | 'value';
  /** A file to name when there is no position (a missing file, an env file). */
  readonly file?: string;
  readonly related?: readonly RelatedLocation[];
}

export function problem(severity: Severity, p: Problem): Diagnostic {
  const range = p.at ? (p.part === 'value' ? (p.at.value ?? p.at.key) : (p.at.key ?? p.at.value)) : undefined;
  const file = p.at?.file ?? p.file;
  return {
    code: p.code,
    severity,
    message: p.message,
    ...(file !== undefined ? { file } : {}),
    ...(range ? { range } : {}),
    hint: p.hint,
    ...(p.related && p.related.length > 0 ? { related: p.related } : {}),
  };
}

export const errorAt = (p: Problem): Diagnostic => problem('error', p);
export const warningAt = (p: Problem): Diagnostic => problem('warning', p);

/** A related location for a note line ("defined here"). */
export function relatedAt(message: string, at: Origin | undefined): RelatedLocation {
  return { message, ...(at ? { file: at.file, ...(at.key ?? at.value ? { range: at.key ?? at.value } : {}) } : {}) };
}

/** `a`, `b` and `c`: for messages that list names. */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
