import type { ContainerState, EventType } from './runtime-client.ts';

/**
 * What a RuntimeClient returns: our own camelCase shapes, carrying what the
 * engine and the UI read. Times are milliseconds since the epoch; sizes are
 * bytes. Objects that `stack inspect` prints also carry `raw`, the engine's
 * JSON as it came.
 */

export type RuntimeKind = 'docker' | 'bundled';

export interface RuntimeEndpoint {
  readonly runtime: RuntimeKind;
  /** In DOCKER_HOST form: `unix:///var/run/docker.sock`, `tcp://10.0.0.2:2375`. */
  readonly address: string;
  readonly socketPath?: string;
}

export interface RuntimeVersion {
  /** The engine's version (`20.10.24`), or stackd's. */
  readonly version: string;
  readonly apiVersion: string;
  readonly minApiVersion?: string;
  /** The API version this client speaks to it. */
  readonly negotiatedApiVersion: string;
  readonly os: string;
  readonly arch: string;
  readonly kernelVersion?: string;
  readonly components: readonly { readonly name: string; readonly version: string }[];
}

export interface RuntimeInfo {
  readonly id?: string;
  readonly name: string;
  readonly serverVersion: string;
  readonly containers: { readonly total: number; readonly running: number; readonly paused: number; readonly stopped: number };
  readonly images: number;
  readonly storageDriver?: string;
  readonly cgroupDriver?: string;
  readonly cgroupVersion?: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly operatingSystem?: string;
  readonly kernelVersion?: string;
  readonly defaultRuntime?: string;
  readonly runtimes: readonly string[];
  readonly securityOptions: readonly string[];
  readonly raw: Readonly<Record<string, unknown>>;
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';
export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** A container port, and where it is published if it is. */
export interface PortMapping {
  readonly containerPort: number;
  readonly protocol: PortProtocol;
  readonly hostIp?: string;
  readonly hostPort?: number;
}

export interface ContainerNetwork {
  readonly name: string;
  readonly networkId: string;
  readonly ipAddress?: string;
  readonly ipPrefixLen?: number;
  readonly gateway?: string;
  readonly ipv6Address?: string;
  readonly macAddress?: string;
  readonly aliases: readonly string[];
}

export interface ContainerMount {
  readonly type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  /** The volume name, for volumes. */
  readonly name?: string;
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
  readonly driver?: string;
}

/** What list and inspect both know about a container. */
export interface ContainerBase {
  readonly id: string;
  /** Without Docker's leading `/`. */
  readonly name: string;
  /** The image reference it was created from (as given). */
  readonly image: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: ContainerState;
  readonly created: number;
  /** Known once it has exited. */
  readonly exitCode?: number;
  /** Undefined when it has no health check. */
  readonly health?: HealthStatus;
  readonly ports: readonly PortMapping[];
  /** Sorted by network name. */
  readonly networks: readonly ContainerNetwork[];
  readonly mounts: readonly ContainerMount[];
}

export interface ContainerSummary extends ContainerBase {
  /** The engine's words: `Up 3 minutes (healthy)`, `Exited (0) 2 seconds ago`. */
  readonly status: string;
  readonly command: string;
}

export interface HealthLogEntry {
  readonly start: number;
  readonly end: number;
  readonly exitCode: number;
  readonly output: string;
}

export interface ContainerDetails extends ContainerBase {
  readonly running: boolean;
  readonly paused: boolean;
  readonly restarting: boolean;
  readonly oomKilled: boolean;
  readonly pid: number;
  /** Why the last start failed, as the engine said it. */
  readonly error?: string;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly restartCount: number;
  readonly healthLog: readonly HealthLogEntry[];
  readonly failingStreak: number;
  readonly config: {
    readonly hostname: string;
    readonly user: string;
    readonly env: readonly string[];
    readonly cmd: readonly string[] | undefined;
    readonly entrypoint: readonly string[] | undefined;
    readonly workingDir: string;
    readonly tty: boolean;
    readonly openStdin: boolean;
    readonly stopSignal?: string;
    readonly stopTimeout?: number;
    readonly hasHealthcheck: boolean;
  };
  readonly restartPolicy: { readonly name: string; readonly maximumRetryCount: number };
  readonly networkMode: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface CreatedContainer {
  readonly id: string;
  readonly warnings: readonly string[];
}

export interface WaitResult {
  readonly exitCode: number;
  /** Set when the engine could not tell the exit (it says why). */
  readonly error?: string;
}

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  /** Without its line ending. */
  readonly line: string;
  /** RFC 3339 with nanoseconds, when timestamps were asked for. */
  readonly time?: string;
}

export interface ContainerTop {
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

export interface ContainerStats {
  readonly read: number;
  /** Percent of one CPU × number of CPUs, as `docker stats` shows it. */
  readonly cpuPercent: number;
  /** Memory in use, page cache excluded (as `docker stats`). */
  readonly memoryUsage: number;
  readonly memoryLimit: number;
  readonly memoryPercent: number;
  readonly pids?: number;
  readonly networkRxBytes: number;
  readonly networkTxBytes: number;
  readonly blockReadBytes: number;
  readonly blockWriteBytes: number;
}

export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go's os.FileMode bits (directory is 1<<31). */
  readonly mode: number;
  readonly isDirectory: boolean;
  readonly mtime: string;
  readonly linkTarget: string;
}

export interface IpamPool {
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
}

export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly ipam: { readonly driver: string; readonly pools: readonly IpamPool[] };
  readonly created?: number;
}

export interface NetworkEndpoint {
  readonly containerId: string;
  readonly name: string;
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly macAddress?: string;
}

export interface NetworkDetails extends NetworkSummary {
  /** Sorted by container name. */
  readonly containers: readonly NetworkEndpoint[];
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface VolumeSummary {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly scope: string;
  readonly created?: number;
}

export interface ImageSummary {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly created: number;
  readonly size: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImageDetails extends ImageSummary {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly config: {
    readonly cmd: readonly string[] | undefined;
    readonly entrypoint: readonly string[] | undefined;
    readonly env: readonly string[];
    readonly workingDir: string;
    readonly user: string;
    readonly exposedPorts: readonly string[];
    readonly volumes: readonly string[];
    readonly stopSignal?: string;
    readonly hasHealthcheck: boolean;
  };
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface PullProgress {
  /** The layer id, when the line is about a layer. */
  readonly layer?: string;
  /** `Pulling fs layer`, `Downloading`, `Extracting`, `Pull complete`, `Digest: …`. */
  readonly status: string;
  readonly current?: number;
  readonly total?: number;
}

export interface RemovedImage {
  readonly untagged?: string;
  readonly deleted?: string;
}

export interface BuildResult {
  readonly id: string;
}

export interface RuntimeEvent {
  readonly type: EventType;
  /** `create`, `start`, `die`, `health_status`, `exec_start`... */
  readonly action: string;
  /** What follows `action: ` in Docker's action text: `healthy` for `health_status: healthy`. */
  readonly detail?: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly scope?: string;
  /** Milliseconds since the epoch (from the nanosecond time when given). */
  readonly time: number;
}
