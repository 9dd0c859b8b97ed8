import type { ActionVerb } from '../engine/events.ts';
import type { GroupInfo, NodeInfo, ProgressRow, ProgressState, RowState } from './progress-state.ts';
import { isActionVerb, workingLabel } from './status-words.ts';

type Shown = Pick<ProgressRow, 'state' | 'status' | 'text' | 'current' | 'total'>;

/** The nodes that show on a row, in node order. */
export function rowNodes(state: ProgressState, rowId: string): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (const key of Object.keys(state.nodes)) {
    const info = state.nodes[Number(key)];
    if (info && info.row === rowId) out.push(info);
  }
  return out.sort((a, b) => a.node - b.node);
}

/** A group's verb: the prefix of its id when it is one (`recreate:web#1`), else the verb of its first node. */
export function groupVerb(group: string, firstVerb: ActionVerb | undefined): ActionVerb {
  const prefix = group.split(':', 1)[0] ?? '';
  if (isActionVerb(prefix)) return prefix;
  return firstVerb ?? 'create';
}

/**
 * The steps a group's verb hides: a recreate is one step to the user (its
 * create, stop, remove, rename), a create includes attaching networks. Other
 * steps of a group (a start, a wait) show as themselves.
 */
const hiddenSteps: Partial<Record<ActionVerb, readonly ActionVerb[]>> = {
  recreate: ['create', 'stop', 'kill', 'remove', 'rename', 'connect', 'disconnect'],
  create: ['connect', 'disconnect'],
};

/** The group a node's step folds into, if its group hides that step. */
export function foldedInto(state: ProgressState, node: NodeInfo): GroupInfo | undefined {
  const group = node.group !== undefined ? state.groups[node.group] : undefined;
  if (group === undefined || node.verb === undefined) return undefined;
  return node.verb === group.verb || hiddenSteps[group.verb]?.includes(node.verb) ? group : undefined;
}

/** Whether a folded step of the group has not ended yet. */
export function groupOpen(state: ProgressState, group: string): boolean {
  for (const key of Object.keys(state.nodes)) {
    const info = state.nodes[Number(key)];
    if (info?.group === group && (info.phase === 'planned' || info.phase === 'running') && foldedInto(state, info) !== undefined) return true;
  }
  return false;
}

const ended = (n: NodeInfo) => n.phase === 'succeeded' || n.phase === 'failed' || n.phase === 'skipped';

/**
 * What a row shows, from its facts. The order of the checks is the order of
 * precedence: an error stays visible; a wait names its target; a running step
 * shows its verb (a group's verb for the nodes of a group); then the status
 * the last action left.
 */
export function deriveRow(row: ProgressRow, state: ProgressState): ProgressRow {
  // Every field is set, so a field the new state does not have is cleared rather than kept.
  const shown: Shown = { text: undefined, current: undefined, total: undefined, ...deriveShown(row, state) };
  if (
    shown.state === row.state &&
    shown.status === row.status &&
    shown.text === row.text &&
    shown.current === row.current &&
    shown.total === row.total
  )
    return row;
  return { ...row, ...shown };
}

function deriveShown(row: ProgressRow, state: ProgressState): Shown {
  if (row.kind === 'layer' && row.parent !== undefined) return deriveLayer(row, state);
  const nodes = rowNodes(state, row.id);
  const running = nodes.filter((n) => n.phase === 'running');
  const planned = nodes.filter((n) => n.phase === 'planned');
  if (row.error !== undefined) return { state: 'error', status: 'Error' };
  if (row.waitFailure !== undefined && running.length === 0) {
    // The dependency failed, not this row: it stays as it was, and says why it goes no further.
    const text = `${row.waitFailure.dependency} did not become ${row.waitFailure.condition}`;
    return { state: 'warning', status: row.lastStatus ?? 'Skipped', text };
  }
  if (state.phase === 'finished' && (running.length > 0 || (planned.length > 0 && row.lastStatus === undefined))) {
    const canceled = state.outcome?.canceled === true;
    return { state: 'skipped', status: canceled ? 'Canceled' : 'Not run', text: row.skipped };
  }
  if (row.waits.length > 0) {
    return { state: 'waiting', status: 'Waiting', text: `waiting for ${row.waits.map((w) => `${w.dependency}: ${w.condition}`).join(', ')}` };
  }
  const current = running[running.length - 1];
  if (current !== undefined) {
    const group = foldedInto(state, current);
    if (group !== undefined) {
      const step = current.verb !== undefined && current.verb !== group.verb ? workingLabel(current.verb).toLowerCase() : undefined;
      return { state: 'working', status: workingLabel(group.verb), text: current.text ?? step, current: current.current, total: current.total };
    }
    const status = current.verb !== undefined ? workingLabel(current.verb) : 'Working';
    return { state: 'working', status, text: current.text, current: current.current, total: current.total };
  }
  // Between two folded steps of a group, the row still works on the group's step.
  const between = nodes.find((n) => ended(n) && n.group !== undefined && foldedInto(state, n) !== undefined && groupOpen(state, n.group));
  const group = between !== undefined ? foldedInto(state, between) : undefined;
  if (group !== undefined) return { state: 'working', status: workingLabel(group.verb) };
  if (row.lastStatus !== undefined) {
    const rowState: RowState = row.skipped !== undefined ? 'warning' : 'done';
    return { state: rowState, status: row.lastStatus, text: row.skipped };
  }
  if (row.skipped !== undefined) return { state: 'skipped', status: 'Skipped', text: row.skipped };
  if (row.bucket === 'keep') return { state: 'done', status: keptStatus(row) };
  return { state: 'pending', status: 'Pending' };
}

/** What the planner's reason for keeping a container says about its state. */
const keptWords: Readonly<Record<string, string>> = { running: 'Running', restarting: 'Restarting', paused: 'Paused', completed: 'Exited 0', created: 'Created', dead: 'Dead', 'being removed': 'Removing', exited: 'Exited' };

/**
 * A kept row says what it is: a kept container its state, as the plan's
 * reason gives it (`Running`, a finished job `Exited 0`, `Paused`), anything
 * else `Up to date`.
 */
function keptStatus(row: ProgressRow): string {
  if (row.kind !== 'container') return 'Up to date';
  const reason = row.cause ?? '';
  const exited = /^exited (-?\d+)$/.exec(reason);
  if (exited) return `Exited ${exited[1]}`;
  return keptWords[reason] ?? 'Running';
}

/** A layer works until its image's action ends; it has no node of its own. */
function deriveLayer(row: ProgressRow, state: ProgressState): Shown {
  const parent = row.parent !== undefined ? state.rows[row.parent] : undefined;
  const busy = parent !== undefined ? !isEndState(parent.state) : state.phase !== 'finished';
  const progress = { current: row.current, total: row.total };
  if (busy) return { state: 'working', status: row.progressText ?? 'Waiting', ...progress };
  const complete = row.total !== undefined && row.total > 0 && row.current !== undefined && row.current >= row.total;
  if (parent?.state === 'error' && !complete) return { state: 'error', status: row.progressText ?? 'Error', ...progress };
  return { state: 'done', status: row.progressText ?? 'Done', ...progress };
}

/** Whether a row's state is an end state (it may still change if nodes remain: see isRowFinal). */
export function isEndState(state: RowState): boolean {
  return state === 'done' || state === 'warning' || state === 'skipped' || state === 'error';
}

/**
 * Whether a row will not change again in this pass, so it can go to the
 * scrollback: it shows an end state, no node of it runs or is still planned,
 * it waits for nothing, and its children are final too. Without the plan's
 * nodes nobody knows what comes next, so only the end of the pass is final.
 */
export function isRowFinal(state: ProgressState, row: ProgressRow): boolean {
  if (state.phase === 'finished') return true;
  if (!state.planKnown) return false;
  if (!isEndState(row.state) || row.waits.length > 0) return false;
  for (const n of rowNodes(state, row.id)) if (n.phase === 'planned' || n.phase === 'running') return false;
  for (const child of Object.values(state.rows)) if (child.parent === row.id && !isRowFinal(state, child)) return false;
  return true;
}
