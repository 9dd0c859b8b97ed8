import { StackError, sortedEntries } from '../../base/index.ts';
import { portRequestsFromBindings, type AttachRequest, type NetworkAttachRequest, type NetworkManager, type PortRequest } from '../../net/index.ts';
import type { ContainerCreateBody, DaemonLog, HostConfig, NetworkHooks, NetworkInput } from './containers/index.ts';

/** The network mode a create request asks for, in our terms. */
export type ModeChoice =
  | { readonly kind: 'bridge'; readonly networks: readonly NetworkAttachRequest[] }
  | { readonly kind: 'host' }
  | { readonly kind: 'none' }
  | { readonly kind: 'container'; readonly target: string };

interface EndpointConfig {
  readonly Aliases?: readonly string[] | null;
  readonly IPAMConfig?: { readonly IPv4Address?: string } | null;
}

/** Docker's names for the default bridge network. */
const DEFAULT_NAMES = new Set(['', 'default', 'bridge']);

/**
 * Pure: Docker's NetworkMode and NetworkingConfig as our mode. A named
 * network in NetworkMode comes first (it carries the default route, as in
 * Docker); other EndpointsConfig entries follow in name order (API 1.44
 * takes several at create; 1.41 clients connect them before start).
 */
export function modeChoice(hostConfig: HostConfig | undefined, networkingConfig: unknown): ModeChoice {
  const mode = hostConfig?.NetworkMode ?? '';
  if (mode === 'host') return { kind: 'host' };
  if (mode === 'none') return { kind: 'none' };
  if (mode.startsWith('container:')) return { kind: 'container', target: mode.slice('container:'.length) };
  const endpoints = ((networkingConfig as { EndpointsConfig?: Readonly<Record<string, EndpointConfig | null>> } | null | undefined)?.EndpointsConfig ?? {}) as Readonly<Record<string, EndpointConfig | null>>;
  const request = (network: string): NetworkAttachRequest => {
    const config = endpoints[network] ?? undefined;
    const aliases = (config?.Aliases ?? []).filter((a) => a !== '');
    const ipv4 = config?.IPAMConfig?.IPv4Address;
    return { network, ...(aliases.length > 0 ? { aliases } : {}), ...(ipv4 ? { ipv4Address: ipv4 } : {}) };
  };
  const networks: NetworkAttachRequest[] = [];
  if (!DEFAULT_NAMES.has(mode)) networks.push(request(mode));
  for (const [name] of sortedEntries(endpoints)) {
    if (name === mode || DEFAULT_NAMES.has(name)) continue;
    networks.push(request(name));
  }
  return { kind: 'bridge', networks };
}

/** Pure: PortBindings, plus every exposed port on a free host port when PublishAllPorts (`docker run -P`). */
export function portRequests(body: ContainerCreateBody, imageExposed: readonly string[] = []): PortRequest[] {
  const host = body.HostConfig ?? {};
  const bindings = (host.PortBindings ?? {}) as Readonly<Record<string, readonly { HostIp?: string; HostPort?: string }[] | null>>;
  const requests = portRequestsFromBindings(bindings);
  if ((host as { PublishAllPorts?: boolean }).PublishAllPorts) {
    const exposed = new Set([...Object.keys(body.ExposedPorts ?? {}), ...imageExposed].map((k) => (k.includes('/') ? k : `${k}/tcp`)));
    for (const key of [...exposed].sort()) {
      if (bindings[key] && (bindings[key]?.length ?? 0) > 0) continue;
      const [port = '', protocol = 'tcp'] = key.split('/');
      requests.push({ containerPort: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp', hostPort: 0 });
    }
  }
  return requests;
}

/** Pure: what the network manager needs to attach a container made from this request. */
export function attachRequest(name: string, body: ContainerCreateBody, choice: ModeChoice, imageExposed: readonly string[] = []): AttachRequest {
  const host = body.HostConfig ?? {};
  return {
    name,
    ...(body.Hostname ? { hostname: body.Hostname } : {}),
    networkMode: choice.kind === 'host' ? 'host' : choice.kind === 'none' ? 'none' : 'bridge',
    ...(choice.kind === 'bridge' ? { networks: choice.networks } : {}),
    ports: choice.kind === 'bridge' ? portRequests(body, imageExposed) : [],
    extraHosts: host.ExtraHosts ?? [],
    dns: host.Dns ?? [],
    dnsSearch: host.DnsSearch ?? [],
    dnsOptions: host.DnsOptions ?? [],
  };
}

/**
 * The link between containers and src/net: attach at create (so compose can
 * disconnect and connect networks before start), publish ports at each start
 * (the containers' NetworkHooks), release them at each exit, detach at
 * removal. Removals wait for their detach, so a network can be removed as
 * soon as the container removal returns.
 */
export class ContainerNetworking implements NetworkHooks {
  readonly #net: NetworkManager;
  readonly #log: DaemonLog;
  readonly #pidOf: (idOrName: string) => number;
  readonly #detaching = new Map<string, Promise<void>>();
  readonly #releasing = new Map<string, Promise<void>>();

  constructor(net: NetworkManager, log: DaemonLog, pidOf: (idOrName: string) => number) {
    this.#net = net;
    this.#log = log;
    this.#pidOf = pidOf;
  }

  /** At create, after the container record exists. */
  async attach(id: string, name: string, body: ContainerCreateBody, imageExposed: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const choice = modeChoice(body.HostConfig, body.NetworkingConfig);
    if (choice.kind === 'container') return [];
    const config = await this.#net.attachContainer(id, attachRequest(name, body, choice, imageExposed), signal);
    return [...config.warnings];
  }

  /** The containers' start hook: the namespace and /etc files, with the ports bound. */
  async prepare(container: { readonly id: string; readonly name: string; readonly hostname: string; readonly hostConfig: HostConfig; readonly networkingConfig?: unknown }, signal?: AbortSignal): Promise<NetworkInput> {
    const choice = modeChoice(container.hostConfig, container.networkingConfig);
    if (choice.kind === 'container') {
      const pid = this.#pidOf(choice.target);
      if (pid <= 0) throw new StackError({ code: 'STK5204', errorClass: 'FailedPrecondition', message: `container ${choice.target} must be running to share its network namespace`, hint: 'Start that container first.', resource: `container:${container.name}` });
      return { mode: 'bridge', netnsPath: `/proc/${pid}/ns/net` };
    }
    if (!this.#net.containerRecord(container.id)) {
      // A create that stackd did not finish (killed between the record and the attach): attach now.
      await this.#net.attachContainer(container.id, attachRequest(container.name, { Hostname: container.hostname, HostConfig: container.hostConfig, NetworkingConfig: container.networkingConfig }, choice), signal);
    }
    const config = await this.#net.publishPorts(container.id, signal);
    const mode = choice.kind === 'bridge' ? 'bridge' : choice.kind;
    return { mode, ...(config.netnsPath ? { netnsPath: config.netnsPath } : {}), etcHosts: config.etcHosts, resolvConf: config.resolvConf, hostname: config.hostname };
  }

  /** At each exit (the container's `die`): the host ports go, as in Docker. */
  released(id: string): void {
    const pending = this.#net
      .unpublishPorts(id)
      .catch((error: unknown) => this.#log('warn', 'releasing published ports failed', { id, error: String(error) }))
      .finally(() => {
        if (this.#releasing.get(id) === pending) this.#releasing.delete(id);
      });
    this.#releasing.set(id, pending);
  }

  /** At removal (explicit, or AutoRemove's `destroy`). Idempotent; concurrent calls share one detach. */
  detach(id: string): Promise<void> {
    let pending = this.#detaching.get(id);
    if (!pending) {
      pending = this.#net.detachContainer(id).finally(() => this.#detaching.delete(id));
      this.#detaching.set(id, pending);
    }
    return pending;
  }

  /** Resolves when a port release or detach in flight for this container is done (stop and rm answer after it, as dockerd). */
  async settled(id: string): Promise<void> {
    await this.#releasing.get(id);
    await this.#detaching.get(id)?.catch(() => undefined);
  }
}
