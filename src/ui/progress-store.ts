import type { EngineEvent, ResourceRef } from '../engine/events.ts';
import { deriveRow, foldedInto, groupOpen, groupVerb, isRowFinal } from './derive-row.ts';
import { initialProgressState, type NodeInfo, type ProgressRow, type ProgressState, type SettledItem } from './progress-state.ts';
import { childRows, compareRows, topLevelRows } from './progress-tree.ts';
import { doneLabel } from './status-words.ts';
import { createStore, type Store } from './store.ts';

/**
 * The progress reducer: engine events in, view state out. Pure: no clock (a
 * row's times are its events' stamps), no I/O, the same recording gives the
 * same states. Every renderer (Ink, plain, JSON) runs this same reducer, so
 * they show the same facts.
 */

/** What the progress store accepts: the engine's events, and the renderer closing (settles what is left). */
export type ProgressInput = EngineEvent | { readonly type: 'renderer.closed'; readonly at: number };

export function reduceProgress(state: ProgressState, event: ProgressInput): ProgressState {
  const at = Math.max(state.lastAt, event.at);
  switch (event.type) {
    case 'pass.started':
      return {
        ...initialProgressState(),
        pass: state.pass + 1,
        settled: state.settled,
        project: event.project,
        command: event.command,
        dryRun: event.dryRun,
        phase: 'running',
        startedAt: event.at,
        lastAt: at,
      };
    case 'plan.ready': {
      let next: ProgressState = { ...state, lastAt: at, planKnown: state.planKnown || event.nodes !== undefined };
      const touched: string[] = [];
      for (const planned of event.resources) {
        next = upsertRow(next, planned.resource);
        const row = next.rows[planned.resource.id] as ProgressRow;
        next = putRow(next, { ...row, bucket: planned.bucket, cause: row.causeFromAction ? row.cause : planned.reasons.join('; ') || row.cause });
        touched.push(planned.resource.id);
      }
      const nodes = { ...next.nodes };
      const groups = { ...next.groups };
      for (const planned of event.nodes ?? []) {
        const row = planned.group !== undefined && groups[planned.group] ? (groups[planned.group]?.row as string) : planned.resource;
        nodes[planned.node] = { node: planned.node, row, verb: planned.verb, group: planned.group, phase: 'planned' };
        if (planned.group !== undefined && groups[planned.group] === undefined) groups[planned.group] = { row, verb: groupVerb(planned.group, planned.verb) };
        touched.push(row);
      }
      return settle(derive({ ...next, nodes, groups }, touched), undefined);
    }
    case 'action.started': {
      const known = state.nodes[event.node];
      const mapped = event.group !== undefined ? state.groups[event.group]?.row : undefined;
      const rowId = known?.row ?? mapped ?? event.resource.id;
      let next = rowId === event.resource.id ? upsertRow({ ...state, lastAt: at }, event.resource) : ensureRow({ ...state, lastAt: at }, rowId, event.resource);
      const row = next.rows[rowId] as ProgressRow;
      next = putRow(next, {
        ...row,
        startedAt: row.startedAt ?? event.at,
        cause: row.causeFromAction || event.cause === '' ? row.cause : event.cause,
        causeFromAction: row.causeFromAction || event.cause !== '',
      });
      next = putNode(next, { node: event.node, row: rowId, verb: event.verb, group: event.group ?? known?.group, phase: 'running' });
      if (event.group !== undefined && next.groups[event.group] === undefined) {
        next = { ...next, groups: { ...next.groups, [event.group]: { row: rowId, verb: groupVerb(event.group, event.verb) } } };
      }
      return settle(derive(next, [rowId]), rowId);
    }
    case 'action.progress': {
      const rowId = state.nodes[event.node]?.row ?? event.resource.id;
      // Docker's `Pulling from <repo>` line carries the tag where a layer id goes: it is the image's own text, not a layer.
      const aboutImage = event.resource.kind === 'layer' && event.text?.startsWith('Pulling from ') === true;
      if (event.resource.id !== rowId && !aboutImage && (event.resource.kind === 'layer' || event.resource.parent !== undefined)) {
        const child: ResourceRef = { ...event.resource, parent: event.resource.parent ?? rowId };
        let next = upsertRow({ ...state, lastAt: at }, child);
        const row = next.rows[child.id] as ProgressRow;
        // New words without byte counts (`Download complete` after `Downloading`): the last phase's bar is over.
        const keep = event.text === undefined || event.text === row.progressText || event.current !== undefined;
        next = putRow(next, {
          ...row,
          startedAt: row.startedAt ?? event.at,
          progressText: event.text ?? row.progressText,
          current: event.current ?? (keep ? row.current : undefined),
          total: event.total ?? (keep ? row.total : undefined),
        });
        return derive(next, [child.id]);
      }
      const info = state.nodes[event.node] ?? { node: event.node, row: rowId, phase: 'running' as const };
      const next = putNode({ ...state, lastAt: at }, { ...info, text: event.text ?? info.text, current: event.current ?? info.current, total: event.total ?? info.total });
      return derive(ensureRow(next, rowId, event.resource), [rowId]);
    }
    case 'action.succeeded':
    case 'action.failed':
    case 'action.skipped': {
      const info: NodeInfo = state.nodes[event.node] ?? { node: event.node, row: event.resource.id, phase: 'planned' };
      const phase = event.type === 'action.succeeded' ? 'succeeded' : event.type === 'action.failed' ? 'failed' : 'skipped';
      let next = ensureRow({ ...state, lastAt: at }, info.row, event.resource);
      next = putNode(next, { ...info, phase });
      const row = next.rows[info.row] as ProgressRow;
      let updated: ProgressRow = { ...row, finishedAt: event.at };
      if (event.type === 'action.succeeded') {
        const group = foldedInto(next, info);
        if (group === undefined) updated = { ...updated, lastStatus: event.status };
        else if (!groupOpen(next, info.group as string)) updated = { ...updated, lastStatus: doneLabel(group.verb) };
      } else if (event.type === 'action.failed') {
        updated = { ...updated, error: event.error };
      } else {
        updated = { ...updated, skipped: row.skipped ?? event.reason };
      }
      next = putRow(next, updated);
      return settle(derive(next, [info.row]), info.row);
    }
    case 'wait.started': {
      let next = upsertRow({ ...state, lastAt: at }, event.resource);
      const row = next.rows[event.resource.id] as ProgressRow;
      const waits = [...row.waits.filter((w) => w.dependency !== event.dependency), { dependency: event.dependency, condition: event.condition }];
      next = putRow(next, { ...row, waits, startedAt: row.startedAt ?? event.at });
      return settle(derive(next, [row.id]), row.id);
    }
    case 'wait.finished': {
      let next = upsertRow({ ...state, lastAt: at }, event.resource);
      const row = next.rows[event.resource.id] as ProgressRow;
      const open = row.waits.find((w) => w.dependency === event.dependency);
      const waits = row.waits.filter((w) => w.dependency !== event.dependency);
      const waitFailure = event.ok ? row.waitFailure : { dependency: event.dependency, condition: open?.condition ?? 'ready', detail: event.detail };
      next = putRow(next, { ...row, waits, waitFailure, finishedAt: event.at });
      return settle(derive(next, [row.id]), row.id);
    }
    case 'message': {
      const item: SettledItem = {
        key: `${state.pass}:m${state.settled.length}`,
        type: 'message',
        level: event.level,
        text: event.text,
        resource: event.resource?.name,
      };
      return { ...state, lastAt: at, settled: [...state.settled, item] };
    }
    case 'pass.finished': {
      const { ok, canceled, succeeded, failed, skipped } = event;
      const next: ProgressState = { ...state, lastAt: at, phase: 'finished', finishedAt: event.at, outcome: { ok, canceled, succeeded, failed, skipped } };
      return settle(derive(next, Object.keys(next.rows)), undefined);
    }
    case 'renderer.closed': {
      if (state.phase !== 'running') return state;
      return settle(derive({ ...state, lastAt: at, phase: 'finished', finishedAt: at }, Object.keys(state.rows)), undefined);
    }
  }
}

/** A store over reduceProgress, for `useSyncExternalStore` and the line renderers. */
export function createProgressStore(initial: ProgressState = initialProgressState()): Store<ProgressState, ProgressInput> {
  return createStore(reduceProgress, initial);
}

function putRow(state: ProgressState, row: ProgressRow): ProgressState {
  return { ...state, rows: { ...state.rows, [row.id]: row } };
}

function putNode(state: ProgressState, info: NodeInfo): ProgressState {
  return { ...state, nodes: { ...state.nodes, [info.node]: info } };
}

/** Creates the row for a resource, or refreshes its identity (names can be learnt late). */
function upsertRow(state: ProgressState, ref: ResourceRef): ProgressState {
  const existing = state.rows[ref.id];
  if (existing !== undefined) {
    if (existing.name === ref.name && existing.parent === (ref.parent ?? existing.parent) && existing.kind === ref.kind) return state;
    return putRow(state, { ...existing, kind: ref.kind, name: ref.name, service: ref.service ?? existing.service, replica: ref.replica ?? existing.replica, parent: ref.parent ?? existing.parent });
  }
  const row: ProgressRow = {
    id: ref.id,
    kind: ref.kind,
    name: ref.name,
    service: ref.service,
    replica: ref.replica,
    parent: ref.parent,
    seq: state.nextSeq,
    state: 'pending',
    status: 'Pending',
    causeFromAction: false,
    waits: [],
  };
  return { ...putRow(state, row), nextSeq: state.nextSeq + 1 };
}

/** Makes sure a row exists; a group's row keeps its own identity when a node names another resource. */
function ensureRow(state: ProgressState, rowId: string, ref: ResourceRef): ProgressState {
  if (state.rows[rowId] !== undefined) return state;
  return upsertRow(state, { ...ref, id: rowId });
}

/** Re-derives the touched rows, then their children (a layer follows its image). */
function derive(state: ProgressState, touched: readonly string[]): ProgressState {
  const rows = { ...state.rows };
  let changed = false;
  const ids = new Set(touched);
  const order = [...ids].map((id) => rows[id]).filter((r): r is ProgressRow => r !== undefined);
  for (const row of order) {
    const derived = deriveRow(row, { ...state, rows });
    if (derived !== row) {
      rows[row.id] = derived;
      changed = true;
    }
    for (const child of Object.values(rows)) {
      if (child.parent !== row.id) continue;
      const d = deriveRow(child, { ...state, rows });
      if (d !== child) {
        rows[child.id] = d;
        changed = true;
      }
    }
  }
  return changed ? { ...state, rows } : state;
}

/**
 * Moves rows that will not change again to the scrollback, in tree order.
 * `focus` names the row an event touched (its top-level ancestor is checked);
 * undefined checks every row.
 */
function settle(state: ProgressState, focus: string | undefined): ProgressState {
  let candidates: ProgressRow[];
  if (focus === undefined) {
    candidates = topLevelRows(state);
  } else {
    let row = state.rows[focus];
    while (row?.parent !== undefined && state.rows[row.parent] !== undefined) row = state.rows[row.parent];
    candidates = row ? [row] : [];
  }
  const fresh = candidates.filter((row) => state.settledRows[row.id] === undefined && isRowFinal(state, row)).sort(compareRows);
  if (fresh.length === 0) return state;
  const settledRows = { ...state.settledRows };
  const items: SettledItem[] = [];
  for (const row of fresh) {
    settledRows[row.id] = true;
    items.push({ key: `${state.pass}:${row.id}`, type: 'row', row, children: childRows(state, row.id) });
  }
  return { ...state, settledRows, settled: [...state.settled, ...items] };
}
