import type { ProgressRow } from './progress-state.ts';
import { causeWords, formatCount } from './status-words.ts';
import { displayWidth } from './text-width.ts';

/**
 * Column widths of a progress row for a terminal width, so that a row is one
 * line at any width from 80 columns up: the label and status keep their
 * widths (shared by every row, so they line up, the scrollback too), the
 * detail column takes what is left and is cut with an ellipsis.
 *
 *   ` ✔ Container demo-web-1  Recreated   config changed: environment.MODE    1.2s`
 *    ^icon ^label             ^status     ^detail                        ^elapsed
 */
export interface RowLayout {
  readonly label: number;
  readonly status: number;
  readonly detail: number;
  /** Right-aligned, with its leading space. */
  readonly elapsed: number;
}

/** Cells a row uses besides its label, status and detail: indent, icon, gaps. */
const frame = 1 + 1 + 1 + 2 + 2;
const elapsedWidth = 7;
const minDetail = 12;

export function progressRowLayout(columns: number, labelWidth: number, statusWidth: number): RowLayout {
  const usable = Math.max(40, columns);
  let label = Math.min(labelWidth, Math.floor(usable * 0.45));
  const status = statusWidth;
  let detail = usable - frame - elapsedWidth - label - status;
  if (detail < minDetail) {
    label = Math.max(12, label - (minDetail - detail));
    detail = usable - frame - elapsedWidth - label - status;
  }
  return { label, status, detail: Math.max(0, detail), elapsed: elapsedWidth };
}

/** What the detail column says: what is happening while it works, why it was done once it is done. */
export function rowDetail(row: ProgressRow): string {
  if (row.text !== undefined && row.text !== '') return row.text;
  return causeWords(row.cause);
}

/**
 * A text progress bar, `[=====>    ] 1.0MiB/3.2MiB`, fitted in `width`
 * cells; just the counts when there is no room for a bar.
 */
export function progressBar(current: number, total: number | undefined, width: number): string {
  const counts = formatCount(current, total);
  if (total === undefined || total <= 0) return counts;
  const barWidth = Math.min(30, width - displayWidth(counts) - 3);
  if (barWidth < 6) return counts;
  const filled = Math.min(barWidth, Math.floor((current / total) * barWidth));
  const bar = filled >= barWidth ? '='.repeat(barWidth) : '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(barWidth - Math.max(filled, 0));
  return `[${bar.slice(0, barWidth)}] ${counts}`;
}
