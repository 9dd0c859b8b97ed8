import { describe, expect, it } from 'vitest';
import { attachRequest, modeChoice, portRequests } from './container-networking.ts';

describe('container networking: Docker\'s network mode and ports in our terms', () => {
  it('modes: host, none, container:<x>, the default bridge, and named networks first', () => {
    expect(modeChoice({ NetworkMode: 'host' }, undefined)).toEqual({ kind: 'host' });
    expect(modeChoice({ NetworkMode: 'none' }, undefined)).toEqual({ kind: 'none' });
    expect(modeChoice({ NetworkMode: 'container:db' }, undefined)).toEqual({ kind: 'container', target: 'db' });
    expect(modeChoice({ NetworkMode: 'default' }, { EndpointsConfig: { bridge: { Aliases: ['x'] } } })).toEqual({ kind: 'bridge', networks: [] });
    expect(modeChoice({ NetworkMode: 'front' }, { EndpointsConfig: { front: { Aliases: ['web', ''], IPAMConfig: { IPv4Address: '10.1.0.5' } }, back: null } })).toEqual({
      kind: 'bridge',
      networks: [{ network: 'front', aliases: ['web'], ipv4Address: '10.1.0.5' }, { network: 'back' }],
    });
  });

  it('ports: bindings, and every exposed port on a free host port with PublishAllPorts', () => {
    expect(portRequests({ HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } } })).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }]);
    const all = portRequests({ ExposedPorts: { '53/udp': {}, '80/tcp': {} }, HostConfig: { PublishAllPorts: true, PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } as never }, ['9000']);
    expect(all).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp', hostPort: 0 },
      { containerPort: 9000, protocol: 'tcp', hostPort: 0 },
    ]);
  });

  it('the attach request: hostname, extra hosts and DNS settings pass through; no ports outside bridge mode', () => {
    const body = { Hostname: 'h', HostConfig: { NetworkMode: 'host', ExtraHosts: ['a:1.2.3.4'], Dns: ['9.9.9.9'], PortBindings: { '80/tcp': [{ HostPort: '1' }] } } };
    expect(attachRequest('web', body, modeChoice(body.HostConfig, undefined))).toEqual({ name: 'web', hostname: 'h', networkMode: 'host', ports: [], extraHosts: ['a:1.2.3.4'], dns: ['9.9.9.9'], dnsSearch: [], dnsOptions: [] });
  });
});
