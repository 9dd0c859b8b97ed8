import { parseExtraHosts, renderEtcHosts, renderHostModeEtcHosts } from './etc-hosts.ts';
import { subnetPrefix } from './ipam.ts';
import { netnsPath } from './names.ts';
import { containerResolvConf, passthroughResolvConf, type ResolvConf, renderResolvConf } from './resolv-conf.ts';
import type { AttachmentRecord, ContainerNetworkConfig, EndpointInfo, NetworkRecord } from './types.ts';

/**
 * What a container gets from its network record (pure): the namespace to
 * join, its endpoints, and the contents of /etc/hosts, /etc/resolv.conf and
 * /etc/hostname. Recomputed from the record whenever it changes, so the
 * files always say what the record says.
 */

export interface HostFiles {
  /** The host's /etc/resolv.conf, parsed and as text. */
  readonly resolv: ResolvConf;
  readonly resolvText: string;
  /** The host's /etc/hosts, for `host` mode. */
  readonly hosts: string;
}

export function endpointInfos(attachment: AttachmentRecord, networks: ReadonlyMap<string, NetworkRecord>): EndpointInfo[] {
  const infos: EndpointInfo[] = [];
  for (const endpoint of attachment.endpoints) {
    const network = networks.get(endpoint.networkId);
    if (!network) continue;
    infos.push({
      networkId: network.id,
      networkName: network.name,
      endpointId: endpoint.endpointId,
      interface: endpoint.interface,
      ipv4: endpoint.ipv4,
      prefixLength: subnetPrefix(network.ipam),
      gateway: network.ipam.gateway,
      mac: endpoint.mac,
      aliases: endpoint.aliases,
    });
  }
  return infos;
}

/** The gateway the default route goes through: the first network that is not internal. */
export function defaultGateway(attachment: AttachmentRecord, networks: ReadonlyMap<string, NetworkRecord>): string | undefined {
  for (const endpoint of attachment.endpoints) {
    const network = networks.get(endpoint.networkId);
    if (network && !network.internal) return network.ipam.gateway;
  }
  return undefined;
}

export function containerNetworkConfig(
  attachment: AttachmentRecord,
  networks: ReadonlyMap<string, NetworkRecord>,
  host: HostFiles,
  warnings: readonly string[] = [],
): ContainerNetworkConfig {
  const endpoints = endpointInfos(attachment, networks);
  const extraHosts = parseExtraHosts(attachment.extraHosts);
  const settings = { dns: attachment.dns, dnsSearch: attachment.dnsSearch, dnsOptions: attachment.dnsOptions };
  const first = endpoints[0];
  let etcHosts: string;
  let resolvConf: string;
  if (attachment.networkMode === 'host') {
    etcHosts = renderHostModeEtcHosts(host.hosts, extraHosts);
    const overridden = settings.dns.length > 0 || settings.dnsSearch.length > 0 || settings.dnsOptions.length > 0;
    resolvConf = overridden ? passthroughResolvConf(host.resolv, settings) : host.resolvText;
  } else {
    etcHosts = renderEtcHosts({ hostname: attachment.hostname, addresses: endpoints.map((e) => e.ipv4), extraHosts, ...(first ? { hostGateway: first.gateway } : {}) });
    resolvConf = first ? containerResolvConf(host.resolv, settings, first.gateway) : passthroughResolvConf(host.resolv, settings);
  }
  return {
    ...(attachment.netns ? { netnsPath: netnsPath(attachment.netns) } : {}),
    endpoints,
    hostname: attachment.hostname,
    etcHosts,
    resolvConf: resolvConf === '' ? renderResolvConf({ nameservers: [], search: [], options: [] }) : resolvConf,
    etcHostname: `${attachment.hostname}\n`,
    ports: attachment.ports,
    warnings,
  };
}
