import { canonicalJson } from '../base/canonical-json.ts';
import type { EngineEvent } from '../engine/events.ts';
import { initialProgressState, type ProgressRow, type ProgressState } from './progress-state.ts';
import { reduceProgress } from './progress-store.ts';
import type { ProgressRenderer, TextSink } from './progress-renderer.ts';
import { headerCounts, rowElapsed } from './progress-tree.ts';

/**
 * `--progress json`: one JSON object per line per event, keys sorted, for
 * scripts. An event about a resource carries that row as the live view shows
 * it after the event (status, state, text, cause, progress, error, timing),
 * so a script sees the same facts as a person at a terminal; and every line
 * carries the engine's event itself (`event`), exactly as the live view
 * consumed it, so a recording of `--progress json` replays into the same
 * views (fixtures/events are made that way). The fields are documented in
 * src/ui/README.md.
 */
export function createJsonRenderer(options: { readonly out: TextSink }): ProgressRenderer {
  let state = initialProgressState();
  return {
    handle(event: EngineEvent) {
      state = reduceProgress(state, event);
      options.out.write(canonicalJson(jsonLine(event, state)) + '\n');
    },
    close: async () => {},
  };
}

/** The JSON object for one event, given the state after it. */
export function jsonLine(event: EngineEvent, state: ProgressState): Record<string, unknown> {
  const base = { type: event.type, at: event.at, event };
  switch (event.type) {
    case 'pass.started':
      return { ...base, project: event.project, command: event.command, dry_run: event.dryRun };
    case 'plan.ready':
      return {
        ...base,
        resources: event.resources.map((p) => ({ id: p.resource.id, kind: p.resource.kind, name: p.resource.name, bucket: p.bucket, reasons: p.reasons })),
        nodes: event.nodes?.map((n) => ({ node: n.node, id: n.resource, verb: n.verb, group: n.group })),
      };
    case 'message':
      return { ...base, level: event.level, text: event.text, id: event.resource?.id };
    case 'pass.finished': {
      const { done, total } = headerCounts(state);
      return {
        ...base,
        ok: event.ok,
        canceled: event.canceled,
        succeeded: event.succeeded,
        failed: event.failed,
        skipped: event.skipped,
        done,
        total,
        elapsed_ms: state.startedAt !== undefined ? event.at - state.startedAt : undefined,
      };
    }
    case 'action.started':
    case 'action.progress':
    case 'action.succeeded':
    case 'action.failed':
    case 'action.skipped':
    case 'wait.started':
    case 'wait.finished': {
      // A layer's progress is about the layer's row, not the image's.
      const layer = event.type === 'action.progress' && state.rows[event.resource.id]?.parent !== undefined;
      const rowId = !layer && 'node' in event ? (state.nodes[event.node]?.row ?? event.resource.id) : event.resource.id;
      const row = state.rows[rowId];
      return { ...base, node: 'node' in event ? event.node : undefined, ...(row ? rowFields(row, event.at) : { id: rowId }) };
    }
  }
}

/** A row as JSON: Compose's `id`/`parent_id`/`status`/`text`/`current`/`total`/`percent`, plus ours. */
export function rowFields(row: ProgressRow, at: number): Record<string, unknown> {
  const percent = row.current !== undefined && row.total !== undefined && row.total > 0 ? Math.min(100, Math.floor((row.current / row.total) * 100)) : undefined;
  return {
    id: row.id,
    parent_id: row.parent,
    kind: row.kind,
    name: row.name,
    service: row.service,
    replica: row.replica,
    state: row.state,
    status: row.status,
    text: row.text,
    cause: row.cause,
    current: row.current,
    total: row.total,
    percent,
    error: row.error,
    waiting_for: row.waits.length > 0 ? row.waits : undefined,
    started_at: row.startedAt,
    finished_at: row.state === 'working' || row.state === 'waiting' ? undefined : row.finishedAt,
    elapsed_ms: rowElapsed(row, at),
  };
}
