import { compareStrings } from '../base/sort.ts';
import type { EventError } from '../engine/events.ts';
import type { ContainerSnapshot, DashboardEvent, LogLine, ServiceDetails, ServiceSnapshot, ServiceVerb } from './dashboard-source.ts';
import { initialDashboardState, serviceLogCapacity, serviceRow, type DashboardState, type DashboardUi, type Pane, type ServiceRow } from './dashboard-state.ts';
import { dashboardGeometry } from './dashboard-layout.ts';
import { detailsLines } from './details-lines.ts';
import { RingBuffer } from './ring-buffer.ts';
import { createStore, type Store } from './store.ts';

/**
 * The dashboard reducer: runtime events, log lines, stats, plan previews,
 * action results and the keyboard's intents in; the dashboard's state out.
 * Pure: no clock (the view's `now` is `lastAt`, the latest stamp it was
 * given; the controller sends `tick`s when uptimes should move), no I/O (the
 * controller talks to the source and the actions).
 */

/** What a key asks of the view. The controller turns service verbs into DashboardActions calls. */
export type DashboardIntent =
  | { readonly type: 'ui.move'; readonly delta: number }
  | { readonly type: 'ui.scroll'; readonly lines: number }
  | { readonly type: 'ui.focus' }
  | { readonly type: 'ui.filter.begin' }
  | { readonly type: 'ui.filter.text'; readonly text: string }
  | { readonly type: 'ui.filter.commit' }
  | { readonly type: 'ui.filter.cancel' }
  | { readonly type: 'ui.follow' }
  | { readonly type: 'ui.scope' }
  | { readonly type: 'ui.details' }
  | { readonly type: 'ui.back' }
  | { readonly type: 'ui.help' }
  | { readonly type: 'ui.quit' }
  /** The view's size, reported on mount and on resize. */
  | { readonly type: 'ui.size'; readonly columns: number; readonly rows: number };

/** Results the controller reports: details it fetched, a note for the status line. */
export type ControllerReport =
  /** Time passes: uptimes move on. The controller sends it only when a shown uptime would change. */
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'details.loading'; readonly at: number; readonly service: string }
  | { readonly type: 'details.loaded'; readonly at: number; readonly details: ServiceDetails }
  | { readonly type: 'details.failed'; readonly at: number; readonly service: string; readonly error: EventError }
  | { readonly type: 'notice'; readonly at: number; readonly level: 'info' | 'error'; readonly text: string; readonly code?: string };

export type DashboardInput = DashboardEvent | DashboardIntent | ControllerReport;

const pastTense: Readonly<Record<ServiceVerb, string>> = { restart: 'restarted', stop: 'stopped', start: 'started', rebuild: 'rebuilt', recreate: 'recreated' };
const presentTense: Readonly<Record<ServiceVerb, string>> = { restart: 'restarting', stop: 'stopping', start: 'starting', rebuild: 'rebuilding', recreate: 'recreating' };

export function reduceDashboard(state: DashboardState, input: DashboardInput): DashboardState {
  if (input.type.startsWith('ui.')) return reduceIntent(state, input as DashboardIntent);
  const at = Math.max(state.lastAt, (input as { at: number }).at);
  const event = input as DashboardEvent | ControllerReport;
  switch (event.type) {
    case 'snapshot': {
      const services: Record<string, ServiceRow> = {};
      for (const s of event.snapshot.services) services[s.name] = serviceRow(s, state.services[s.name]?.pending);
      return reselect({ ...state, lastAt: at, project: event.snapshot.project, runtime: event.snapshot.runtime, connection: 'connected', connectionError: undefined, services });
    }
    case 'container':
      return applyContainerEvent({ ...state, lastAt: at }, event);
    case 'service': {
      const row = serviceRow(event.service, state.services[event.service.name]?.pending);
      return reselect({ ...state, lastAt: at, services: { ...state.services, [row.name]: row } });
    }
    case 'service.removed': {
      const { [event.service]: _removed, ...services } = state.services;
      return reselect({ ...state, lastAt: at, services });
    }
    case 'stats': {
      const stats = { ...state.stats };
      for (const sample of event.samples) stats[sample.container] = sample;
      return { ...state, lastAt: at, stats };
    }
    case 'logs':
      return appendLogs({ ...state, lastAt: at }, event.lines);
    case 'plan':
      return { ...state, lastAt: at, plan: { at: event.at, files: event.files, resources: event.resources, problem: event.problem } };
    case 'action': {
      const row = state.services[event.service];
      const services = row ? { ...state.services, [row.name]: { ...row, pending: event.phase === 'started' ? event.verb : undefined } } : state.services;
      const notice =
        event.phase === 'failed'
          ? { level: 'error' as const, text: `${event.service}: ${event.error?.message ?? `${event.verb} failed`}`, code: event.error?.code, at: event.at }
          : { level: 'info' as const, text: event.phase === 'started' ? `${presentTense[event.verb]} ${event.service}…` : `${event.service} ${pastTense[event.verb]}`, at: event.at };
      return { ...state, lastAt: at, services, notice };
    }
    case 'connection':
      return { ...state, lastAt: at, connection: event.state, connectionError: event.error };
    case 'details.loading':
      return { ...state, lastAt: at, details: { service: event.service, phase: 'loading' } };
    case 'details.loaded':
      if (state.details?.service !== event.details.service) return state;
      return { ...state, lastAt: at, details: { service: event.details.service, phase: 'loaded', data: event.details } };
    case 'details.failed':
      if (state.details?.service !== event.service) return state;
      return { ...state, lastAt: at, details: { service: event.service, phase: 'failed', error: event.error } };
    case 'notice':
      return { ...state, lastAt: at, notice: { level: event.level, text: event.text, code: event.code, at: event.at } };
    case 'tick':
      return at === state.lastAt ? state : { ...state, lastAt: at };
  }
}

export function createDashboardStore(initial: DashboardState = initialDashboardState()): Store<DashboardState, DashboardInput> {
  return createStore(reduceDashboard, initial);
}

/** The services the table shows: sorted by name, narrowed by the filter (name or image, any case). */
export function visibleServices(state: DashboardState): ServiceRow[] {
  const needle = state.ui.filter.toLowerCase();
  return Object.values(state.services)
    .filter((s) => needle === '' || s.name.toLowerCase().includes(needle) || s.image.toLowerCase().includes(needle))
    .sort((a, b) => compareStrings(a.name, b.name));
}

export function selectedService(state: DashboardState): ServiceRow | undefined {
  return state.ui.selected !== undefined ? state.services[state.ui.selected] : undefined;
}

/** The buffer the log pane shows: the selected service's, or all of them. */
export function logBuffer(state: DashboardState): RingBuffer<LogLine> {
  if (state.ui.logScope === 'all') return state.allLogs;
  const name = state.ui.selected;
  return (name !== undefined ? state.serviceLogs[name] : undefined) ?? emptyLog;
}

const emptyLog = RingBuffer.empty<LogLine>(1);

/** The `height` lines the log pane shows: the newest when following, else those up to the anchor. */
export function logWindow(state: DashboardState, height: number): LogLine[] {
  const buffer = logBuffer(state);
  const end = state.ui.follow || state.ui.logAnchor === undefined ? buffer.total : Math.min(state.ui.logAnchor, buffer.total);
  return buffer.range(Math.max(0, end - height), end);
}

function applyContainerEvent(state: DashboardState, event: Extract<DashboardEvent, { type: 'container' }>): DashboardState {
  const row = state.services[event.service];
  const base: ServiceSnapshot = row ?? { name: event.service, image: '', desired: 1, containers: [], ports: [] };
  const existing = base.containers.find((c) => c.name === event.container);
  let containers = base.containers;
  if (event.action === 'destroy') {
    containers = containers.filter((c) => c.name !== event.container);
  } else {
    const before: ContainerSnapshot = existing ?? { name: event.container, number: event.number, state: 'created', health: 'none', restarts: 0 };
    const moved = containerAfter(before, event);
    const after = event.restarts !== undefined ? { ...moved, restarts: event.restarts } : moved;
    containers = existing ? containers.map((c) => (c === existing ? after : c)) : [...containers, after];
  }
  const next = serviceRow({ ...base, containers }, row?.pending);
  return reselect({ ...state, services: { ...state.services, [next.name]: next } });
}

/** A container after a runtime event: a restart counts at once, a death shows its exit code. */
function containerAfter(c: ContainerSnapshot, event: Extract<DashboardEvent, { type: 'container' }>): ContainerSnapshot {
  const withState = (fallback: ContainerSnapshot['state']) => event.state ?? fallback;
  switch (event.action) {
    case 'create':
      return { ...c, state: withState('created') };
    case 'start':
      return { ...c, state: withState('running'), startedAt: event.at, exitCode: undefined, health: c.health === 'none' ? 'none' : 'starting' };
    case 'restart':
      return { ...c, state: withState('running'), startedAt: event.at, restarts: c.restarts + 1, exitCode: undefined };
    case 'die':
      return { ...c, state: withState('exited'), exitCode: event.exitCode ?? c.exitCode, startedAt: undefined };
    case 'stop':
      return { ...c, state: withState('exited'), startedAt: undefined };
    case 'kill':
    case 'oom':
      return event.state ? { ...c, state: event.state } : c;
    case 'pause':
      return { ...c, state: withState('paused') };
    case 'unpause':
      return { ...c, state: withState('running') };
    case 'health_status':
      return { ...c, health: event.health ?? c.health };
    case 'destroy':
      return c;
  }
}

function appendLogs(state: DashboardState, lines: readonly LogLine[]): DashboardState {
  if (lines.length === 0) return state;
  const byService = new Map<string, LogLine[]>();
  for (const line of lines) {
    const list = byService.get(line.service);
    if (list) list.push(line);
    else byService.set(line.service, [line]);
  }
  const serviceLogs = { ...state.serviceLogs };
  for (const [service, list] of byService) serviceLogs[service] = (serviceLogs[service] ?? RingBuffer.empty<LogLine>(serviceLogCapacity)).append(...list);
  return { ...state, allLogs: state.allLogs.append(...lines), serviceLogs };
}

/** Keeps the selection on a visible service: the same one if it still shows, else the first. */
function reselect(state: DashboardState): DashboardState {
  const visible = visibleServices(state);
  const current = state.ui.selected;
  if (current !== undefined && visible.some((s) => s.name === current)) return state;
  const selected = visible[0]?.name;
  if (selected === current) return state;
  return withUi(state, { selected, logAnchor: state.ui.follow ? undefined : bufferTotal(state, selected), detailsScroll: 0 });
}

function withUi(state: DashboardState, patch: Partial<DashboardUi>): DashboardState {
  return { ...state, ui: { ...state.ui, ...patch } };
}

function reduceIntent(state: DashboardState, intent: DashboardIntent): DashboardState {
  const ui = state.ui;
  switch (intent.type) {
    case 'ui.move': {
      if (ui.focus === 'logs') return scrollLogs(state, intent.delta);
      if (ui.focus === 'details') return scrollDetails(state, intent.delta);
      const visible = visibleServices(state);
      if (visible.length === 0) return state;
      const index = Math.max(0, visible.findIndex((s) => s.name === ui.selected));
      const next = visible[Math.min(visible.length - 1, Math.max(0, index + intent.delta))]?.name;
      if (next === ui.selected) return state;
      return withUi(state, { selected: next, detailsScroll: 0, logAnchor: ui.follow ? undefined : bufferTotal(state, next) });
    }
    case 'ui.scroll':
      if (ui.focus === 'details') return scrollDetails(state, intent.lines);
      return scrollLogs(state, intent.lines);
    case 'ui.focus': {
      const order: Pane[] = ui.detailsOpen ? ['services', 'details'] : ['services', 'logs'];
      const next = order[(order.indexOf(ui.focus) + 1) % order.length] as Pane;
      return withUi(state, { focus: next });
    }
    case 'ui.filter.begin':
      return withUi(state, { filtering: true, helpOpen: false });
    case 'ui.filter.text':
      return reselect(withUi(state, { filter: intent.text }));
    case 'ui.filter.commit':
      return withUi(state, { filtering: false });
    case 'ui.filter.cancel':
      return reselect(withUi(state, { filtering: false, filter: '' }));
    case 'ui.follow':
      return ui.follow ? withUi(state, { follow: false, logAnchor: logBuffer(state).total }) : withUi(state, { follow: true, logAnchor: undefined });
    case 'ui.scope': {
      const logScope = ui.logScope === 'all' ? 'service' : 'all';
      const next = withUi(state, { logScope });
      return ui.follow ? next : withUi(next, { logAnchor: logBuffer(next).total });
    }
    case 'ui.details':
      return ui.detailsOpen ? withUi(state, { detailsOpen: false, focus: 'services' }) : withUi(state, { detailsOpen: true, focus: 'details', detailsScroll: 0, helpOpen: false });
    case 'ui.back':
      if (ui.helpOpen) return withUi(state, { helpOpen: false });
      if (ui.filtering || ui.filter !== '') return reselect(withUi(state, { filtering: false, filter: '' }));
      if (ui.detailsOpen) return withUi(state, { detailsOpen: false, focus: 'services' });
      if (ui.focus !== 'services') return withUi(state, { focus: 'services' });
      return state;
    case 'ui.help':
      return withUi(state, { helpOpen: !ui.helpOpen });
    case 'ui.quit':
      return withUi(state, { quitting: true });
    case 'ui.size':
      return ui.size?.columns === intent.columns && ui.size.rows === intent.rows ? state : withUi(state, { size: { columns: intent.columns, rows: intent.rows } });
  }
}

/** Scrolls the details, no further than their last line at the bottom of the pane. */
function scrollDetails(state: DashboardState, lines: number): DashboardState {
  const row = selectedService(state);
  const view = state.details?.service === row?.name ? state.details : undefined;
  const height = state.ui.size ? dashboardGeometry(state.ui.size.rows, visibleServices(state).length).paneRows : 0;
  const last = Math.max(0, detailsLines(state, row, view).length - height);
  const detailsScroll = Math.min(last, Math.max(0, state.ui.detailsScroll + lines));
  return detailsScroll === state.ui.detailsScroll ? state : withUi(state, { detailsScroll });
}

function bufferTotal(state: DashboardState, service: string | undefined): number {
  if (state.ui.logScope === 'all') return state.allLogs.total;
  return (service !== undefined ? state.serviceLogs[service]?.total : undefined) ?? 0;
}

/** Scrolls the log pane; scrolling back to the newest line follows again. */
function scrollLogs(state: DashboardState, lines: number): DashboardState {
  const buffer = logBuffer(state);
  const oldest = buffer.total - buffer.size;
  const anchor = (state.ui.follow ? buffer.total : (state.ui.logAnchor ?? buffer.total)) + lines;
  if (anchor >= buffer.total) return withUi(state, { follow: true, logAnchor: undefined });
  return withUi(state, { follow: false, logAnchor: Math.max(Math.min(oldest + 1, buffer.total), anchor) });
}
