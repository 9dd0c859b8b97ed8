import type { EventError, PlannedResource } from '../engine/events.ts';

/**
 * The contract between `stack dashboard` and the engine. The dashboard only
 * reads through a DashboardSource and asks through DashboardActions; it never
 * talks to a runtime itself. Phase 2 implements both over the runtime client
 * (Docker or stackd: container list + inspect for the snapshot, the events
 * stream, stats, logs) and the planner (the plan preview when the stack file
 * changes). memory-dashboard-source.ts implements them in memory for tests
 * and the bench.
 *
 * All times are milliseconds since the epoch; all lists are sorted (services
 * by name, containers by number) so the same world gives the same frames.
 */

/** A container's (and, aggregated, a service's) state, in Docker's words. */
export type RunState = 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing' | 'missing';

/** Docker's health states; `none` when the container has no health check. */
export type Health = 'starting' | 'healthy' | 'unhealthy' | 'none';

export interface PublishedPort {
  /** Empty or `0.0.0.0` when published on every address. */
  readonly hostIp?: string;
  readonly published: number;
  readonly target: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
}

export interface ContainerSnapshot {
  /** `demo-web-1`. */
  readonly name: string;
  /** The replica number (`com.docker.compose.container-number`). */
  readonly number: number;
  readonly state: RunState;
  readonly health: Health;
  /** Restarts so far (the runtime's RestartCount when the snapshot was taken). */
  readonly restarts: number;
  /** When it last started, if it runs. */
  readonly startedAt?: number;
  readonly exitCode?: number;
}

export interface ServiceSnapshot {
  readonly name: string;
  readonly image: string;
  /** Replicas the project asks for. */
  readonly desired: number;
  readonly containers: readonly ContainerSnapshot[];
  readonly ports: readonly PublishedPort[];
}

export interface DashboardSnapshot {
  readonly project: string;
  /** `stackd` or `docker`, and where: shown in the header. */
  readonly runtime: string;
  readonly services: readonly ServiceSnapshot[];
  readonly at: number;
}

/** What a runtime says happened to a container (Docker's event actions the dashboard cares about). */
export type ContainerAction = 'create' | 'start' | 'restart' | 'die' | 'stop' | 'kill' | 'pause' | 'unpause' | 'destroy' | 'health_status' | 'oom';

export interface StatsSample {
  readonly service: string;
  readonly container: string;
  /** Percent of one core, as `docker stats` shows it (can exceed 100 on several cores). */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly memoryLimit?: number;
}

export interface LogLine {
  readonly service: string;
  /** `demo-web-1`. */
  readonly container: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly time?: number;
}

/** What the dashboard's keys ask of a service. */
export type ServiceVerb = 'restart' | 'stop' | 'start' | 'rebuild' | 'recreate';

export type DashboardEvent =
  /** The whole world again (first load, reconnect). */
  | { readonly type: 'snapshot'; readonly at: number; readonly snapshot: DashboardSnapshot }
  /** A runtime event about one container: flips its row at once. */
  | {
      readonly type: 'container';
      readonly at: number;
      readonly service: string;
      readonly container: string;
      readonly number: number;
      readonly action: ContainerAction;
      readonly exitCode?: number;
      readonly health?: Health;
      /** The state the runtime reports after the event, when it knows it (`restarting` during a back-off). */
      readonly state?: RunState;
      /**
       * The container's restarts after the event, when the source counts them
       * (policy restarts and restarts asked for): replaces the view's own count.
       */
      readonly restarts?: number;
    }
  /** A service's definition or replica set changed (scaled, new image): its row is replaced. */
  | { readonly type: 'service'; readonly at: number; readonly service: ServiceSnapshot }
  | { readonly type: 'service.removed'; readonly at: number; readonly service: string }
  | { readonly type: 'stats'; readonly at: number; readonly samples: readonly StatsSample[] }
  | { readonly type: 'logs'; readonly at: number; readonly lines: readonly LogLine[] }
  /** The stack file changed: what `up` would do now (or why the files cannot be loaded). */
  | {
      readonly type: 'plan';
      readonly at: number;
      readonly files: readonly string[];
      readonly resources: readonly PlannedResource[];
      /** The files do not load: the first diagnostic, as `file:line:col code message`. */
      readonly problem?: string;
    }
  /** A service action asked through DashboardActions, as it goes. */
  | {
      readonly type: 'action';
      readonly at: number;
      readonly id: number;
      readonly service: string;
      readonly verb: ServiceVerb;
      readonly phase: 'started' | 'succeeded' | 'failed';
      readonly error?: EventError;
    }
  | { readonly type: 'connection'; readonly at: number; readonly state: 'connected' | 'lost'; readonly error?: EventError };

export interface HealthCheckResult {
  readonly start: number;
  readonly end?: number;
  readonly exitCode: number;
  readonly output: string;
}

export interface MountInfo {
  readonly type: 'volume' | 'bind' | 'tmpfs';
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface NetworkAttachment {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly ipv4?: string;
}

/** What the details pane shows for one service. */
export interface ServiceDetails {
  readonly service: string;
  /** The resolved service definition as `stack config` prints it (YAML). */
  readonly config: string;
  /** The environment of its first container, sorted by name. */
  readonly environment: Readonly<Record<string, string>>;
  readonly mounts: readonly MountInfo[];
  readonly networks: readonly NetworkAttachment[];
  /** Its last health checks, oldest first (Docker keeps five). */
  readonly health: readonly HealthCheckResult[];
  /** What `up` would do to it now; empty when it is up to date. */
  readonly plan: readonly PlannedResource[];
}

export interface SourceOptions {
  readonly signal: AbortSignal;
}

/** Where the dashboard reads the project from. */
export interface DashboardSource {
  snapshot(options: SourceOptions): Promise<DashboardSnapshot>;
  /** Events as they happen, until the signal fires (the iterator then ends without throwing). */
  events(options: SourceOptions): AsyncIterable<DashboardEvent>;
  /** The last `tail` lines of one service's logs, or of all services', then new lines as they come, until the signal fires. */
  logs(options: SourceOptions & { readonly service?: string; readonly tail: number }): AsyncIterable<LogLine>;
  details(service: string, options: SourceOptions): Promise<ServiceDetails>;
}

/**
 * What the dashboard's keys ask for. Each resolves when the runtime has done
 * it and rejects with a StackError when it could not; meanwhile the source's
 * events show the containers going down and up.
 */
export type DashboardActions = Readonly<Record<ServiceVerb, (service: string, options: SourceOptions) => Promise<void>>>;
