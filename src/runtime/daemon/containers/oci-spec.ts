import { computeCapabilities } from './capabilities.ts';
import { containerError, invalidConfig } from './container-errors.ts';
import { commandOf, type ContainerConfig } from './container-config.ts';
import type { HostConfig } from './docker-types.ts';
import { buildOciMounts, type ResolvedMount, type ShmSource } from './oci-mounts.ts';
import type { OciDevice, OciNamespace, OciSpec } from './oci-types.ts';
import { buildEnv, withInit } from './process-args.ts';
import { buildResources } from './resources.ts';
import type { ResolvedUser } from './resolve-user.ts';
import { buildRlimits, RLIM_INFINITY, type HostRlimit } from './rlimits.ts';
import { buildSeccompProfile } from './seccomp.ts';
import { convertDockerSeccomp } from './seccomp-docker-format.ts';
import { buildSysctls, MASKED_PATHS, parseSecurityOpt, READONLY_PATHS } from './security-defaults.ts';

/** What the host can give a container: read once per daemon (host-facts.ts), passed in so the builder stays pure. */
export interface HostFacts {
  /** This process's bounding set: a container never gets more. */
  readonly capabilities: readonly string[];
  readonly rlimits: ReadonlyMap<string, HostRlimit>;
  /** memory.memsw.* exists (swap accounting on): MemorySwap can be applied. */
  readonly swapAccounting: boolean;
  /** Docker's GOARCH name (`amd64`) and the kernel release, for seccomp profiles in Docker's format. */
  readonly arch: string;
  readonly kernel: string;
  /** tini-static on the host, for `init: true`; undefined when missing. */
  readonly initBinary?: string;
  /** The host's devices, for privileged containers (read only when one asks). */
  readonly devices?: readonly OciDevice[];
}

/** A namespace: a fresh one, one to join by path, or the host's. */
export type NamespaceChoice = { readonly kind: 'new' } | { readonly kind: 'path'; readonly path: string } | { readonly kind: 'host' };

export interface SpecInput {
  readonly id: string;
  readonly instanceId: string;
  /** The merged container config (container-config.ts) and the request's HostConfig. */
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfig;
  /** The mounted overlay (absolute). */
  readonly rootfs: string;
  readonly user: ResolvedUser;
  readonly hostname: string;
  /** The working directory, already checked and created in the rootfs. */
  readonly cwd: string;
  readonly stopSignal: string;
  readonly network: NamespaceChoice;
  readonly pid: NamespaceChoice;
  readonly ipc: NamespaceChoice;
  readonly shm: ShmSource;
  readonly etcHosts?: string;
  readonly resolvConf?: string;
  readonly etcHostname?: string;
  readonly userMounts: readonly ResolvedMount[];
  readonly host: HostFacts;
}

export const OCI_VERSION = '1.0.2';
export const STOP_SIGNAL_ANNOTATION = 'org.opencontainers.image.stopSignal';

/** The cgroup of a container under every v1 controller (and the unified hierarchy): one parent per daemon instance. */
export function cgroupsPathFor(instanceId: string, id: string): string {
  return `/stack-${instanceId}/${id}`;
}

/**
 * config.json for one container start, from the create request, the image
 * config and what the host and the network layer provide. Pure: the same
 * input gives the same spec, field by field (see oci-spec.test.ts).
 */
export function buildOciSpec(input: SpecInput): OciSpec {
  const { config, hostConfig, host } = input;
  const privileged = hostConfig.Privileged === true;
  const security = parseSecurityOpt(hostConfig.SecurityOpt);
  const capabilities = computeCapabilities({ capAdd: hostConfig.CapAdd, capDrop: hostConfig.CapDrop, privileged, hostCapabilities: host.capabilities });
  const command = commandOf(config);
  if (command.length === 0) throw invalidConfig('no command specified', 'Give the container a command, or use an image with CMD or ENTRYPOINT.', input.id);
  const init = hostConfig.Init === true;
  if (init && !host.initBinary) {
    throw containerError('STK5220', 'FailedPrecondition', {
      message: 'init: true needs tini-static on the host (/usr/bin/tini-static)',
      hint: 'Install the tini package (bash scripts/setup), or remove init: true.',
    });
  }
  const oomScoreAdj = hostConfig.OomScoreAdj ?? 0;
  if (oomScoreAdj < -1000 || oomScoreAdj > 1000) throw invalidConfig(`OomScoreAdj ${oomScoreAdj} is outside -1000..1000`, 'Use a value between -1000 and 1000.', input.id);

  const namespaces: OciNamespace[] = [];
  const addNamespace = (type: OciNamespace['type'], choice: NamespaceChoice): void => {
    if (choice.kind === 'new') namespaces.push({ type });
    else if (choice.kind === 'path') namespaces.push({ type, path: choice.path });
  };
  addNamespace('pid', input.pid);
  addNamespace('network', input.network);
  addNamespace('ipc', input.ipc);
  const hostUts = hostConfig.UTSMode === 'host';
  if (!hostUts) namespaces.push({ type: 'uts' });
  namespaces.push({ type: 'mount' });

  const seccomp =
    privileged || security.seccomp.kind === 'unconfined'
      ? undefined
      : security.seccomp.kind === 'profile'
        ? convertDockerSeccomp(security.seccomp.json, { capabilities: capabilities.bounding, arch: host.arch, kernel: host.kernel })
        : buildSeccompProfile(capabilities.bounding);
  const unmask = privileged || security.unmaskSystemPaths;
  const mounts = buildOciMounts({
    privileged,
    readonlyRootfs: hostConfig.ReadonlyRootfs === true,
    shmSize: hostConfig.ShmSize,
    shm: input.shm,
    etcHosts: input.etcHosts,
    resolvConf: input.resolvConf,
    etcHostname: hostUts ? undefined : input.etcHostname,
    userMounts: input.userMounts,
    initBinary: init ? host.initBinary : undefined,
  });
  const propagations = input.userMounts.map((m) => m.point.propagation);
  const rootfsPropagation = propagations.some((p) => p === 'shared' || p === 'rshared') ? 'rshared' : propagations.some((p) => p === 'slave' || p === 'rslave') ? 'rslave' : undefined;
  const rlimits = buildRlimits(hostConfig.Ulimits, host.rlimits);

  return {
    ociVersion: OCI_VERSION,
    process: {
      terminal: config.Tty,
      user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length > 0 ? { additionalGids: input.user.additionalGids } : {}) },
      args: withInit(command, init),
      env: buildEnv({ env: config.Env, hostname: input.hostname, tty: config.Tty, home: input.user.home }),
      cwd: input.cwd,
      capabilities,
      ...(rlimits.length > 0 ? { rlimits } : {}),
      noNewPrivileges: security.noNewPrivileges,
      ...(oomScoreAdj !== 0 ? { oomScoreAdj } : {}),
      ...(config.Tty && hostConfig.ConsoleSize && hostConfig.ConsoleSize[0] > 0 && hostConfig.ConsoleSize[1] > 0
        ? { consoleSize: { height: hostConfig.ConsoleSize[0], width: hostConfig.ConsoleSize[1] } }
        : {}),
    },
    root: { path: input.rootfs, readonly: hostConfig.ReadonlyRootfs === true },
    ...(hostUts ? {} : { hostname: input.hostname }),
    ...(hostUts || !config.Domainname ? {} : { domainname: config.Domainname }),
    mounts,
    annotations: { [STOP_SIGNAL_ANNOTATION]: input.stopSignal },
    linux: {
      namespaces,
      cgroupsPath: cgroupsPathFor(input.instanceId, input.id),
      resources: buildResources(hostConfig, { swapAccounting: host.swapAccounting }),
      ...(privileged && host.devices && host.devices.length > 0 ? { devices: host.devices } : {}),
      maskedPaths: unmask ? [] : MASKED_PATHS,
      readonlyPaths: unmask ? [] : READONLY_PATHS,
      sysctl: buildSysctls(hostConfig.Sysctls, { privateNetwork: input.network.kind !== 'host', privateIpc: input.ipc.kind !== 'host' }),
      ...(seccomp ? { seccomp } : {}),
      ...(rootfsPropagation ? { rootfsPropagation } : {}),
    },
  };
}

const INFINITY_TOKEN = '"__stack_rlim_infinity__"';

/** config.json text: RLIM_INFINITY is written as the uint64 maximum, which a JS number cannot hold. */
export function serializeOciSpec(spec: OciSpec): string {
  const text = JSON.stringify(
    spec,
    (key, value: unknown) => ((key === 'soft' || key === 'hard') && value === RLIM_INFINITY ? JSON.parse(INFINITY_TOKEN) : value),
    2,
  );
  return `${text.split(INFINITY_TOKEN).join('18446744073709551615')}\n`;
}
