import type { ResourceKind } from '../engine/events.ts';
import { compareStrings } from '../base/sort.ts';
import { isEndState } from './derive-row.ts';
import type { ProgressRow, ProgressState } from './progress-state.ts';
import { kindLabel } from './status-words.ts';

/**
 * Selectors over the progress state: the tree the views draw (networks,
 * volumes, images with their layers, containers by service and replica), the
 * header's counts, the label column's width. Pure; views call them on render.
 */

const kindRank: Readonly<Record<ResourceKind, number>> = {
  project: 0,
  network: 1,
  volume: 2,
  image: 3,
  service: 4,
  container: 4,
  layer: 5,
};

/** Tree order: by kind, containers by service then replica, the rest by name; first appearance breaks ties. */
export function compareRows(a: ProgressRow, b: ProgressRow): number {
  return (
    kindRank[a.kind] - kindRank[b.kind] ||
    (a.kind === 'container' || a.kind === 'service' ? compareStrings(a.service ?? a.name, b.service ?? b.name) || (a.replica ?? 0) - (b.replica ?? 0) : 0) ||
    compareStrings(a.name, b.name) ||
    a.seq - b.seq
  );
}

/** Rows that nest under no other row of the pass. */
export function topLevelRows(state: ProgressState): ProgressRow[] {
  return Object.values(state.rows)
    .filter((row) => row.parent === undefined || state.rows[row.parent] === undefined)
    .sort(compareRows);
}

/** A row's children (an image's layers) in the order they appeared. */
export function childRows(state: ProgressState, id: string): ProgressRow[] {
  return Object.values(state.rows)
    .filter((row) => row.parent === id)
    .sort((a, b) => a.seq - b.seq);
}

/** A row with its children, as the live region draws it. */
export interface RowWithChildren {
  readonly row: ProgressRow;
  readonly children: readonly ProgressRow[];
}

/** The rows of the live region: top-level rows not yet settled, in tree order, with their children. */
export function liveRows(state: ProgressState): RowWithChildren[] {
  return topLevelRows(state)
    .filter((row) => state.settledRows[row.id] === undefined)
    .map((row) => ({ row, children: childRows(state, row.id) }));
}

/** `[+] Running 3/5`: top-level rows in an end state, out of all top-level rows of the pass. */
export function headerCounts(state: ProgressState): { readonly done: number; readonly total: number } {
  const rows = topLevelRows(state);
  return { done: rows.filter((row) => isEndState(row.state)).length, total: rows.length };
}

/** `Container demo-web-1`: the first column of a row. */
export function rowLabel(row: ProgressRow): string {
  return row.kind === 'layer' ? shortLayerName(row.name) : `${kindLabel(row.kind)} ${row.name}`;
}

/** Layers show as Docker shows them: the first 12 hex digits of the digest. */
function shortLayerName(name: string): string {
  const hex = name.startsWith('sha256:') ? name.slice(7) : name;
  return /^[0-9a-f]{13,}$/.test(hex) ? hex.slice(0, 12) : name;
}

/** The width of the label column: the longest top-level label of the pass, so rows line up even across the scrollback. */
export function labelWidth(state: ProgressState): number {
  let width = 0;
  for (const row of Object.values(state.rows)) if (row.kind !== 'layer') width = Math.max(width, rowLabel(row).length);
  return width;
}

/** The width of the status column: the longest status shown so far, at least 10 cells (`Restarting`). */
export function statusWidth(state: ProgressState): number {
  let width = 10;
  for (const row of Object.values(state.rows)) if (row.kind !== 'layer') width = Math.max(width, row.status.length);
  return Math.min(width, 16);
}

/** Elapsed milliseconds of a row at `now` (its end, once it ended). */
export function rowElapsed(row: ProgressRow, now: number): number | undefined {
  if (row.startedAt === undefined) return undefined;
  const end = isEndState(row.state) && row.finishedAt !== undefined ? row.finishedAt : now;
  return Math.max(0, end - row.startedAt);
}
