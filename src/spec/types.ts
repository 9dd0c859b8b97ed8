/**
 * The Project: a Compose project after loading, merging, validation and
 * normalization. Every later stage (planner, engine, UI) reads only this.
 *
 * Shape: the canonical long forms of the Compose Specification, with the same
 * keys (snake_case) as `docker compose config --format json`, so that
 * `stack config --format json` is this object serialized with sorted keys.
 * Optional fields are absent when the file did not set them (never `null`).
 *
 * Durations are kept as Compose prints them (`"1m30s"`) and also parsed where
 * the engine needs numbers (see durations.ts); byte sizes likewise.
 */

/** A string-to-string map (environment, labels, sysctls, driver options...). */
export type StringMap = Readonly<Record<string, string>>;

/** Extension keys (`x-*`), kept verbatim. */
export type Extensions = Readonly<Record<string, unknown>>;

export interface Project {
  readonly name: string;
  /** Absolute project directory. */
  readonly working_dir: string;
  /** Absolute paths of the compose files, in load order (`-` for stdin). */
  readonly config_files: readonly string[];
  /** Enabled services, by name. */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** Services disabled by profiles: kept so commands can explain why a service is absent. */
  readonly disabled_services: Readonly<Record<string, ServiceConfig>>;
  readonly networks: Readonly<Record<string, NetworkConfig>>;
  readonly volumes: Readonly<Record<string, VolumeConfig>>;
  readonly secrets: Readonly<Record<string, SecretConfig>>;
  readonly configs: Readonly<Record<string, ConfigObjConfig>>;
  readonly models?: Readonly<Record<string, ModelConfig>>;
  /** The interpolation environment the project was loaded with (shell over env files). */
  readonly environment: StringMap;
  /** Profiles that were active. */
  readonly profiles: readonly string[];
  readonly extensions?: Extensions;
}

export interface ServiceConfig {
  /** The service key. */
  readonly name: string;
  readonly profiles?: readonly string[];

  readonly image?: string;
  readonly build?: BuildConfig;
  readonly pull_policy?: string;
  readonly platform?: string;

  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly working_dir?: string;
  readonly user?: string;
  readonly group_add?: readonly string[];
  readonly init?: boolean;
  readonly tty?: boolean;
  readonly stdin_open?: boolean;
  readonly stop_signal?: string;
  readonly stop_grace_period?: string;
  readonly attach?: boolean;

  /** Resolved: env_file contents merged under `environment`. A value of null means "unset" (bare `VAR`). */
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly env_file?: readonly EnvFileConfig[];
  readonly labels?: StringMap;
  readonly label_file?: readonly string[];
  readonly annotations?: StringMap;

  readonly networks?: Readonly<Record<string, ServiceNetworkConfig | null>>;
  readonly network_mode?: string;
  readonly ports?: readonly PortConfig[];
  readonly expose?: readonly string[];
  readonly hostname?: string;
  readonly domainname?: string;
  readonly dns?: readonly string[];
  readonly dns_opt?: readonly string[];
  readonly dns_search?: readonly string[];
  /** `host=ip` entries, sorted, as compose-go prints them. */
  readonly extra_hosts?: readonly string[];
  readonly links?: readonly string[];
  readonly external_links?: readonly string[];
  readonly mac_address?: string;

  readonly volumes?: readonly ServiceVolumeConfig[];
  readonly volumes_from?: readonly string[];
  readonly tmpfs?: readonly string[];
  readonly shm_size?: string;
  readonly storage_opt?: StringMap;
  readonly secrets?: readonly FileReferenceConfig[];
  readonly configs?: readonly FileReferenceConfig[];

  readonly depends_on?: Readonly<Record<string, DependsOnConfig>>;
  readonly restart?: string;
  readonly healthcheck?: HealthcheckConfig;
  readonly scale?: number;
  readonly deploy?: DeployConfig;
  readonly post_start?: readonly ServiceHook[];
  readonly pre_stop?: readonly ServiceHook[];

  readonly cpus?: number;
  readonly cpu_shares?: number;
  readonly cpu_period?: number;
  readonly cpu_quota?: number;
  readonly cpu_rt_period?: string;
  readonly cpu_rt_runtime?: string;
  readonly cpuset?: string;
  readonly cpu_count?: number;
  readonly cpu_percent?: number;
  readonly mem_limit?: string;
  readonly mem_reservation?: string;
  readonly memswap_limit?: string;
  readonly mem_swappiness?: number;
  readonly oom_kill_disable?: boolean;
  readonly oom_score_adj?: number;
  readonly pids_limit?: number;
  readonly blkio_config?: Readonly<Record<string, unknown>>;
  readonly ulimits?: Readonly<Record<string, UlimitConfig>>;
  readonly devices?: readonly DeviceMapping[];
  readonly device_cgroup_rules?: readonly string[];
  readonly gpus?: readonly Readonly<Record<string, unknown>>[];

  readonly privileged?: boolean;
  readonly read_only?: boolean;
  readonly cap_add?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly userns_mode?: string;
  readonly ipc?: string;
  readonly pid?: string;
  readonly uts?: string;
  readonly cgroup?: string;
  readonly cgroup_parent?: string;
  readonly sysctls?: StringMap;
  readonly isolation?: string;
  readonly runtime?: string;

  readonly logging?: LoggingConfig;
  readonly container_name?: string;
  readonly develop?: Readonly<Record<string, unknown>>;
  readonly extensions?: Extensions;
  /** Any other key the schema allows that the engine does not use, kept verbatim for `config`. */
  readonly [key: string]: unknown;
}

export interface BuildConfig {
  readonly context?: string;
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly args?: Readonly<Record<string, string | null>>;
  readonly target?: string;
  readonly labels?: StringMap;
  readonly tags?: readonly string[];
  readonly platforms?: readonly string[];
  readonly cache_from?: readonly string[];
  readonly cache_to?: readonly string[];
  readonly no_cache?: boolean;
  readonly pull?: boolean;
  readonly network?: string;
  readonly additional_contexts?: StringMap;
  readonly secrets?: readonly FileReferenceConfig[];
  readonly ssh?: readonly string[];
  readonly extra_hosts?: readonly string[];
  readonly shm_size?: string;
  readonly [key: string]: unknown;
}

export interface EnvFileConfig {
  /** Absolute path. */
  readonly path: string;
  /** Absent means required (true). */
  readonly required?: boolean;
  readonly format?: string;
}

export interface ServiceNetworkConfig {
  readonly aliases?: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly link_local_ips?: readonly string[];
  readonly mac_address?: string;
  readonly interface_name?: string;
  readonly driver_opts?: StringMap;
  readonly priority?: number;
  readonly gw_priority?: number;
}

export interface PortConfig {
  readonly name?: string;
  /** `ingress` unless the file said `host`. */
  readonly mode: string;
  readonly host_ip?: string;
  readonly target: number;
  /** A port or a range (`"8000-8010"`); absent for a random host port. */
  readonly published?: string;
  /** `tcp` unless the file said otherwise. */
  readonly protocol: string;
  readonly app_protocol?: string;
}

export type VolumeType = 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface ServiceVolumeConfig {
  readonly type: VolumeType;
  /** Named volume key, absolute host path (bind), or absent (anonymous volume, tmpfs). */
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: {
    readonly propagation?: string;
    /** Short syntax creates a missing host path (true); the long syntax does not unless it says so. */
    readonly create_host_path?: boolean;
    readonly selinux?: string;
    readonly recursive?: string;
  };
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string; readonly labels?: StringMap };
  readonly tmpfs?: { readonly size?: string | number; readonly mode?: number };
  readonly image?: { readonly subpath?: string };
}

export interface FileReferenceConfig {
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number | string;
}

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOnConfig {
  readonly condition: DependsOnCondition;
  /** Restart this service when Compose recreates or restarts the dependency. */
  readonly restart?: boolean;
  /** false: a missing or failed dependency is only a warning. */
  readonly required: boolean;
}

export interface HealthcheckConfig {
  /** `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`. */
  readonly test?: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly retries?: number;
  readonly start_period?: string;
  readonly start_interval?: string;
  readonly disable?: boolean;
}

export interface DeployConfig {
  readonly mode?: string;
  readonly replicas?: number;
  readonly labels?: StringMap;
  readonly resources?: {
    readonly limits?: { readonly cpus?: number; readonly memory?: string; readonly pids?: number };
    readonly reservations?: { readonly cpus?: number; readonly memory?: string; readonly [key: string]: unknown };
  };
  readonly restart_policy?: {
    readonly condition?: string;
    readonly delay?: string;
    readonly max_attempts?: number;
    readonly window?: string;
  };
  readonly [key: string]: unknown;
}

export interface ServiceHook {
  readonly command: readonly string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment?: Readonly<Record<string, string | null>>;
}

export interface UlimitConfig {
  readonly soft?: number;
  readonly hard?: number;
  /** The single-number form. */
  readonly single?: number;
}

export interface DeviceMapping {
  readonly source: string;
  readonly target?: string;
  readonly permissions?: string;
}

export interface LoggingConfig {
  readonly driver?: string;
  readonly options?: StringMap;
}

export interface IpamConfig {
  readonly driver?: string;
  readonly config?: readonly {
    readonly subnet?: string;
    readonly ip_range?: string;
    readonly gateway?: string;
    readonly aux_addresses?: StringMap;
  }[];
  readonly options?: StringMap;
}

export interface NetworkConfig {
  /** The runtime name: `<project>_<key>` unless `name:` or external. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly ipam?: IpamConfig;
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly labels?: StringMap;
  readonly extensions?: Extensions;
}

export interface VolumeConfig {
  /** The runtime name: `<project>_<key>` unless `name:` or external. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly external?: boolean;
  readonly labels?: StringMap;
  readonly extensions?: Extensions;
}

export interface SecretConfig {
  readonly name: string;
  /** Absolute path. */
  readonly file?: string;
  readonly environment?: string;
  readonly external?: boolean;
  readonly labels?: StringMap;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly template_driver?: string;
  readonly extensions?: Extensions;
}

export interface ConfigObjConfig {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: StringMap;
  readonly template_driver?: string;
  readonly extensions?: Extensions;
}

export interface ModelConfig {
  readonly name?: string;
  readonly model?: string;
  readonly context_size?: number;
  readonly runtime_flags?: readonly string[];
}
