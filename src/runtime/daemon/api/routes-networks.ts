import { writeFile } from 'node:fs/promises';
import type { ContainerNetworkConfig, CreateNetworkRequest, DockerNetwork } from '../../../net/index.ts';
import type { Daemon } from '../daemon.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { filtersParam, invalidRequest, labelsMatch, parseJsonBody, type Filters } from './wire.ts';

interface NetworkCreateBody {
  readonly Name?: string;
  readonly CheckDuplicate?: boolean;
  readonly Driver?: string;
  readonly Internal?: boolean;
  readonly Attachable?: boolean;
  readonly EnableIPv6?: boolean;
  readonly IPAM?: { readonly Driver?: string; readonly Config?: readonly { readonly Subnet?: string; readonly Gateway?: string; readonly IPRange?: string; readonly AuxiliaryAddresses?: Readonly<Record<string, string>> }[] | null } | null;
  readonly Options?: Readonly<Record<string, string>> | null;
  readonly Labels?: Readonly<Record<string, string>> | null;
}

interface ConnectBody {
  readonly Container?: string;
  readonly EndpointConfig?: { readonly Aliases?: readonly string[] | null; readonly IPAMConfig?: { readonly IPv4Address?: string } | null } | null;
  readonly Force?: boolean;
}

/** Networks: create, list, inspect, remove, connect, disconnect, prune; each change is a network event. */
export function networkRoutes(daemon: Daemon): Route[] {
  const { network } = daemon;
  return [
    route('POST', /^\/networks\/create$/, (x) => create(daemon, x)),
    route('GET', /^\/networks$/, (x) => x.json(200, list(daemon, filtersParam(x.query)))),
    route('POST', /^\/networks\/prune$/, (x) => prune(daemon, x)),
    route('GET', /^\/networks\/([^/]+)$/, (x, [ref]) => x.json(200, network.inspect(ref as string))),
    route('DELETE', /^\/networks\/([^/]+)$/, async (x, [ref]) => {
      const before = network.inspect(ref as string);
      await network.removeNetwork(ref as string, x.signal);
      daemon.events.emit('network', 'destroy', before.Id, { name: before.Name, type: before.Driver });
      x.send(204);
    }),
    route('POST', /^\/networks\/([^/]+)\/connect$/, (x, [ref]) => connect(daemon, x, ref as string, 'connect')),
    route('POST', /^\/networks\/([^/]+)\/disconnect$/, (x, [ref]) => connect(daemon, x, ref as string, 'disconnect')),
  ];
}

async function create(daemon: Daemon, x: Exchange): Promise<void> {
  const body = parseJsonBody<NetworkCreateBody>(await x.body());
  if (!body.Name) throw invalidRequest('a network needs a Name');
  const config = body.IPAM?.Config?.[0];
  const request: CreateNetworkRequest = {
    name: body.Name,
    ...(body.Driver ? { driver: body.Driver } : {}),
    ...(config ? { ipam: { ...(config.Subnet ? { subnet: config.Subnet } : {}), ...(config.Gateway ? { gateway: config.Gateway } : {}), ...(config.IPRange ? { ipRange: config.IPRange } : {}), ...(config.AuxiliaryAddresses ? { auxAddresses: config.AuxiliaryAddresses } : {}) } } : {}),
    ...(body.Internal !== undefined ? { internal: body.Internal } : {}),
    ...(body.Attachable !== undefined ? { attachable: body.Attachable } : {}),
    ...(body.EnableIPv6 !== undefined ? { enableIpv6: body.EnableIPv6 } : {}),
    labels: body.Labels ?? {},
    options: body.Options ?? {},
  };
  const record = await daemon.network.createNetwork(request, x.signal);
  daemon.events.emit('network', 'create', record.id, { name: record.name, type: record.driver });
  x.json(201, { Id: record.id, Warning: '' });
}

/** Docker's network filters: name (substring), id (prefix), label, driver, type (custom|builtin), dangling. */
function list(daemon: Daemon, filters: Filters): DockerNetwork[] {
  const known = new Set(['name', 'id', 'label', 'driver', 'type', 'dangling', 'scope']);
  for (const key of Object.keys(filters)) if (!known.has(key)) throw invalidRequest(`invalid filter '${key}'`);
  const any = (key: string, test: (v: string) => boolean): boolean => (filters[key] ?? []).length === 0 || (filters[key] ?? []).some(test);
  const inUse = new Set<string>();
  for (const id of daemon.network.attachedContainers()) {
    for (const endpoint of Object.values((daemon.network.networkSettings(id).Networks ?? {}) as Record<string, { NetworkID: string }>)) inUse.add(endpoint.NetworkID);
  }
  return daemon.network.list().filter(
    (n) =>
      any('name', (v) => n.Name.includes(v)) &&
      any('id', (v) => n.Id.startsWith(v)) &&
      labelsMatch(n.Labels, filters.label) &&
      any('driver', (v) => n.Driver === v) &&
      any('scope', (v) => v === 'local') &&
      any('type', (v) => (v === 'builtin') === ['host', 'none', 'bridge'].includes(n.Name)) &&
      any('dangling', (v) => (v === 'true' || v === '1') === !inUse.has(n.Id)),
  );
}

async function connect(daemon: Daemon, x: Exchange, ref: string, action: 'connect' | 'disconnect'): Promise<void> {
  const body = parseJsonBody<ConnectBody>(await x.body());
  if (!body.Container) throw invalidRequest(`${action} needs a Container`);
  const id = daemon.containers.resolveId(body.Container);
  const target = daemon.network.inspect(ref);
  let config: ContainerNetworkConfig;
  if (action === 'connect') {
    const aliases = (body.EndpointConfig?.Aliases ?? []).filter((a) => a !== '');
    const ipv4 = body.EndpointConfig?.IPAMConfig?.IPv4Address;
    config = await daemon.network.connect(ref, id, { ...(aliases.length > 0 ? { aliases } : {}), ...(ipv4 ? { ipv4Address: ipv4 } : {}) }, x.signal);
  } else {
    config = await daemon.network.disconnect(ref, id, x.signal);
  }
  await refreshEtcFiles(daemon, id, config);
  daemon.events.emit('network', action, target.Id, { container: id, name: target.Name, type: target.Driver });
  x.send(200);
}

/** A running container sees the change in its /etc/hosts and resolv.conf (rewritten in place: the bind mount pins the inode). */
async function refreshEtcFiles(daemon: Daemon, id: string, config: ContainerNetworkConfig): Promise<void> {
  const state = daemon.containers.state(id);
  if (state.status !== 'running' && state.status !== 'paused') return;
  const inspect = daemon.containers.inspect(id);
  await Promise.all([writeFile(inspect.HostsPath, config.etcHosts), writeFile(inspect.ResolvConfPath, config.resolvConf)]).catch((error: unknown) => daemon.log('warn', 'refreshing /etc files after a network change failed', { id, error: String(error) }));
}

async function prune(daemon: Daemon, x: Exchange): Promise<void> {
  const filters = filtersParam(x.query);
  const deleted: string[] = [];
  for (const n of list(daemon, { ...filters, type: ['custom'], dangling: ['true'] })) {
    try {
      await daemon.network.removeNetwork(n.Id, x.signal);
      daemon.events.emit('network', 'destroy', n.Id, { name: n.Name, type: n.Driver });
      deleted.push(n.Name);
    } catch (error) {
      daemon.log('warn', 'network prune could not remove a network', { network: n.Name, error: String(error) });
    }
  }
  x.json(200, { NetworksDeleted: deleted.length > 0 ? deleted : null });
}
