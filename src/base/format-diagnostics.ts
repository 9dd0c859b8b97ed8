import type { Diagnostic, Range } from './diagnostics.ts';
import { sortDiagnostics } from './diagnostics.ts';
import { style, type Styler } from './style.ts';

/** Returns the text of a file a diagnostic names, or undefined when it cannot be read. */
export type SourceLookup = (file: string) => string | undefined;

export interface FormatOptions {
  readonly color: boolean;
  readonly sources: SourceLookup;
  /** Shown instead of absolute paths: paths under it are printed relative to it. */
  readonly cwd?: string;
}

/**
 * Prints diagnostics as a compiler does:
 *
 *   error STK2001: service "web": unknown key "imagee"
 *     --> compose.yaml:4:5
 *      |
 *    4 |     imagee: nginx
 *      |     ^^^^^^
 *      = hint: did you mean "image"?
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const s = style(options.color);
  const blocks = sortDiagnostics(diagnostics).map((d) => formatOne(d, options, s));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors > 0) {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`];
    if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
    blocks.push(s.bold(`Found ${parts.join(' and ')}.`) + '\n');
  }
  return blocks.join('\n');
}

function formatOne(d: Diagnostic, options: FormatOptions, s: Styler): string {
  const label = d.severity === 'error' ? s.red('error') : d.severity === 'warning' ? s.yellow('warning') : s.cyan('info');
  const lines = [`${label} ${s.dim(d.code)}: ${s.bold(d.message)}`];
  if (d.file !== undefined) {
    const where = displayPath(d.file, options.cwd) + (d.range ? `:${d.range.start.line}:${d.range.start.column}` : '');
    lines.push(`  ${s.cyan('-->')} ${where}`);
    const text = d.range ? options.sources(d.file) : undefined;
    if (text !== undefined && d.range) lines.push(...codeFrame(text, d.range, s));
  }
  for (const r of d.related ?? []) {
    const where = r.file ? ` (${displayPath(r.file, options.cwd)}${r.range ? `:${r.range.start.line}:${r.range.start.column}` : ''})` : '';
    lines.push(`  ${s.dim('=')} ${s.dim('note:')} ${r.message}${where}`);
  }
  if (d.hint) lines.push(`  ${s.dim('=')} ${s.green('hint:')} ${d.hint}`);
  return lines.join('\n') + '\n';
}

export function displayPath(file: string, cwd: string | undefined): string {
  if (cwd && file.startsWith(cwd.endsWith('/') ? cwd : cwd + '/')) return file.slice(cwd.length + (cwd.endsWith('/') ? 0 : 1));
  return file;
}

/** One line of context above, the line itself with a caret underline; tabs kept so columns line up. */
function codeFrame(text: string, range: Range, s: Styler): string[] {
  const all = text.split(/\r?\n/);
  const line = range.start.line;
  if (line < 1 || line > all.length) return [];
  const first = Math.max(1, line - 1);
  const width = String(line).length;
  const gutter = (n: number | '') => s.dim(`${String(n).padStart(width)} |`);
  const out = [`  ${gutter('')}`];
  for (let n = first; n <= line; n++) out.push(`  ${gutter(n)} ${all[n - 1] ?? ''}`);
  const src = all[line - 1] ?? '';
  const startCol = Math.min(Math.max(range.start.column, 1), src.length + 1);
  const endCol = range.end.line === line ? Math.max(range.end.column, startCol + 1) : src.length + 1;
  const pad = src.slice(0, startCol - 1).replace(/[^\t]/g, ' ');
  const caret = '^'.repeat(Math.max(1, Math.min(endCol, src.length + 1) - startCol));
  out.push(`  ${gutter('')} ${pad}${s.red(caret)}`);
  return out;
}
