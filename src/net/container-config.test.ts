import { describe, expect, it } from 'vitest';
import { containerNetworkConfig, defaultGateway, type HostFiles } from './container-config.ts';
import { parseResolvConf } from './resolv-conf.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

const resolvText = 'nameserver 10.255.255.53\nsearch corp.example\n';
const host: HostFiles = { resolv: parseResolvConf(resolvText), resolvText, hosts: '127.0.0.1\tlocalhost\n192.0.2.2\tvm\n' };

function network(id: string, subnet: string, internal = false): NetworkRecord {
  return { id, name: `net-${id}`, driver: 'bridge', ipam: { subnet: `${subnet}.0/24`, gateway: `${subnet}.1` }, ipamRequested: false, bridge: `stk0000-${id}`, labels: {}, options: {}, internal, attachable: false, created: '2026-01-01T00:00:00Z' };
}
const networks = new Map([network('1', '10.221.1', true), network('2', '10.221.2')].map((n) => [n.id, n]));

const base: AttachmentRecord = {
  containerId: 'c'.repeat(64),
  name: 'app-web-1',
  hostname: 'cccccccccccc',
  networkMode: 'bridge',
  netns: 'stk0000-cccccccccccc',
  endpoints: [
    { networkId: '1', endpointId: '1'.repeat(64), interface: 'eth0', hostVeth: 'vs0000aaaaaa', ipv4: '10.221.1.2', mac: '02:42:0a:dd:01:02', aliases: ['web'] },
    { networkId: '2', endpointId: '2'.repeat(64), interface: 'eth1', hostVeth: 'vs0000bbbbbb', ipv4: '10.221.2.7', mac: '02:42:0a:dd:02:07', aliases: [] },
  ],
  ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
  extraHosts: ['gw:host-gateway'],
  dns: [],
  dnsSearch: [],
  dnsOptions: [],
};

describe('containerNetworkConfig', () => {
  it('gives a bridge container its namespace, endpoints and files; DNS at the first network\'s gateway', () => {
    const config = containerNetworkConfig(base, networks, host);
    expect(config.netnsPath).toBe('/run/netns/stk0000-cccccccccccc');
    expect(config.endpoints.map((e) => [e.interface, e.ipv4, e.prefixLength, e.gateway])).toEqual([
      ['eth0', '10.221.1.2', 24, '10.221.1.1'],
      ['eth1', '10.221.2.7', 24, '10.221.2.1'],
    ]);
    expect(config.resolvConf).toBe('nameserver 10.221.1.1\nsearch corp.example\noptions ndots:0\n');
    expect(config.etcHosts.endsWith('10.221.1.1\tgw\n10.221.1.2\tcccccccccccc\n10.221.2.7\tcccccccccccc\n')).toBe(true);
    expect(config.etcHostname).toBe('cccccccccccc\n');
    expect(config.ports).toEqual(base.ports);
  });

  it('routes by default through the first network that is not internal', () => {
    expect(defaultGateway(base, networks)).toBe('10.221.2.1');
    expect(defaultGateway({ ...base, endpoints: base.endpoints.slice(0, 1) }, networks)).toBeUndefined();
  });

  it('passes the host\'s files through in host mode and its resolv.conf in none mode', () => {
    const hostMode = containerNetworkConfig({ ...base, networkMode: 'host', netns: undefined, endpoints: [], hostname: 'vm', extraHosts: [] }, networks, host);
    expect(hostMode.netnsPath).toBeUndefined();
    expect(hostMode.etcHosts).toBe(host.hosts);
    expect(hostMode.resolvConf).toBe(resolvText);
    const none = containerNetworkConfig({ ...base, networkMode: 'none', endpoints: [], extraHosts: [] }, networks, host);
    expect(none.resolvConf).toBe('nameserver 10.255.255.53\nsearch corp.example\n');
    expect(none.etcHosts).not.toContain('cccccccccccc');
  });
});
