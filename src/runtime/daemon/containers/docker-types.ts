import type { ContainerConfig } from '../images/oci-types.ts';
/**
 * The part of Docker's ContainerCreate body (API 1.41, `POST /containers/create`)
 * that the bundled runtime honours. Field names and shapes are Docker's, so the
 * API layer passes the parsed body through unchanged. Durations are Go
 * nanoseconds, sizes bytes, as on the wire.
 */
export interface ContainerCreateBody {
  readonly Hostname?: string;
  readonly Domainname?: string;
  readonly User?: string;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StdinOnce?: boolean;
  readonly Env?: readonly string[] | null;
  /** Docker accepts a string (one word list, shell-split by the client) or a list. */
  readonly Cmd?: readonly string[] | string | null;
  readonly Entrypoint?: readonly string[] | string | null;
  readonly Healthcheck?: HealthConfig | null;
  readonly Image?: string;
  readonly Volumes?: Readonly<Record<string, object>> | null;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly StopSignal?: string;
  /** Seconds; the default grace period of stop. */
  readonly StopTimeout?: number | null;
  readonly HostConfig?: HostConfig;
  /** Opaque here: the network layer reads it. */
  readonly NetworkingConfig?: unknown;
}

export interface HealthConfig {
  /** `[]` inherit, `["NONE"]`, `["CMD", ...]`, `["CMD-SHELL", "cmd"]`. */
  readonly Test?: readonly string[] | null;
  /** Nanoseconds; 0, null or absent: the default. docker-compose 1.29 sends null for unset durations. */
  readonly Interval?: number | null;
  readonly Timeout?: number | null;
  readonly StartPeriod?: number | null;
  readonly StartInterval?: number | null;
  readonly Retries?: number | null;
}

export interface RestartPolicy {
  readonly Name?: '' | 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly MaximumRetryCount?: number;
}

export interface MountSpec {
  readonly Type?: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  readonly Source?: string;
  readonly Target?: string;
  readonly ReadOnly?: boolean;
  readonly Consistency?: string;
  readonly BindOptions?: { readonly Propagation?: string; readonly NonRecursive?: boolean; readonly CreateMountpoint?: boolean };
  readonly VolumeOptions?: { readonly NoCopy?: boolean; readonly Labels?: Readonly<Record<string, string>>; readonly DriverConfig?: { readonly Name?: string; readonly Options?: Readonly<Record<string, string>> } };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface Ulimit {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

export interface LogConfig {
  readonly Type?: string;
  readonly Config?: Readonly<Record<string, string>>;
}

export interface HostConfig {
  readonly Binds?: readonly string[] | null;
  readonly Mounts?: readonly MountSpec[] | null;
  readonly Tmpfs?: Readonly<Record<string, string>> | null;
  readonly ReadonlyRootfs?: boolean;
  readonly CapAdd?: readonly string[] | null;
  readonly CapDrop?: readonly string[] | null;
  readonly Privileged?: boolean;
  readonly Memory?: number;
  readonly MemoryReservation?: number;
  readonly MemorySwap?: number;
  readonly MemorySwappiness?: number | null;
  readonly OomKillDisable?: boolean | null;
  readonly NanoCpus?: number;
  readonly CpuShares?: number;
  readonly CpuQuota?: number;
  readonly CpuPeriod?: number;
  readonly CpusetCpus?: string;
  readonly CpusetMems?: string;
  readonly BlkioWeight?: number;
  readonly PidsLimit?: number | null;
  readonly Ulimits?: readonly Ulimit[] | null;
  readonly Sysctls?: Readonly<Record<string, string>> | null;
  readonly Init?: boolean | null;
  readonly ShmSize?: number;
  readonly SecurityOpt?: readonly string[] | null;
  readonly GroupAdd?: readonly string[] | null;
  readonly OomScoreAdj?: number;
  readonly IpcMode?: string;
  readonly PidMode?: string;
  readonly UTSMode?: string;
  readonly NetworkMode?: string;
  readonly ExtraHosts?: readonly string[] | null;
  readonly RestartPolicy?: RestartPolicy;
  readonly AutoRemove?: boolean;
  readonly LogConfig?: LogConfig;
  readonly PortBindings?: unknown;
  readonly Dns?: readonly string[] | null;
  readonly DnsSearch?: readonly string[] | null;
  readonly DnsOptions?: readonly string[] | null;
  readonly VolumesFrom?: readonly string[] | null;
  readonly Devices?: readonly unknown[] | null;
  /** API ≥ 1.42: the initial [height, width] of a TTY container's terminal. */
  readonly ConsoleSize?: readonly [number, number] | null;
}

/** The runtime defaults of an image: the `config` member of its OCI image config blob, as the image store keeps it. */
export type { ContainerConfig as ImageConfig } from '../images/oci-types.ts';

/**
 * What the image store's `resolve()` gives: the id, the OCI image config
 * blob (image-spec config.md; only its `config` member matters here), and
 * the unpacked layers bottom → top.
 */
export interface ResolvedImage {
  readonly id: string;
  readonly config: { readonly config?: ContainerConfig | null };
  readonly layerDirs: readonly string[];
}

/** What the network layer hands over at each start. */
export interface NetworkInput {
  readonly mode: 'bridge' | 'none' | 'host';
  /** A named netns for bridge networks (`/run/netns/...`), joined by runc. */
  readonly netnsPath?: string;
  /** Contents, written into the container directory and bind-mounted (absent: the host's file for host mode, a default otherwise). */
  readonly etcHosts?: string;
  readonly resolvConf?: string;
  readonly hostname?: string;
}
