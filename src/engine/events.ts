/**
 * The engine's event stream: everything a command does, as typed facts, in
 * the order they happen. Renderers (the Ink tree, plain lines, JSON lines)
 * consume the same events through a pure reducer; no renderer starts work.
 *
 * Invariants:
 * - Every `action.started` is followed by exactly one `action.succeeded`,
 *   `action.failed` or `action.skipped` with the same `node`, unless the pass
 *   is canceled, in which case `pass.finished` says so.
 * - `at` is milliseconds since the epoch, stamped by the emitter; reducers
 *   never read the clock, so replaying a recording gives the same frames.
 * - Events are plain JSON: `--progress json` prints them as they are.
 */

/**
 * What kind of thing a row of the progress view is. A `layer` is a child row
 * of an image (its `parent`), reported through `action.progress` of the
 * image's pull or push node.
 */
export type ResourceKind = 'project' | 'network' | 'volume' | 'image' | 'layer' | 'container' | 'service';

/**
 * A resource as the UI names it. `id` is stable for the whole pass and
 * unique: `network:default`, `volume:data`, `image:nginx:1.27`,
 * `container:web#1` (service and replica number), `service:web`.
 */
export interface ResourceRef {
  readonly id: string;
  readonly kind: ResourceKind;
  /** The runtime name shown to users: `demo-web-1`, `demo_default`. */
  readonly name: string;
  readonly service?: string;
  readonly replica?: number;
  /** The row this one nests under: an image's layers under the image, a container under its service. */
  readonly parent?: string;
}

/** What an action does, in Compose's vocabulary. */
export type ActionVerb =
  | 'create'
  | 'recreate'
  | 'start'
  | 'stop'
  | 'kill'
  | 'restart'
  | 'remove'
  | 'rename'
  | 'pause'
  | 'unpause'
  | 'pull'
  | 'build'
  | 'push'
  | 'connect'
  | 'disconnect'
  | 'wait';

/**
 * The state a row settles in, as Compose shows it: `Created`, `Started`,
 * `Healthy`, `Exited 0`, `Recreated`, `Removed`, `Pulled`, `Built`...
 */
export type FinalStatus = string;

/** An error as the UI shows it: our code and message, the hint, and the runtime's last words. */
export interface EventError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The last health check output, or the tail of the container's log, or the exit code. */
  readonly detail?: string;
}

interface Stamped {
  readonly at: number;
}

export type EngineEvent =
  /** A command began working on a project. */
  | (Stamped & {
      readonly type: 'pass.started';
      readonly project: string;
      readonly command: string;
      readonly dryRun: boolean;
    })
  /** The plan is known: one entry per resource the pass will touch, with why. */
  | (Stamped & {
      readonly type: 'plan.ready';
      readonly resources: readonly PlannedResource[];
      /**
       * The plan's nodes, when the engine knows them: lets a renderer know
       * which row is finished for good (its last node has ended) before the
       * pass ends, and count the work ahead. Optional: without it, rows are
       * final only at `pass.finished`.
       */
      readonly nodes?: readonly PlannedNode[];
    })
  | (Stamped & {
      readonly type: 'action.started';
      /** The plan node id (unique within the pass). */
      readonly node: number;
      readonly resource: ResourceRef;
      readonly verb: ActionVerb;
      /** Why: `not found`, `config changed: environment.MODE`, `image changed`, `orphan`, `scaled down`. */
      readonly cause: string;
      /**
       * Several nodes that form one user-visible step (a recreate) share a
       * group, and show as one row until the last of them ends. The nodes of a
       * group name the resource the user sees (for a recreate, the container
       * being replaced: `container:web#1`, `demo-web-1`), not a temporary one;
       * a temporary name belongs in `action.progress` text.
       */
      readonly group?: string;
    })
  /** Progress of a long action: a pull's bytes, a build's step, a wait's last probe. */
  | (Stamped & {
      readonly type: 'action.progress';
      readonly node: number;
      readonly resource: ResourceRef;
      readonly text?: string;
      readonly current?: number;
      readonly total?: number;
    })
  | (Stamped & {
      readonly type: 'action.succeeded';
      readonly node: number;
      readonly resource: ResourceRef;
      readonly status: FinalStatus;
    })
  | (Stamped & {
      readonly type: 'action.failed';
      readonly node: number;
      readonly resource: ResourceRef;
      readonly error: EventError;
    })
  /** Not run because something it depends on failed, or because the pass was canceled. */
  | (Stamped & {
      readonly type: 'action.skipped';
      readonly node: number;
      readonly resource: ResourceRef;
      readonly reason: string;
    })
  /** A service waits for a dependency's condition: `waiting for db: healthy`. */
  | (Stamped & {
      readonly type: 'wait.started';
      readonly resource: ResourceRef;
      readonly dependency: string;
      readonly condition: 'started' | 'healthy' | 'completed successfully' | 'running or healthy';
    })
  | (Stamped & {
      readonly type: 'wait.finished';
      readonly resource: ResourceRef;
      readonly dependency: string;
      readonly ok: boolean;
      readonly detail?: string;
    })
  /** Something worth saying that is not an action: orphans found, a warning from the loader. */
  | (Stamped & {
      readonly type: 'message';
      readonly level: 'info' | 'warning' | 'error';
      readonly text: string;
      readonly resource?: ResourceRef;
    })
  | (Stamped & {
      readonly type: 'pass.finished';
      readonly ok: boolean;
      readonly canceled: boolean;
      /** Actions by outcome. */
      readonly succeeded: number;
      readonly failed: number;
      readonly skipped: number;
    });

/** One line of the plan as the UI shows it before anything runs. */
export interface PlannedResource {
  readonly resource: ResourceRef;
  readonly bucket: 'create' | 'recreate' | 'start' | 'keep' | 'remove' | 'stop' | 'restart' | 'pull' | 'build';
  readonly reasons: readonly string[];
}

/** One node of the plan as the UI needs it: which row it acts on, how, and in which group. */
export interface PlannedNode {
  readonly node: number;
  /** The `ResourceRef.id` its events will carry. */
  readonly resource: string;
  readonly verb: ActionVerb;
  readonly group?: string;
}

export type EngineEventType = EngineEvent['type'];

/** Where events go: the CLI passes one sink to the engine; renderers subscribe to it. */
export type EventSink = (event: EngineEvent) => void;
