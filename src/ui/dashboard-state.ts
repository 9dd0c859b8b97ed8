import type { EventError, PlannedResource } from '../engine/events.ts';
import type { ContainerSnapshot, Health, LogLine, PublishedPort, RunState, ServiceDetails, ServiceSnapshot, ServiceVerb, StatsSample } from './dashboard-source.ts';
import { RingBuffer } from './ring-buffer.ts';

/** One row of the service table: the service's containers and what they add up to. */
export interface ServiceRow {
  readonly name: string;
  readonly image: string;
  readonly desired: number;
  readonly containers: readonly ContainerSnapshot[];
  readonly ports: readonly PublishedPort[];
  /** Containers running (or restarting into running). */
  readonly running: number;
  readonly state: RunState;
  readonly health: Health;
  readonly restarts: number;
  /** The latest start among its running containers: a restart resets the uptime. */
  readonly startedAt?: number;
  readonly exitCode?: number;
  /** An action asked by a key and not finished yet. */
  readonly pending?: ServiceVerb;
}

export type Pane = 'services' | 'logs' | 'details';

/** What the person at the keyboard chose: never sent anywhere, only drawn. */
export interface DashboardUi {
  readonly selected?: string;
  readonly filter: string;
  /** Typing a filter: keys go to the filter text. */
  readonly filtering: boolean;
  /** The log pane sticks to the newest line. */
  readonly follow: boolean;
  /** The selected service's logs, or every service's with prefixes. */
  readonly logScope: 'service' | 'all';
  readonly focus: Pane;
  readonly detailsOpen: boolean;
  readonly helpOpen: boolean;
  /** When not following: the position (RingBuffer.total) just after the newest line shown. */
  readonly logAnchor?: number;
  readonly detailsScroll: number;
  readonly quitting: boolean;
  /** The terminal's size as the view last reported it: bounds scrolling to what can be shown. */
  readonly size?: { readonly columns: number; readonly rows: number };
}

export interface PlanPreview {
  readonly at: number;
  readonly files: readonly string[];
  readonly resources: readonly PlannedResource[];
  readonly problem?: string;
}

export interface DetailsView {
  readonly service: string;
  readonly phase: 'loading' | 'loaded' | 'failed';
  readonly data?: ServiceDetails;
  readonly error?: EventError;
}

export interface Notice {
  readonly level: 'info' | 'error';
  readonly text: string;
  readonly code?: string;
  readonly at: number;
}

export interface DashboardState {
  readonly project: string;
  readonly runtime: string;
  readonly connection: 'connecting' | 'connected' | 'lost';
  readonly connectionError?: EventError;
  readonly services: Readonly<Record<string, ServiceRow>>;
  /** The latest sample per container. */
  readonly stats: Readonly<Record<string, StatsSample>>;
  readonly allLogs: RingBuffer<LogLine>;
  readonly serviceLogs: Readonly<Record<string, RingBuffer<LogLine>>>;
  readonly plan?: PlanPreview;
  readonly details?: DetailsView;
  readonly notice?: Notice;
  readonly ui: DashboardUi;
  readonly lastAt: number;
}

/** Lines kept per service and for the all-services view: enough to scroll back a few screens, bounded for long sessions. */
export const serviceLogCapacity = 1000;
export const allLogCapacity = 2000;

export function initialDashboardState(project = ''): DashboardState {
  return {
    project,
    runtime: '',
    connection: 'connecting',
    services: {},
    stats: {},
    allLogs: RingBuffer.empty<LogLine>(allLogCapacity),
    serviceLogs: {},
    ui: {
      filter: '',
      filtering: false,
      follow: true,
      logScope: 'service',
      focus: 'services',
      detailsOpen: false,
      helpOpen: false,
      detailsScroll: 0,
      quitting: false,
    },
    lastAt: 0,
  };
}

const stateRank: Readonly<Record<RunState, number>> = {
  restarting: 0,
  dead: 1,
  exited: 2,
  removing: 3,
  paused: 4,
  created: 5,
  running: 6,
  missing: 7,
};

/** A service row from its containers: the most alarming container state wins, so trouble shows at once. */
export function serviceRow(snapshot: ServiceSnapshot, pending?: ServiceVerb): ServiceRow {
  const containers = [...snapshot.containers].sort((a, b) => a.number - b.number);
  const running = containers.filter((c) => c.state === 'running').length;
  let state: RunState = containers.length === 0 ? 'missing' : 'running';
  for (const c of containers) if (stateRank[c.state] < stateRank[state]) state = c.state;
  if (running > 0 && (state === 'exited' || state === 'created')) state = 'running';
  const checked = containers.filter((c) => c.state === 'running' && c.health !== 'none');
  const health: Health = checked.some((c) => c.health === 'unhealthy')
    ? 'unhealthy'
    : checked.some((c) => c.health === 'starting')
      ? 'starting'
      : checked.length > 0
        ? 'healthy'
        : 'none';
  const starts = containers.filter((c) => c.state === 'running' && c.startedAt !== undefined).map((c) => c.startedAt as number);
  const exited = containers.find((c) => c.state === 'exited' || c.state === 'dead');
  return {
    name: snapshot.name,
    image: snapshot.image,
    desired: snapshot.desired,
    containers,
    ports: snapshot.ports,
    running,
    state,
    health,
    restarts: containers.reduce((sum, c) => sum + c.restarts, 0),
    startedAt: starts.length > 0 ? Math.max(...starts) : undefined,
    exitCode: exited?.exitCode,
    pending,
  };
}
