import type { ActionVerb, ResourceKind } from '../engine/events.ts';

/**
 * The words of the progress view, in Compose's vocabulary so that people and
 * scripts that read `docker compose` output read ours: `Creating`/`Created`,
 * `Recreate`/`Recreated`, `Pulling`/`Pulled`...
 */

const working: Readonly<Record<ActionVerb, string>> = {
  create: 'Creating',
  recreate: 'Recreate',
  start: 'Starting',
  stop: 'Stopping',
  kill: 'Killing',
  restart: 'Restarting',
  remove: 'Removing',
  rename: 'Renaming',
  pause: 'Pausing',
  unpause: 'Unpausing',
  pull: 'Pulling',
  build: 'Building',
  push: 'Pushing',
  connect: 'Connecting',
  disconnect: 'Disconnecting',
  wait: 'Waiting',
};

const done: Readonly<Record<ActionVerb, string>> = {
  create: 'Created',
  recreate: 'Recreated',
  start: 'Started',
  stop: 'Stopped',
  kill: 'Killed',
  restart: 'Restarted',
  remove: 'Removed',
  rename: 'Renamed',
  pause: 'Paused',
  unpause: 'Unpaused',
  pull: 'Pulled',
  build: 'Built',
  push: 'Pushed',
  connect: 'Connected',
  disconnect: 'Disconnected',
  wait: 'Ready',
};

/** The status while an action runs: `Creating`, `Recreate`, `Pulling`. */
export function workingLabel(verb: ActionVerb): string {
  return working[verb];
}

/** The status an action ends in when the engine gives none: `Created`, `Recreated`, `Pulled`. */
export function doneLabel(verb: ActionVerb): string {
  return done[verb];
}

export function isActionVerb(word: string): word is ActionVerb {
  return Object.hasOwn(working, word);
}

const kinds: Readonly<Record<ResourceKind, string>> = {
  project: 'Project',
  network: 'Network',
  volume: 'Volume',
  image: 'Image',
  layer: 'Layer',
  container: 'Container',
  service: 'Service',
};

/** `Container`, `Network`...: the first word of a row. */
export function kindLabel(kind: ResourceKind): string {
  return kinds[kind];
}

/** `0.4s`, `12.3s`, `2m05s`, `1h02m`: Compose's short form, one decimal under a minute. */
export function formatElapsed(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const totalSeconds = Math.floor(safe / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const minutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Uptime as `ps` columns show it: `42s`, `3m12s`, `5h03m`, `2d04h`. */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/**
 * Milliseconds until `formatUptime` of a service started at `startedAt` shows
 * something else: a second while it shows seconds, then a minute, then an
 * hour. The dashboard redraws for uptimes only then.
 */
export function nextUptimeChange(startedAt: number, now: number): number {
  const elapsed = Math.max(0, now - startedAt);
  const unit = elapsed < 3_600_000 ? 1000 : elapsed < 86_400_000 ? 60_000 : 3_600_000;
  return unit - (elapsed % unit);
}

/** Bytes in binary units with at most one decimal: `512B`, `12.3MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || value >= 100 ? String(Math.round(value)) : value.toFixed(1);
  return `${text}${units[unit]}`;
}

/**
 * `current/total` as the progress view shows it: byte counts for pulls and
 * pushes (totals above 1 KiB), plain counts for steps (`3/7`).
 */
export function formatCount(current: number, total: number | undefined): string {
  if (total === undefined) return current >= 1024 ? formatBytes(current) : String(current);
  if (total >= 1024) return `${formatBytes(current)}/${formatBytes(total)}`;
  return `${current}/${total}`;
}

/**
 * A row's cause as people read it: the planner's reason, except those that
 * only restate the command: `not found` (up makes what is missing: its
 * `Created` or `Pulled` says as much, and `Healthy  not found` reads like a
 * failure) and `down`, `down -v`. Scripts get every reason, these included,
 * in the JSON stream.
 */
export function causeWords(cause: string | undefined): string {
  return cause === undefined || restating.has(cause) ? '' : cause;
}

const restating: ReadonlySet<string> = new Set(['not found', 'down', 'down -v']);
