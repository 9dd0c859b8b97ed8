import { cpus, hostname, release, totalmem } from 'node:os';
import type { Daemon } from '../daemon.ts';
import { matchesEventFilters, type DockerEvent } from '../event-hub.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { STACKD_VERSION } from './version.ts';
import { filtersParam, timeParam } from './wire.ts';

/** The API version stackd speaks (Docker 20.10's), and the oldest it accepts, as dockerd reports them. */
export const API_VERSION = '1.41';
export const MIN_API_VERSION = '1.12';

/** /_ping, /version, /info, /events, /system/df. */
export function systemRoutes(daemon: Daemon): Route[] {
  return [
    route(['GET', 'HEAD'], /^\/_ping$/, (x) => ping(x)),
    route('GET', /^\/version$/, (x) => x.json(200, versionJson(daemon))),
    route('GET', /^\/info$/, (x) => x.json(200, infoJson(daemon))),
    route('GET', /^\/events$/, (x) => events(daemon, x)),
    route('GET', /^\/system\/df$/, async (x) => x.json(200, await diskUsage(daemon))),
  ];
}

/** The docker CLI negotiates from these headers (it sends HEAD first). */
function ping(x: Exchange): void {
  x.send(200, 'OK', {
    'Content-Type': 'text/plain; charset=utf-8',
    'Api-Version': API_VERSION,
    'Builder-Version': '1',
    'Docker-Experimental': 'false',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
    OSType: 'linux',
    Server: `stackd/${STACKD_VERSION} (linux)`,
  });
}

function arch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch;
}

export function versionJson(daemon: Daemon): Record<string, unknown> {
  const details = { ApiVersion: API_VERSION, MinAPIVersion: MIN_API_VERSION, Os: 'linux', Arch: arch(), KernelVersion: release(), GitCommit: '', GoVersion: `node ${process.version}` };
  return {
    Platform: { Name: 'stackd (stack bundled runtime)' },
    Components: [
      { Name: 'Engine', Version: STACKD_VERSION, Details: details },
      { Name: daemon.runtime.info.name, Version: daemon.runtime.info.version, Details: { Path: daemon.runtime.info.path } },
    ],
    Version: STACKD_VERSION,
    ...details,
    BuildTime: '',
  };
}

export function infoJson(daemon: Daemon): Record<string, unknown> {
  const containers = daemon.containers.list({ all: true });
  const count = (state: string) => containers.filter((c) => c.State === state).length;
  const running = count('running') + count('restarting');
  const paused = count('paused');
  return {
    ID: `stackd-${daemon.instanceId}`,
    Containers: containers.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: containers.length - running - paused,
    Images: daemon.images.list().length,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'extfs']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    MemoryLimit: true,
    SwapLimit: false,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: '1',
    NEventsListener: daemon.events.listeners,
    KernelVersion: release(),
    OperatingSystem: 'stackd (stack bundled runtime)',
    OSVersion: '',
    OSType: 'linux',
    Architecture: process.arch === 'x64' ? 'x86_64' : process.arch,
    IndexServerAddress: '',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: [] },
    NCPU: cpus().length,
    MemTotal: totalmem(),
    DockerRootDir: daemon.paths.root,
    Name: hostname(),
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: STACKD_VERSION,
    Runtimes: { [daemon.runtime.info.name]: { path: daemon.runtime.info.path } },
    DefaultRuntime: daemon.runtime.info.name,
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: true,
    Isolation: '',
    InitBinary: 'tini',
    SecurityOptions: ['name=seccomp,profile=default'],
    Warnings: [],
  };
}

/**
 * `GET /events`: the history from `since`, then live events until `until`
 * (or until the client goes away). With `until` in the past, history only.
 * Headers go out at once: clients wait for them before they act.
 */
async function events(daemon: Daemon, x: Exchange): Promise<void> {
  const filters = filtersParam(x.query);
  const now = Date.now();
  const sinceMs = timeParam(x.query, 'since', now);
  const untilMs = timeParam(x.query, 'until', now);
  const out = x.stream(200, { 'Content-Type': 'application/json' });
  const write = (event: DockerEvent): void => {
    if (matchesEventFilters(event, filters)) out.write(`${JSON.stringify(event)}\n`);
  };
  // Subscribe before replaying, so nothing that happens meanwhile falls between the two.
  const live: DockerEvent[] = [];
  let replaying = true;
  const subscription = daemon.events.event((e) => (replaying ? live.push(e) : write(e)));
  try {
    const untilNano = untilMs === undefined ? Number.POSITIVE_INFINITY : untilMs * 1e6;
    if (sinceMs !== undefined) for (const e of daemon.events.history(sinceMs * 1e6, untilNano)) write(e);
    replaying = false;
    for (const e of live) if (e.timeNano <= untilNano) write(e);
    if (untilMs !== undefined && untilMs <= Date.now()) return;
    await new Promise<void>((resolve) => {
      const timer = untilMs === undefined ? undefined : setTimeout(resolve, untilMs - Date.now());
      x.signal.addEventListener('abort', () => {
        if (timer) clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  } finally {
    subscription[Symbol.dispose]();
    out.end();
  }
}

async function diskUsage(daemon: Daemon): Promise<Record<string, unknown>> {
  const images = daemon.images.list();
  const volumes = await daemon.volumes.list();
  return {
    LayersSize: images.reduce((sum, i) => sum + (Number((i as { Size?: number }).Size) || 0), 0),
    Images: images,
    Containers: daemon.containers.list({ all: true }),
    Volumes: volumes,
    BuildCache: [],
  };
}
