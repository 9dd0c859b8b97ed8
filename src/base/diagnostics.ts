/**
 * Diagnostics: bad input reported as values. Phases collect them and return
 * them together; the CLI sorts them and prints them with a code frame, the way
 * TypeScript prints its own.
 *
 * Positions are 1-based (line and column), as editors show them.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface RelatedLocation {
  readonly message: string;
  readonly file?: string;
  readonly range?: Range;
}

export interface Diagnostic {
  /** STKnnnn, banded by layer (see codes/). Tests assert codes, not message text. */
  readonly code: string;
  readonly severity: Severity;
  /** What is wrong, in one sentence, naming the object: `service "web": port "80:80:80" is not valid`. */
  readonly message: string;
  /** The file the problem is in, as the user named it (absolute path or `-` for stdin). */
  readonly file?: string;
  readonly range?: Range;
  /** How to fix it. */
  readonly hint?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Sorted by file, line, column, code, message: the same input gives the same output, byte for byte. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Removes exact repeats (same code, place and message), keeping the first. */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}\0${d.file ?? ''}\0${d.range?.start.line ?? 0}:${d.range?.start.column ?? 0}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
