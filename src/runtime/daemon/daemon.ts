import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isStackError, StackError } from '../../base/index.ts';
import { NetworkManager, type SubnetPool } from '../../net/index.ts';
import { ContainerManager, probeOciRuntime, type ContainerCreateBody, type DaemonLog, type OciRuntime, type RecoverResult } from './containers/index.ts';
import { ContainerNetworking } from './container-networking.ts';
import type { DaemonPaths } from './control/paths.ts';
import { EventHub, shape } from './event-hub.ts';
import { ImageStore } from './images/index.ts';
import { readOrCreateInstanceId } from './instance-id.ts';
import { VolumeStore } from './volumes/index.ts';

export interface DaemonOptions {
  readonly paths: DaemonPaths;
  readonly log: DaemonLog;
  /** Where new networks' subnets come from (tests give each run its own). Default: src/net's pool. */
  readonly pools?: readonly SubnetPool[];
  /** Upstream DNS servers for names that are not ours. Default: the host's resolv.conf. */
  readonly dnsUpstreams?: readonly string[];
  /** How often conmon's exit directory is polled besides inotify (ms). */
  readonly exitPollMs?: number;
  readonly signal?: AbortSignal;
}

/** What the startup found and did, for the log and `stack runtime info`. */
export interface StartupReport {
  readonly runtime: { readonly name: string; readonly version: string; readonly path: string };
  readonly recovered: RecoverResult;
  readonly networkProblems: readonly string[];
  readonly imageProblems: readonly string[];
  readonly startupMs: number;
}

/**
 * One stackd: the image store, volumes, networks and containers over one
 * state root, and the event stream they all feed. Startup order matters:
 * the network records are made true on the host first (bridges, namespaces,
 * DNS, ports), so that containers re-adopted or restarted by their policy
 * find their network in place. The API server is separate (api/): a Daemon
 * can be driven directly in tests.
 */
export class Daemon implements AsyncDisposable {
  readonly paths: DaemonPaths;
  readonly instanceId: string;
  readonly runtime: OciRuntime;
  readonly images: ImageStore;
  readonly volumes: VolumeStore;
  readonly network: NetworkManager;
  readonly containers: ContainerManager;
  readonly networking: ContainerNetworking;
  readonly events: EventHub;
  readonly log: DaemonLog;
  readonly startedAt = new Date();
  readonly report: StartupReport;
  readonly #subscriptions: Disposable[] = [];

  private constructor(parts: {
    paths: DaemonPaths;
    instanceId: string;
    runtime: OciRuntime;
    images: ImageStore;
    volumes: VolumeStore;
    network: NetworkManager;
    containers: ContainerManager;
    networking: ContainerNetworking;
    events: EventHub;
    log: DaemonLog;
    report: StartupReport;
  }) {
    this.paths = parts.paths;
    this.instanceId = parts.instanceId;
    this.runtime = parts.runtime;
    this.images = parts.images;
    this.volumes = parts.volumes;
    this.network = parts.network;
    this.containers = parts.containers;
    this.networking = parts.networking;
    this.events = parts.events;
    this.log = parts.log;
    this.report = parts.report;
  }

  static async open(options: DaemonOptions): Promise<Daemon> {
    const started = Date.now();
    const { paths, log } = options;
    try {
      await mkdir(paths.root, { recursive: true, mode: 0o711 });
      await mkdir(paths.runDir, { recursive: true, mode: 0o700 });
      await chmod(paths.runDir, 0o700);
    } catch (error) {
      throw new StackError({ code: 'STK5308', errorClass: 'FailedPrecondition', message: `cannot create the state root ${paths.root} or the run directory ${paths.runDir}: ${(error as Error).message}`, hint: 'Run stackd as root, or set STACK_ROOT to a writable directory.', cause: error });
    }
    const instanceId = await readOrCreateInstanceId(paths.instanceFile);
    const { runtime } = await probeOciRuntime({ root: paths.root, instanceId, log, ...(options.signal ? { signal: options.signal } : {}) });
    const events = new EventHub();
    let containers: ContainerManager | undefined;
    const images = await ImageStore.open({
      directory: join(paths.root, 'images'),
      isInUse: (imageId) => containers?.list({ all: true }).find((c) => c.ImageID === imageId)?.Id,
    });
    const volumes = new VolumeStore({ dir: join(paths.root, 'volumes') });
    const network = await NetworkManager.open({ root: paths.root, instance: instanceId, ...(options.pools ? { pools: options.pools } : {}), ...(options.dnsUpstreams ? { dnsUpstreams: options.dnsUpstreams } : {}) });
    const networkProblems = (await network.recover(options.signal)).map((p) => p.message);
    for (const problem of networkProblems) log('warn', 'network recovery', { problem });
    const networking = new ContainerNetworking(network, log, (idOrName) => {
      const state = containers?.state(idOrName);
      return state && (state.status === 'running' || state.status === 'paused') ? state.pid : 0;
    });
    const opened = await ContainerManager.open({ root: paths.root, instanceId, runtime, volumes, network: networking, log, ...(options.exitPollMs !== undefined ? { exitPollMs: options.exitPollMs } : {}) });
    containers = opened.manager;
    const report: StartupReport = {
      runtime: { name: runtime.info.name, version: runtime.info.version, path: runtime.info.path },
      recovered: opened.recovered,
      networkProblems,
      imageProblems: images.problems,
      startupMs: Date.now() - started,
    };
    const daemon = new Daemon({ paths, instanceId, runtime, images, volumes, network, containers, networking, events, log, report });
    daemon.#wire();
    await daemon.#settleNetworking();
    log('info', 'stackd state opened', { root: paths.root, instance: instanceId, runtime: `${runtime.info.name} ${runtime.info.version}`, ...opened.recovered, ms: report.startupMs });
    return daemon;
  }

  /** Every part's events into the hub; container exits release ports, removals detach networking. */
  #wire(): void {
    this.#subscriptions.push(
      this.containers.events((e) => {
        if (e.action === 'die') this.networking.released(e.id);
        if (e.action === 'destroy') void this.networking.detach(e.id).catch((error: unknown) => this.log('warn', 'detaching a removed container failed', { id: e.id, error: String(error) }));
        this.events.publish(shape('container', e.Action, e.id, e.attributes, e.time, e.timeNano, e.from));
      }),
      this.volumes.events((e) => this.events.publish(shape('volume', e.action, e.name, e.attributes, e.time, e.timeNano))),
    );
  }

  /**
   * After recovery: network records and containers agree. Ports held for a
   * container that is not running are released; records of containers that
   * no longer exist (stackd died during a removal) are detached.
   */
  async #settleNetworking(): Promise<void> {
    const known = new Map(this.containers.list({ all: true }).map((c) => [c.Id, c.State]));
    for (const id of this.network.attachedContainers()) {
      const state = known.get(id);
      try {
        if (state === undefined) await this.networking.detach(id);
        else if (state !== 'running' && state !== 'paused' && state !== 'restarting') await this.network.unpublishPorts(id);
      } catch (error) {
        this.log('warn', 'settling the network of a container failed', { id, error: isStackError(error) ? error.message : String(error) });
      }
    }
  }

  /** Create with networking: the container record, then its network attachment (undone together on failure). */
  async createContainer(name: string | undefined, body: ContainerCreateBody, signal?: AbortSignal): Promise<{ Id: string; Warnings: string[] }> {
    const image = await this.images.resolve(body.Image ?? '', signal ? { signal } : {});
    const created = await this.containers.create({ ...(name ? { name } : {}), body, image, ...(signal ? { signal } : {}) });
    const record = this.containers.inspect(created.Id);
    try {
      const warnings = await this.networking.attach(created.Id, record.Name.slice(1), { ...body, Hostname: record.Config.Hostname }, Object.keys(image.config.config?.ExposedPorts ?? {}), signal);
      return { Id: created.Id, Warnings: [...created.Warnings, ...warnings] };
    } catch (error) {
      await this.containers.remove(created.Id, { force: true, volumes: true }).catch(() => undefined);
      throw error;
    }
  }

  /** Remove with networking: the namespace and addresses go before this returns, so the network can be removed next. */
  async removeContainer(idOrName: string, options: { force?: boolean; volumes?: boolean; signal?: AbortSignal }): Promise<void> {
    const id = this.containers.resolveId(idOrName);
    await this.containers.remove(id, options);
    await this.networking.detach(id);
  }

  /**
   * Stops serving and keeps every container running: conmon holds them and
   * keeps logging; the next stackd re-adopts them. Sockets (DNS, port
   * proxies) close; bridges, namespaces and rules stay.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    for (const s of this.#subscriptions.splice(0)) s[Symbol.dispose]();
    await this.containers[Symbol.asyncDispose]();
    await this.network.dispose();
  }
}
