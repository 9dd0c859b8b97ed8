import { dockerPortMap, type NetworkManager, type PublishedPort } from '../../../net/index.ts';
import type { ContainerInspect, ContainerSummary } from '../containers/index.ts';
import type { Daemon } from '../daemon.ts';

/**
 * Container JSON as dockerd shapes it: the container manager's inspect and
 * summary, completed with what the network layer knows (NetworkSettings,
 * Ports), and with the log driver clients expect (json-file: compose 1.29
 * and the docker CLI refuse `logs` for drivers they do not know; stackd
 * serves logs for every container itself).
 */

export function inspectJson(daemon: Daemon, idOrName: string): Record<string, unknown> {
  const base: ContainerInspect = daemon.containers.inspect(idOrName);
  const exposed = Object.keys(base.Config.ExposedPorts ?? {});
  return {
    ...base,
    HostConfig: { ...base.HostConfig, LogConfig: logConfig(base.HostConfig.LogConfig) },
    NetworkSettings: networkSettings(daemon.network, base.Id, exposed),
  };
}

export function summaryJson(network: NetworkManager, summary: ContainerSummary, exposed: readonly string[]): Record<string, unknown> {
  const record = network.containerRecord(summary.Id);
  const settings = record ? network.networkSettings(summary.Id, exposed) : undefined;
  return {
    ...summary,
    Ports: portsList(record?.ports ?? [], exposed),
    NetworkSettings: { Networks: (settings?.Networks as Record<string, unknown> | undefined) ?? {} },
  };
}

function logConfig(config: { readonly Type?: string; readonly Config?: Readonly<Record<string, string>> } | undefined): { Type: string; Config: Readonly<Record<string, string>> } {
  const type = config?.Type && config.Type !== 'k8s-file' ? config.Type : 'json-file';
  return { Type: type, Config: config?.Config ?? {} };
}

function networkSettings(network: NetworkManager, id: string, exposed: readonly string[]): Record<string, unknown> {
  if (network.containerRecord(id)) return network.networkSettings(id, exposed);
  // No record of ours: network_mode container:<x>, or a create that stackd did not finish.
  return {
    Bridge: '',
    SandboxID: '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: dockerPortMap([], exposed),
    SandboxKey: '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: '',
    Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    MacAddress: '',
    Networks: {},
  };
}

/** The list form of ports: published ones with their host side, exposed-only ones without, sorted as Docker does. */
export function portsList(published: readonly PublishedPort[], exposed: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = published.map((p) => ({ IP: p.hostIp, PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.protocol }));
  const bound = new Set(published.map((p) => `${p.containerPort}/${p.protocol}`));
  for (const key of exposed) {
    const [port = '', protocol = 'tcp'] = key.split('/');
    if (!bound.has(`${port}/${protocol}`)) out.push({ PrivatePort: Number(port), Type: protocol });
  }
  return out.sort((a, b) => Number(a.PrivatePort) - Number(b.PrivatePort) || Number(a.PublicPort ?? 0) - Number(b.PublicPort ?? 0));
}
