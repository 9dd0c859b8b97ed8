/**
 * The body of Docker's `POST /containers/create` (API 1.41), typed for the
 * subset Compose uses. Field names are Docker's own (PascalCase), so the
 * planner can build the body it means and the client sends it unchanged:
 * nothing is lost or renamed on the way, and `stack plan --format json` shows
 * exactly what the engine receives.
 *
 * Durations are nanoseconds, sizes bytes, as in the API.
 */

/** `"80/tcp"`, `"53/udp"`: a container port and protocol. */
export type PortKey = `${number}/${'tcp' | 'udp' | 'sctp'}` | `${number}`;

export interface ContainerCreateBody {
  readonly Image: string;
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  /** `KEY=value` entries. */
  readonly Env?: readonly string[];
  readonly Labels?: Readonly<Record<string, string>>;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly Hostname?: string;
  readonly Domainname?: string;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StdinOnce?: boolean;
  readonly AttachStdin?: boolean;
  readonly AttachStdout?: boolean;
  readonly AttachStderr?: boolean;
  readonly StopSignal?: string;
  /** Seconds. */
  readonly StopTimeout?: number;
  readonly Healthcheck?: HealthConfig;
  readonly ExposedPorts?: Readonly<Record<string, Readonly<Record<string, never>>>>;
  /** Anonymous volumes the image or the service declares: `{ "/data": {} }`. */
  readonly Volumes?: Readonly<Record<string, Readonly<Record<string, never>>>>;
  readonly MacAddress?: string;
  readonly NetworkDisabled?: boolean;
  readonly Shell?: readonly string[];
  readonly HostConfig?: HostConfig;
  readonly NetworkingConfig?: NetworkingConfig;
}

export interface HealthConfig {
  /** `["NONE"]`, `["CMD", ...args]` or `["CMD-SHELL", command]`. */
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

export interface HostConfig {
  /** `source:target[:options]`. */
  readonly Binds?: readonly string[];
  readonly Mounts?: readonly MountSpec[];
  readonly PortBindings?: Readonly<Record<string, readonly PortBindingSpec[]>>;
  readonly PublishAllPorts?: boolean;
  /** `bridge`, `host`, `none`, `container:<id>`, or a network name. */
  readonly NetworkMode?: string;
  readonly RestartPolicy?: RestartPolicySpec;
  readonly AutoRemove?: boolean;
  readonly CapAdd?: readonly string[];
  readonly CapDrop?: readonly string[];
  readonly Privileged?: boolean;
  readonly ReadonlyRootfs?: boolean;
  /** Mount point → mount options (`size=64m,mode=1777`). */
  readonly Tmpfs?: Readonly<Record<string, string>>;
  readonly Memory?: number;
  readonly MemoryReservation?: number;
  readonly MemorySwap?: number;
  readonly MemorySwappiness?: number;
  readonly OomKillDisable?: boolean;
  readonly OomScoreAdj?: number;
  readonly NanoCpus?: number;
  readonly CpuShares?: number;
  readonly CpuPeriod?: number;
  readonly CpuQuota?: number;
  readonly CpuRealtimePeriod?: number;
  readonly CpuRealtimeRuntime?: number;
  readonly CpusetCpus?: string;
  readonly CpusetMems?: string;
  readonly BlkioWeight?: number;
  readonly PidsLimit?: number;
  readonly Ulimits?: readonly UlimitSpec[];
  readonly Sysctls?: Readonly<Record<string, string>>;
  /** `host:ip` entries for /etc/hosts. */
  readonly ExtraHosts?: readonly string[];
  readonly Dns?: readonly string[];
  readonly DnsOptions?: readonly string[];
  readonly DnsSearch?: readonly string[];
  readonly Init?: boolean;
  readonly ShmSize?: number;
  /** `container[:ro|rw]`. */
  readonly VolumesFrom?: readonly string[];
  /** `container[:alias]` (legacy links). */
  readonly Links?: readonly string[];
  readonly SecurityOpt?: readonly string[];
  readonly LogConfig?: { readonly Type: string; readonly Config?: Readonly<Record<string, string>> };
  readonly GroupAdd?: readonly string[];
  readonly IpcMode?: string;
  readonly PidMode?: string;
  readonly UTSMode?: string;
  readonly UsernsMode?: string;
  readonly CgroupnsMode?: 'private' | 'host';
  readonly CgroupParent?: string;
  readonly Devices?: readonly DeviceMapping[];
  readonly DeviceCgroupRules?: readonly string[];
  readonly StorageOpt?: Readonly<Record<string, string>>;
  readonly Runtime?: string;
  readonly Isolation?: string;
  readonly VolumeDriver?: string;
  readonly ContainerIDFile?: string;
}

export interface MountSpec {
  readonly Type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  readonly Target: string;
  readonly Source?: string;
  readonly ReadOnly?: boolean;
  readonly Consistency?: string;
  readonly BindOptions?: { readonly Propagation?: string; readonly NonRecursive?: boolean; readonly CreateMountpoint?: boolean };
  readonly VolumeOptions?: {
    readonly NoCopy?: boolean;
    readonly Labels?: Readonly<Record<string, string>>;
    readonly DriverConfig?: { readonly Name?: string; readonly Options?: Readonly<Record<string, string>> };
    readonly Subpath?: string;
  };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface PortBindingSpec {
  /** Empty or absent: every address. */
  readonly HostIp?: string;
  /** Empty or absent: a port the engine picks. A string, as Docker takes it (`"8080"`, or a range `"8080-8090"`). */
  readonly HostPort?: string;
}

export interface RestartPolicySpec {
  readonly Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  readonly MaximumRetryCount?: number;
}

export interface UlimitSpec {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

export interface DeviceMapping {
  readonly PathOnHost: string;
  readonly PathInContainer: string;
  readonly CgroupPermissions?: string;
}

export interface NetworkingConfig {
  /** Network name → endpoint. API 1.41 takes one entry at create; connect the others before start. */
  readonly EndpointsConfig?: Readonly<Record<string, EndpointSettings>>;
}

export interface EndpointSettings {
  readonly IPAMConfig?: { readonly IPv4Address?: string; readonly IPv6Address?: string; readonly LinkLocalIPs?: readonly string[] };
  readonly Links?: readonly string[];
  readonly Aliases?: readonly string[];
  readonly MacAddress?: string;
  readonly DriverOpts?: Readonly<Record<string, string>>;
  readonly NetworkID?: string;
}
