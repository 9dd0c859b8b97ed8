import { describe, expect, it } from 'vitest';
import { dockerNetwork, dockerNetworkSettings, dockerPredefinedNetwork, predefinedNetworkId } from './docker-shapes.ts';
import type { AttachmentRecord, NetworkRecord } from './types.ts';

const record: NetworkRecord = {
  id: 'n'.repeat(64),
  name: 'app_default',
  driver: 'bridge',
  ipam: { subnet: '10.222.0.0/24', gateway: '10.222.0.1' },
  ipamRequested: false,
  bridge: 'stk0000-1',
  labels: { 'com.docker.compose.project': 'app' },
  options: {},
  internal: false,
  attachable: true,
  created: '2026-01-01T00:00:00.000Z',
};
const attachment: AttachmentRecord = {
  containerId: 'c'.repeat(64),
  name: 'app-web-1',
  hostname: 'cccccccccccc',
  networkMode: 'bridge',
  netns: 'stk0000-cccccccccccc',
  endpoints: [{ networkId: record.id, endpointId: 'e'.repeat(64), interface: 'eth0', hostVeth: 'vs0000aaaaaa', ipv4: '10.222.0.2', mac: '02:42:0a:de:00:02', aliases: ['web', 'cccccccccccc'], requestedIpv4: '10.222.0.2' }],
  ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
  extraHosts: [],
  dns: [],
  dnsSearch: [],
  dnsOptions: [],
};

describe('Docker shapes', () => {
  it('renders a network as GET /networks/{id} does, with or without its containers', () => {
    const full = dockerNetwork(record, [attachment], true);
    expect(full).toMatchObject({ Name: 'app_default', Id: record.id, Scope: 'local', Driver: 'bridge', Internal: false, Attachable: true, IPAM: { Driver: 'default', Config: [{ Subnet: '10.222.0.0/24', Gateway: '10.222.0.1' }] }, Labels: record.labels });
    expect(full.Containers).toEqual({ [attachment.containerId]: { Name: 'app-web-1', EndpointID: 'e'.repeat(64), MacAddress: '02:42:0a:de:00:02', IPv4Address: '10.222.0.2/24', IPv6Address: '' } });
    expect(dockerNetwork(record, [attachment], false).Containers).toEqual({});
  });

  it('renders the predefined networks with stable ids and Docker\'s drivers', () => {
    const none = dockerPredefinedNetwork('1a2b', 'none', '2026-01-01T00:00:00Z', [], true);
    expect(none).toMatchObject({ Name: 'none', Driver: 'null', Id: predefinedNetworkId('1a2b', 'none') });
    expect(predefinedNetworkId('1a2b', 'host')).not.toBe(predefinedNetworkId('1a2c', 'host'));
  });

  it('renders NetworkSettings with one entry per network and the published ports', () => {
    const settings = dockerNetworkSettings('0000', attachment, new Map([[record.id, record]]), ['80/tcp']);
    expect(settings.Networks).toEqual({
      app_default: expect.objectContaining({ NetworkID: record.id, IPAddress: '10.222.0.2', IPPrefixLen: 24, Gateway: '10.222.0.1', MacAddress: '02:42:0a:de:00:02', Aliases: ['web', 'cccccccccccc'], IPAMConfig: { IPv4Address: '10.222.0.2' } }),
    });
    expect(settings.Ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
    expect(settings.SandboxKey).toBe('/run/netns/stk0000-cccccccccccc');
    expect(settings.IPAddress).toBe('');
  });
});
