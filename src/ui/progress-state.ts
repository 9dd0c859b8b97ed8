import type { ActionVerb, EventError, PlannedResource, ResourceKind } from '../engine/events.ts';

/**
 * The progress view's state: what a pass has done so far, reduced from
 * engine events (progress-store.ts). Plain data, replaced (never mutated) on
 * every event, so `useSyncExternalStore` and the renderers can compare by
 * reference to find what changed.
 */

/** Where a row stands, which picks its icon and colour. */
export type RowState = 'pending' | 'working' | 'waiting' | 'done' | 'warning' | 'skipped' | 'error';

/** A dependency condition a row is waiting for. */
export interface OpenWait {
  readonly dependency: string;
  readonly condition: string;
}

/** One resource of the pass as a line of the view (plus its child lines: an image's layers). */
export interface ProgressRow {
  readonly id: string;
  readonly kind: ResourceKind;
  /** The runtime name: `demo-web-1`, `demo_default`. */
  readonly name: string;
  readonly service?: string;
  readonly replica?: number;
  /** The row this one nests under (a layer under its image). */
  readonly parent?: string;
  /** Order of first appearance in the pass: the last tie-breaker of the tree order. */
  readonly seq: number;

  // What the row shows, derived from the facts below after every event.
  readonly state: RowState;
  /** The status word: `Creating`, `Recreated`, `Waiting`, `Healthy`, `Exited 0`, `Error`. */
  readonly status: string;
  /** Progress text, or what it waits for (`waiting for db: healthy`), or why it was skipped. */
  readonly text?: string;
  readonly current?: number;
  readonly total?: number;

  // Facts.
  /** Why: the cause of its first action, or the plan's reasons before it starts. */
  readonly cause?: string;
  readonly causeFromAction: boolean;
  readonly error?: EventError;
  /** A dependency it waited for and that failed its condition. */
  readonly waitFailure?: { readonly dependency: string; readonly condition: string; readonly detail?: string };
  readonly waits: readonly OpenWait[];
  /** The status the last ended action left (`Created`, then `Started`). */
  readonly lastStatus?: string;
  /** Why an action of this row was not run. */
  readonly skipped?: string;
  /** The plan's bucket for this row, if the plan named it. */
  readonly bucket?: PlannedResource['bucket'];
  /** Progress reported directly on the row (layers have no node of their own). */
  readonly progressText?: string;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

/** A plan node as the reducer tracks it. */
export interface NodeInfo {
  readonly node: number;
  /** The row it shows on. */
  readonly row: string;
  readonly verb?: ActionVerb;
  readonly group?: string;
  readonly phase: 'planned' | 'running' | 'succeeded' | 'failed' | 'skipped';
  readonly text?: string;
  readonly current?: number;
  readonly total?: number;
}

/** Several nodes shown as one step of one row (a recreate). */
export interface GroupInfo {
  readonly row: string;
  /** The verb that names the step: `recreate`. */
  readonly verb: ActionVerb;
}

/** What goes to the scrollback, once, never to change: a finished row or a message. */
export type SettledItem =
  | { readonly key: string; readonly type: 'row'; readonly row: ProgressRow; readonly children: readonly ProgressRow[] }
  | { readonly key: string; readonly type: 'message'; readonly level: 'info' | 'warning' | 'error'; readonly text: string; readonly resource?: string };

export interface PassOutcome {
  readonly ok: boolean;
  readonly canceled: boolean;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface ProgressState {
  /** How many passes began (a watch session has several); settled keys carry it. */
  readonly pass: number;
  readonly project?: string;
  readonly command?: string;
  readonly dryRun: boolean;
  readonly phase: 'idle' | 'running' | 'finished';
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** The latest event stamp: the clock of views that have none (plain, JSON, tests). */
  readonly lastAt: number;
  readonly outcome?: PassOutcome;
  /** Whether plan.ready listed the nodes, so rows can be known finished before the pass ends. */
  readonly planKnown: boolean;
  readonly rows: Readonly<Record<string, ProgressRow>>;
  readonly nodes: Readonly<Record<number, NodeInfo>>;
  readonly groups: Readonly<Record<string, GroupInfo>>;
  /** Rows of this pass already settled. */
  readonly settledRows: Readonly<Record<string, true>>;
  /** Append-only across passes: `<Static>` renders each item once. */
  readonly settled: readonly SettledItem[];
  /** Creation counter for `seq`. */
  readonly nextSeq: number;
}

export function initialProgressState(): ProgressState {
  return {
    pass: 0,
    dryRun: false,
    phase: 'idle',
    lastAt: 0,
    planKnown: false,
    rows: {},
    nodes: {},
    groups: {},
    settledRows: {},
    settled: [],
    nextSeq: 0,
  };
}
