import { readFile } from 'node:fs/promises';
import type { StackError } from '../base/errors.ts';
import { cleanupInstance, type CleanupReport } from './cleanup-instance.ts';
import { containerNetworkConfig } from './container-config.ts';
import { beginDetach, connectContainer, disconnectContainer, endDetach, finishAttach, planAttach, publishContainerPorts, renameContainer, undoAttach, unpublishContainerPorts, wireAttach, wireDetach } from './container-lifecycle.ts';
import { EmbeddedDns } from './dns.ts';
import { type DockerNetwork, dockerNetwork, dockerNetworkSettings, dockerPredefinedNetwork } from './docker-shapes.ts';
import { defaultSubnetPools, type SubnetPool } from './ipam.ts';
import { ManagerState } from './manager-state.ts';
import { assertInstanceId } from './names.ts';
import { createNetwork, removeNetwork } from './network-lifecycle.ts';
import { NetworkStore } from './network-store.ts';
import { recoverNetworking } from './recover.ts';
import { parseResolvConf } from './resolv-conf.ts';
import { SerialQueue } from './serial-queue.ts';
import type { AttachmentRecord, AttachRequest, ContainerNetworkConfig, CreateNetworkRequest, NetworkAttachRequest, NetworkRecord } from './types.ts';

export interface NetworkManagerOptions {
  /** The state root: records go to `<root>/networks`. */
  readonly root: string;
  /** The 4-hex instance id from `<root>/instance`, in every host-global name. */
  readonly instance: string;
  /** Where new networks' subnets come from. Default: 10.77.0.0/16 in /24s. */
  readonly pools?: readonly SubnetPool[];
  /** Upstream DNS servers for names that are not ours. Default: the host resolv.conf's; `[]`: answer NXDOMAIN. */
  readonly dnsUpstreams?: readonly string[];
  /** Port of the embedded DNS listeners. Default 53 (what containers' resolv.conf implies). */
  readonly dnsPort?: number;
  readonly hostResolvConf?: string;
  readonly hostHostsFile?: string;
  /** Idle time after which a UDP flow through a published port is forgotten. Default 90 s, as Docker. */
  readonly udpIdleMs?: number;
}

/**
 * stackd's networking, the facade the daemon uses. See README.md for the
 * model. Every change runs through one queue; reads answer from memory.
 *
 * Life cycle: `open()` loads the records, `recover()` makes the host match
 * them and opens the DNS listeners and port proxies, `dispose()` closes the
 * sockets and keeps the kernel objects (a restart of stackd must not break
 * running containers), `cleanupInstance()` removes every kernel object too.
 */
export class NetworkManager {
  readonly #state: ManagerState;
  readonly #queue = new SerialQueue();

  private constructor(state: ManagerState) {
    this.#state = state;
  }

  static async open(options: NetworkManagerOptions): Promise<NetworkManager> {
    assertInstanceId(options.instance);
    const hostResolvConfPath = options.hostResolvConf ?? '/etc/resolv.conf';
    const upstreams = options.dnsUpstreams ?? parseResolvConf(await readFile(hostResolvConfPath, 'utf8').catch(() => '')).nameservers;
    const dns = new EmbeddedDns({ upstreams, ...(options.dnsPort !== undefined ? { port: options.dnsPort } : {}) });
    const state = new ManagerState(
      { instance: options.instance, pools: options.pools ?? defaultSubnetPools, hostResolvConfPath, hostHostsPath: options.hostHostsFile ?? '/etc/hosts', udpIdleMs: options.udpIdleMs ?? 90_000 },
      new NetworkStore(options.root),
      dns,
    );
    const { networks, attachments } = await state.store.load();
    for (const n of networks) state.networks.set(n.id, n);
    for (const a of attachments) state.attachments.set(a.containerId, a);
    state.refreshDns();
    return new NetworkManager(state);
  }

  get instance(): string {
    return this.#state.instance;
  }

  createNetwork(request: CreateNetworkRequest, signal?: AbortSignal): Promise<NetworkRecord> {
    return this.#queue.run(() => createNetwork(this.#state, request, signal));
  }

  /** Refuses (Conflict) while containers are attached; the predefined networks cannot be removed. */
  removeNetwork(ref: string, signal?: AbortSignal): Promise<void> {
    return this.#queue.run(() => removeNetwork(this.#state, ref, signal));
  }

  /** `GET /networks`: the predefined host and none, then ours, by name; `Containers` empty as in Docker's list. */
  list(): DockerNetwork[] {
    const attachments = this.#state.sortedAttachments();
    return [...this.#predefined(attachments, false), ...this.#state.sortedNetworks().map((n) => dockerNetwork(n, attachments, false))];
  }

  /** `GET /networks/{id}`: by id, name or unique id prefix. */
  inspect(ref: string): DockerNetwork {
    const resolved = this.#state.resolveNetwork(ref);
    const attachments = this.#state.sortedAttachments();
    if (resolved.kind === 'predefined') return dockerPredefinedNetwork(this.instance, resolved.mode, this.#state.started, attachments, true);
    return dockerNetwork(resolved.record, attachments, true);
  }

  /** The records of our bridge networks, by name. */
  networks(): readonly NetworkRecord[] {
    return this.#state.sortedNetworks();
  }

  /** Decisions in the queue, the namespace and veths outside it (attaches of many containers overlap), then DNS. */
  async attachContainer(containerId: string, request: AttachRequest, signal?: AbortSignal): Promise<ContainerNetworkConfig> {
    const plan = await this.#queue.run(() => planAttach(this.#state, containerId, request, signal));
    if (plan.done) return plan.config;
    try {
      await wireAttach(this.#state, plan, signal);
    } catch (error) {
      await this.#queue.run(() => undoAttach(this.#state, containerId));
      throw error;
    }
    return this.#queue.run(() => finishAttach(this.#state, plan));
  }

  /** At each start: binds the published ports (a port in use: STK6009, nothing bound). Returns the config with the bound ports. */
  publishPorts(containerId: string, signal?: AbortSignal): Promise<ContainerNetworkConfig> {
    return this.#queue.run(() => publishContainerPorts(this.#state, containerId, signal));
  }

  /** At each exit: releases the host ports (Docker binds them at start and releases them at stop). Idempotent. */
  unpublishPorts(containerId: string, signal?: AbortSignal): Promise<void> {
    return this.#queue.run(() => unpublishContainerPorts(this.#state, containerId, signal));
  }

  connect(networkRef: string, containerId: string, endpoint: Omit<NetworkAttachRequest, 'network'> = {}, signal?: AbortSignal): Promise<ContainerNetworkConfig> {
    return this.#queue.run(() => connectContainer(this.#state, containerId, { ...endpoint, network: networkRef }, signal));
  }

  disconnect(networkRef: string, containerId: string, signal?: AbortSignal): Promise<ContainerNetworkConfig> {
    return this.#queue.run(() => disconnectContainer(this.#state, containerId, networkRef, signal));
  }

  /** The container's name changed: its DNS name follows. */
  renameContainer(containerId: string, name: string, signal?: AbortSignal): Promise<void> {
    return this.#queue.run(() => renameContainer(this.#state, containerId, name, signal));
  }

  /**
   * At container removal (not at stop: a restart keeps the namespace, addresses and ports). Idempotent.
   * As attach: decisions in the queue, the namespace and the record's file outside it, so removals overlap.
   */
  async detachContainer(containerId: string, signal?: AbortSignal): Promise<void> {
    const record = await this.#queue.run(() => beginDetach(this.#state, containerId, signal));
    if (!record) return;
    let failed = true;
    try {
      await wireDetach(this.#state, record, signal);
      failed = false;
    } finally {
      await this.#queue.run(async () => endDetach(this.#state, record, failed));
    }
  }

  /** The container's current config (namespace, endpoints, file contents), as after attach. */
  async containerNetwork(containerId: string): Promise<ContainerNetworkConfig> {
    return containerNetworkConfig(this.#state.attachment(containerId), this.#state.networks, await this.#state.hostFiles());
  }

  /** The ids of every container with a record, sorted. */
  attachedContainers(): string[] {
    return this.#state.sortedAttachments().map((a) => a.containerId);
  }

  /** A container's record, or undefined. */
  containerRecord(containerId: string): AttachmentRecord | undefined {
    return this.#state.attachments.get(containerId);
  }

  /** Docker's `NetworkSettings` for container inspect; `exposed` are the image's ExposedPorts keys. */
  networkSettings(containerId: string, exposed: readonly string[] = []): Record<string, unknown> {
    return dockerNetworkSettings(this.instance, this.#state.attachment(containerId), this.#state.networks, exposed);
  }

  /** At daemon start: makes the host match the records; returns what could not be restored. */
  recover(signal?: AbortSignal): Promise<StackError[]> {
    return this.#queue.run(() => recoverNetworking(this.#state, signal));
  }

  /** Closes the DNS listeners and port proxies; bridges, namespaces and rules stay for the next stackd. */
  dispose(): Promise<void> {
    return this.#queue.run(async () => {
      const proxies = [...this.#state.proxies.values()];
      this.#state.proxies.clear();
      await Promise.all([this.#state.dns.close(), ...proxies.map((p) => p.close()), ...this.#state.fading]);
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** Closes the sockets and removes every kernel object of this instance; the records stay (recover() rebuilds). */
  async cleanupInstance(signal?: AbortSignal): Promise<CleanupReport> {
    await this.dispose();
    return this.#queue.run(() => cleanupInstance(this.instance, signal));
  }

  #predefined(attachments: readonly AttachmentRecord[], withContainers: boolean): DockerNetwork[] {
    return (['host', 'none'] as const).map((mode) => dockerPredefinedNetwork(this.instance, mode, this.#state.started, attachments, withContainers));
  }
}
