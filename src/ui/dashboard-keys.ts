import type { ServiceVerb } from './dashboard-source.ts';
import type { DashboardState } from './dashboard-state.ts';
import type { DashboardIntent } from './dashboard-store.ts';

/** The keys Ink reports (a subset of its `Key`), so this mapping stays free of Ink. */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

/** What a key press asks for: view intents, and maybe an action on a service. */
export interface KeyOutcome {
  readonly intents: readonly DashboardIntent[];
  readonly command?: { readonly verb: ServiceVerb; readonly service: string };
}

/** The key bar and the help overlay list these, in this order. */
export const dashboardKeys: readonly {
  readonly keys: string;
  readonly does: string;
  /** Its label in the key bar, if it has one. */
  readonly bar?: string;
  /** Which labels stay when the bar is short of room: lower stays longer. */
  readonly rank?: number;
}[] = [
  { keys: '↑ ↓ / j k', does: 'move the selection (or scroll the focused pane)', bar: '↑↓ move', rank: 2 },
  { keys: 'PgUp PgDn', does: 'scroll a page' },
  { keys: 'enter', does: "open or close the service's details (config, environment, mounts, networks, health, plan)", bar: '⏎ details', rank: 4 },
  { keys: 'tab', does: 'move the focus between the table and the log (or details) pane' },
  { keys: 'f', does: 'follow the log (or stop following to read back)', bar: 'f follow', rank: 5 },
  { keys: 'a', does: "show every service's log, prefixed, or only the selected one's", bar: 'a all logs', rank: 7 },
  { keys: '/', does: 'filter services by name or image (enter keeps it, esc clears it)', bar: '/ filter', rank: 6 },
  { keys: 'r', does: 'restart the service', bar: 'r restart', rank: 3 },
  { keys: 's', does: 'stop the service, or start it when it is stopped', bar: 's stop/start', rank: 3 },
  { keys: 'b', does: 'rebuild its image and recreate it', bar: 'b rebuild', rank: 8 },
  { keys: 'R', does: 'recreate its containers', bar: 'R recreate', rank: 8 },
  { keys: 'esc', does: 'close help, clear the filter, close details' },
  { keys: '?', does: 'show or hide this help', bar: '? help', rank: 1 },
  { keys: 'q  ctrl+c', does: 'quit (the services keep running)', bar: 'q quit', rank: 1 },
];

const none: KeyOutcome = { intents: [] };
const only = (...intents: DashboardIntent[]): KeyOutcome => ({ intents });

/**
 * Maps a key to what it means in the dashboard's current mode. Pure: the
 * view calls it from `useInput`, the controller performs the outcome.
 */
export function dashboardKey(state: DashboardState, input: string, key: KeyPress, pageSize: number): KeyOutcome {
  if (key.ctrl && input === 'c') return only({ type: 'ui.quit' });
  const page = Math.max(1, pageSize);
  if (key.upArrow) return only({ type: 'ui.move', delta: -1 });
  if (key.downArrow) return only({ type: 'ui.move', delta: 1 });
  if (key.pageUp) return only({ type: 'ui.scroll', lines: -page });
  if (key.pageDown) return only({ type: 'ui.scroll', lines: page });
  if (state.ui.filtering) {
    if (key.return) return only({ type: 'ui.filter.commit' });
    if (key.escape) return only({ type: 'ui.filter.cancel' });
    if (key.backspace || key.delete) return only({ type: 'ui.filter.text', text: [...state.ui.filter].slice(0, -1).join('') });
    if (input !== '' && !key.ctrl && !key.tab && isPrintable(input)) return only({ type: 'ui.filter.text', text: state.ui.filter + input });
    return none;
  }
  if (key.escape) return only({ type: 'ui.back' });
  if (key.return) return only({ type: 'ui.details' });
  if (key.tab) return only({ type: 'ui.focus' });
  if (key.ctrl) return none;
  const selected = state.ui.selected !== undefined ? state.services[state.ui.selected] : undefined;
  const on = (verb: ServiceVerb): KeyOutcome => (selected ? { intents: [], command: { verb, service: selected.name } } : none);
  switch (input) {
    case 'q':
      return only({ type: 'ui.quit' });
    case 'k':
      return only({ type: 'ui.move', delta: -1 });
    case 'j':
      return only({ type: 'ui.move', delta: 1 });
    case '/':
      return only({ type: 'ui.filter.begin' });
    case 'f':
      return only({ type: 'ui.follow' });
    case 'a':
      return only({ type: 'ui.scope' });
    case '?':
      return only({ type: 'ui.help' });
    case 'r':
      return on('restart');
    case 's':
      return on(selected && (selected.running > 0 || selected.state === 'restarting' || selected.state === 'paused') ? 'stop' : 'start');
    case 'b':
      return on('rebuild');
    case 'R':
      return on('recreate');
    default:
      return none;
  }
}

function isPrintable(input: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x1f\x7f]/.test(input);
}
