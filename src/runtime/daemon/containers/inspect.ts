import type { ContainerConfig } from './container-config.ts';
import type { ContainerRecord, ContainerState } from './container-record.ts';
import type { ContainerPaths } from './container-store.ts';
import type { HostConfig } from './docker-types.ts';
import type { MountPoint } from './mount-plan.ts';
import { DEFAULT_SHM_SIZE } from './oci-mounts.ts';

/** One entry of inspect's and list's `Mounts` (Docker's MountPoint JSON). */
export interface MountJson {
  readonly Type: 'bind' | 'volume' | 'tmpfs';
  readonly Name?: string;
  readonly Source: string;
  readonly Destination: string;
  readonly Driver?: string;
  readonly Mode: string;
  readonly RW: boolean;
  readonly Propagation: string;
}

/** Docker's `GET /containers/{id}/json` minus NetworkSettings (the API layer adds it from the network records). */
export interface ContainerInspect {
  readonly Id: string;
  readonly Created: string;
  readonly Path: string;
  readonly Args: readonly string[];
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly Paused: boolean;
    readonly Restarting: boolean;
    readonly OOMKilled: boolean;
    readonly Dead: boolean;
    readonly Pid: number;
    readonly ExitCode: number;
    readonly Error: string;
    readonly StartedAt: string;
    readonly FinishedAt: string;
    readonly Health?: { readonly Status: string; readonly FailingStreak: number; readonly Log: readonly { Start: string; End: string; ExitCode: number; Output: string }[] };
  };
  readonly Image: string;
  readonly ResolvConfPath: string;
  readonly HostnamePath: string;
  readonly HostsPath: string;
  readonly LogPath: string;
  readonly Name: string;
  readonly RestartCount: number;
  readonly Driver: string;
  readonly Platform: string;
  readonly MountLabel: string;
  readonly ProcessLabel: string;
  readonly AppArmorProfile: string;
  readonly ExecIDs: readonly string[] | null;
  readonly HostConfig: HostConfig;
  readonly GraphDriver: { readonly Name: string; readonly Data: Readonly<Record<string, string>> };
  readonly Mounts: readonly MountJson[];
  readonly Config: ContainerConfig;
}

/** Docker's summary for `GET /containers/json` minus Ports and NetworkSettings (the API layer adds them). */
export interface ContainerSummary {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Image: string;
  readonly ImageID: string;
  readonly Command: string;
  readonly Created: number;
  readonly Labels: Readonly<Record<string, string>>;
  readonly State: string;
  readonly Status: string;
  readonly HostConfig: { readonly NetworkMode: string };
  readonly Mounts: readonly MountJson[];
}

export function mountJson(mount: MountPoint, volumePath: (name: string) => string): MountJson {
  if (mount.type === 'volume') {
    return { Type: 'volume', Name: mount.source, Source: volumePath(mount.source), Destination: mount.destination, Driver: 'local', Mode: mount.mode, RW: !mount.readonly, Propagation: '' };
  }
  if (mount.type === 'tmpfs') return { Type: 'tmpfs', Source: '', Destination: mount.destination, Mode: mount.mode, RW: !mount.readonly, Propagation: '' };
  return { Type: 'bind', Source: mount.source, Destination: mount.destination, Mode: mount.mode, RW: !mount.readonly, Propagation: mount.propagation };
}

/** HostConfig as inspect shows it: the request's values over Docker's defaults. */
export function hostConfigJson(host: HostConfig): HostConfig {
  return {
    NetworkMode: 'default',
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    LogConfig: { Type: 'k8s-file', Config: {} },
    ShmSize: DEFAULT_SHM_SIZE,
    IpcMode: 'private',
    PidMode: '',
    Privileged: false,
    ReadonlyRootfs: false,
    AutoRemove: false,
    Binds: null,
    CapAdd: null,
    CapDrop: null,
    ...host,
  };
}

export function inspectJson(record: ContainerRecord, state: ContainerState, paths: ContainerPaths, extra: { execIds: readonly string[]; volumePath: (name: string) => string }): ContainerInspect {
  return {
    Id: record.id,
    Created: record.created,
    Path: record.path,
    Args: record.args,
    State: {
      Status: state.status === 'removing' ? 'removing' : state.status,
      Running: state.status === 'running' || state.status === 'paused',
      Paused: state.status === 'paused',
      Restarting: state.status === 'restarting',
      OOMKilled: state.oomKilled,
      Dead: state.status === 'dead',
      Pid: state.pid,
      ExitCode: state.exitCode,
      Error: state.error,
      StartedAt: state.startedAt,
      FinishedAt: state.finishedAt,
      ...(state.health ? { Health: { Status: state.health.Status, FailingStreak: state.health.FailingStreak, Log: state.health.Log } } : {}),
    },
    Image: record.imageId,
    ResolvConfPath: paths.resolvConf,
    HostnamePath: paths.hostname,
    HostsPath: paths.hosts,
    LogPath: paths.log,
    Name: `/${record.name}`,
    RestartCount: state.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: extra.execIds.length > 0 ? extra.execIds : null,
    HostConfig: hostConfigJson(record.hostConfig),
    GraphDriver: {
      Name: 'overlay2',
      Data: { LowerDir: [...record.layerDirs].reverse().join(':'), UpperDir: paths.upper, WorkDir: paths.work, MergedDir: paths.rootfs },
    },
    Mounts: record.mounts.map((m) => mountJson(m, extra.volumePath)),
    Config: record.config,
  };
}

export function summaryJson(record: ContainerRecord, state: ContainerState, volumePath: (name: string) => string, nowMs = Date.now()): ContainerSummary {
  return {
    Id: record.id,
    Names: [`/${record.name}`],
    Image: record.config.Image || record.imageId,
    ImageID: record.imageId,
    Command: [record.path, ...record.args].map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' '),
    Created: Math.floor(Date.parse(record.created) / 1000),
    Labels: record.config.Labels,
    State: state.status,
    Status: statusText(state, nowMs),
    HostConfig: { NetworkMode: record.hostConfig.NetworkMode || 'default' },
    Mounts: record.mounts.map((m) => mountJson(m, volumePath)),
  };
}

/** Docker's `Status` column: `Up 3 minutes (healthy)`, `Exited (0) 5 seconds ago`, `Created`. */
export function statusText(state: ContainerState, nowMs: number): string {
  const since = (iso: string): string => humanDuration(nowMs - Date.parse(iso));
  switch (state.status) {
    case 'running':
    case 'paused': {
      const health = state.health ? ` (${state.health.Status === 'starting' ? 'health: starting' : state.health.Status})` : '';
      return `Up ${since(state.startedAt)}${state.status === 'paused' ? ' (Paused)' : health}`;
    }
    case 'restarting':
      return `Restarting (${state.exitCode}) ${since(state.finishedAt)} ago`;
    case 'exited':
      return `Exited (${state.exitCode}) ${since(state.finishedAt)} ago`;
    case 'dead':
      return 'Dead';
    case 'removing':
      return 'Removal In Progress';
    case 'created':
      return 'Created';
  }
}

/** go-units HumanDuration, which Docker's status texts use. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}
