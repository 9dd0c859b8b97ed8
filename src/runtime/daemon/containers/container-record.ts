import type { ContainerConfig } from './container-config.ts';
import type { HostConfig } from './docker-types.ts';
import type { MountPoint } from './mount-plan.ts';

/** Docker's container states (`State.Status`); `removing` while remove() runs. */
export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One probe run, as Docker's `State.Health.Log[]`. */
export interface HealthResult {
  readonly Start: string;
  readonly End: string;
  readonly ExitCode: number;
  readonly Output: string;
}

export interface HealthState {
  readonly Status: HealthStatus;
  readonly FailingStreak: number;
  readonly Log: readonly HealthResult[];
}

/** Docker's zero time, shown for "never". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** What changes while a container lives: `<id>/state.json`, rewritten atomically on every change. */
export interface ContainerState {
  readonly status: ContainerStatus;
  /** Host pid of the container's init while running, else 0. */
  readonly pid: number;
  readonly conmonPid: number;
  readonly exitCode: number;
  readonly error: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  /** Docker's HasBeenManuallyStopped: stop/kill/die-by-request suppresses restart policies until the next start. */
  readonly manuallyStopped: boolean;
  readonly health?: HealthState;
}

/** What is fixed at create: `<id>/container.json`. */
export interface ContainerRecord {
  readonly version: 1;
  readonly id: string;
  readonly name: string;
  readonly created: string;
  readonly imageId: string;
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfig;
  /** The image's unpacked layers, bottom → top, mounted as the overlay's lower dirs. */
  readonly layerDirs: readonly string[];
  readonly mounts: readonly MountPoint[];
  /** Docker's Path and Args: the command without init. */
  readonly path: string;
  readonly args: readonly string[];
  /** Opaque to this module; kept for the API layer (`NetworkingConfig` of the create request). */
  readonly networkingConfig?: unknown;
  readonly runtime: string;
}

export function initialState(): ContainerState {
  return {
    status: 'created',
    pid: 0,
    conmonPid: 0,
    exitCode: 0,
    error: '',
    startedAt: ZERO_TIME,
    finishedAt: ZERO_TIME,
    oomKilled: false,
    restartCount: 0,
    manuallyStopped: false,
  };
}

/** Running in Docker's sense: up, paused or between policy restarts. */
export function isActive(state: ContainerState): boolean {
  return state.status === 'running' || state.status === 'paused';
}
