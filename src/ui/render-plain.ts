import { style, type Styler } from '../base/style.ts';
import type { EngineEvent } from '../engine/events.ts';
import { isEndState } from './derive-row.ts';
import type { ProgressRow, ProgressState, RowState } from './progress-state.ts';
import { reduceProgress, type ProgressInput } from './progress-store.ts';
import { initialProgressState } from './progress-state.ts';
import type { ProgressRenderer, TextSink } from './progress-renderer.ts';
import { compareRows, headerCounts, labelWidth, rowElapsed, rowLabel, statusWidth } from './progress-tree.ts';
import { causeWords, formatElapsed } from './status-words.ts';
import { sanitizeLine } from './text-width.ts';

export interface PlainRendererOptions {
  readonly out: TextSink;
  /** Colour the status words; off unless forced (--ansi always, FORCE_COLOR) or a terminal. */
  readonly color: boolean;
}

/**
 * `--progress plain`: one line per change of a row's state, nothing redrawn,
 * no spinners, no escape codes unless colour is forced. Readable in CI logs
 * and pipes:
 *
 *   Container demo-web-1  Recreate   (config changed: environment.MODE)
 *   Container demo-web-1  Recreated  (config changed: environment.MODE) 1.2s
 */
export function createPlainRenderer(options: PlainRendererOptions): ProgressRenderer {
  const s = style(options.color);
  let state = initialProgressState();
  /** What was last printed for each row: a line only when it changes. */
  const printed = new Map<string, string>();

  const apply = (event: ProgressInput) => {
    const before = state;
    state = reduceProgress(state, event);
    const lines: string[] = [];
    if (event.type === 'pass.started') {
      printed.clear();
      if (event.dryRun) lines.push(s.yellow(`Dry run: ${event.command} would do the following; nothing is changed.`));
    }
    if (event.type === 'message') lines.push(messageLine(event.level, event.text, event.resource?.name, s));
    const changed = Object.values(state.rows)
      .filter((row) => row !== before.rows[row.id])
      .sort(compareRows);
    for (const row of changed) lines.push(...rowLines(row, state, printed, s));
    if (event.type === 'pass.finished' || (event.type === 'renderer.closed' && before.phase === 'running')) lines.push(summaryLine(state, s));
    if (lines.length > 0) options.out.write(lines.join('\n') + '\n');
  };

  return {
    handle: (event: EngineEvent) => apply(event),
    close: async () => apply({ type: 'renderer.closed', at: state.lastAt }),
  };
}

function rowLines(row: ProgressRow, state: ProgressState, printed: Map<string, string>, s: Styler): string[] {
  if (row.state === 'pending') return [];
  const layer = row.kind === 'layer';
  // Layers print when their words change (`Downloading`, `Pull complete`), never on byte counts.
  const key = layer ? row.status : `${row.state}\0${row.status}\0${row.text ?? ''}`;
  const previous = printed.get(row.id);
  if (previous === key) return [];
  // Between two steps of a group the text goes blank for a moment (`Recreate  stopping`, `Recreate`, `Recreate  removing`): no line for that.
  if (!layer && row.state === 'working' && (row.text ?? '') === '' && previous?.startsWith(`${row.state}\0${row.status}\0`) === true) return [];
  const first = !printed.has(row.id);
  printed.set(row.id, key);
  const label = layer ? `  ${rowLabel(row)}` : rowLabel(row).padEnd(labelWidth(state));
  const end = isEndState(row.state);
  const rest: string[] = [];
  if (row.text !== undefined && row.text !== '') rest.push(sanitizeLine(row.text));
  const cause = causeWords(row.cause);
  if (!layer && cause !== '' && (first || end)) rest.push(`(${sanitizeLine(cause)})`);
  const elapsed = end ? rowElapsed(row, state.lastAt) : undefined;
  if (!layer && elapsed !== undefined) rest.push(s.dim(formatElapsed(elapsed)));
  const status = rest.length > 0 && !layer ? row.status.padEnd(statusWidth(state)) : row.status;
  const lines = [[label, colorState(row.state, status, s), ...rest].join('  ')];
  if (row.error !== undefined) {
    lines.push(`  ${s.red('error')} ${s.dim(row.error.code)}: ${sanitizeLine(row.error.message)}`);
    for (const detail of (row.error.detail ?? '').split('\n').filter((l) => l.trim() !== '')) lines.push(`  ${s.dim('|')} ${sanitizeLine(detail)}`);
    if (row.error.hint) lines.push(`  ${s.green('hint:')} ${sanitizeLine(row.error.hint)}`);
  } else if (row.waitFailure?.detail) {
    lines.push(`  ${s.dim('|')} ${sanitizeLine(row.waitFailure.detail)}`);
  }
  return lines;
}

function colorState(state: RowState, text: string, s: Styler): string {
  switch (state) {
    case 'done':
      return s.green(text);
    case 'error':
      return s.red(text);
    case 'warning':
      return s.yellow(text);
    case 'skipped':
    case 'pending':
      return s.dim(text);
    case 'working':
    case 'waiting':
      return s.cyan(text);
  }
}

function messageLine(level: 'info' | 'warning' | 'error', text: string, resource: string | undefined, s: Styler): string {
  const where = resource ? `${resource}: ` : '';
  const tag = level === 'error' ? s.red('error') : level === 'warning' ? s.yellow('warning') : s.cyan('info');
  return `${tag}: ${where}${sanitizeLine(text)}`;
}

/** The last line: how the pass ended, its counts and how long it took. */
function summaryLine(state: ProgressState, s: Styler): string {
  const { done, total } = headerCounts(state);
  const outcome = state.outcome;
  const elapsed = state.startedAt !== undefined && state.finishedAt !== undefined ? ` in ${formatElapsed(state.finishedAt - state.startedAt)}` : '';
  const what = [state.command, state.project].filter(Boolean).join(' ');
  if (outcome === undefined) return s.yellow(`[+] ${what}: interrupted, ${done}/${total} done${elapsed}`);
  if (outcome.ok) return s.green(`[+] ${what}: done ${done}/${total}${elapsed}`);
  const counts = [`${outcome.failed} failed`, ...(outcome.skipped > 0 ? [`${outcome.skipped} skipped`] : [])].join(', ');
  if (outcome.canceled) return s.yellow(`[+] ${what}: canceled, ${done}/${total} done${elapsed}`);
  return s.red(`[+] ${what}: ${counts}, ${done}/${total} done${elapsed}`);
}
