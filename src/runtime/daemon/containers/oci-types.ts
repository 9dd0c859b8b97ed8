/**
 * The OCI runtime spec (config.json) as far as the bundle builder fills it
 * (opencontainers/runtime-spec config.md and config-linux.md, 1.0.2).
 */
export interface OciSpec {
  readonly ociVersion: string;
  readonly process: OciProcess;
  readonly root: { readonly path: string; readonly readonly: boolean };
  readonly hostname?: string;
  readonly domainname?: string;
  readonly mounts: readonly OciMount[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly linux: OciLinux;
}

export interface OciUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids?: readonly number[];
  readonly umask?: number;
}

export interface OciCapabilities {
  readonly bounding: readonly string[];
  readonly effective: readonly string[];
  readonly permitted: readonly string[];
  readonly inheritable: readonly string[];
  readonly ambient: readonly string[];
}

export interface OciRlimit {
  readonly type: string;
  readonly soft: number;
  readonly hard: number;
}

export interface OciProcess {
  readonly terminal: boolean;
  readonly user: OciUser;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly capabilities: OciCapabilities;
  readonly rlimits?: readonly OciRlimit[];
  readonly noNewPrivileges: boolean;
  readonly oomScoreAdj?: number;
  readonly consoleSize?: { readonly height: number; readonly width: number };
}

export interface OciMount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options?: readonly string[];
}

export type OciNamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup';

export interface OciNamespace {
  readonly type: OciNamespaceType;
  readonly path?: string;
}

export interface OciDeviceRule {
  readonly allow: boolean;
  readonly type?: 'a' | 'c' | 'b';
  readonly major?: number;
  readonly minor?: number;
  readonly access?: string;
}

export interface OciDevice {
  readonly path: string;
  readonly type: 'c' | 'b' | 'p' | 'u';
  readonly major: number;
  readonly minor: number;
  readonly fileMode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

export interface OciResources {
  readonly devices: readonly OciDeviceRule[];
  readonly memory?: { readonly limit?: number; readonly reservation?: number; readonly swap?: number; readonly swappiness?: number; readonly disableOOMKiller?: boolean };
  readonly cpu?: { readonly shares?: number; readonly quota?: number; readonly period?: number; readonly cpus?: string; readonly mems?: string };
  readonly pids?: { readonly limit: number };
  readonly blockIO?: { readonly weight?: number };
}

export interface OciSeccompArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo?: number;
  readonly op: 'SCMP_CMP_NE' | 'SCMP_CMP_LT' | 'SCMP_CMP_LE' | 'SCMP_CMP_EQ' | 'SCMP_CMP_GE' | 'SCMP_CMP_GT' | 'SCMP_CMP_MASKED_EQ';
}

export interface OciSeccompRule {
  readonly names: readonly string[];
  readonly action: 'SCMP_ACT_ALLOW' | 'SCMP_ACT_ERRNO' | 'SCMP_ACT_KILL' | 'SCMP_ACT_TRAP' | 'SCMP_ACT_TRACE' | 'SCMP_ACT_LOG';
  readonly errnoRet?: number;
  readonly args?: readonly OciSeccompArg[];
}

export interface OciSeccomp {
  readonly defaultAction: 'SCMP_ACT_ERRNO' | 'SCMP_ACT_ALLOW' | 'SCMP_ACT_KILL';
  readonly defaultErrnoRet?: number;
  readonly architectures: readonly string[];
  readonly syscalls: readonly OciSeccompRule[];
}

export interface OciLinux {
  readonly namespaces: readonly OciNamespace[];
  readonly cgroupsPath: string;
  readonly resources: OciResources;
  readonly devices?: readonly OciDevice[];
  readonly maskedPaths: readonly string[];
  readonly readonlyPaths: readonly string[];
  readonly sysctl: Readonly<Record<string, string>>;
  readonly seccomp?: OciSeccomp;
  readonly rootfsPropagation?: string;
}
