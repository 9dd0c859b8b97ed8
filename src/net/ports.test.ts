import { describe, expect, it } from 'vitest';
import { isStackError } from '../base/errors.ts';
import { dockerPortMap, portRequestsFromBindings, validatePortRequests } from './ports.ts';

describe('port bindings', () => {
  it('reads Docker PortBindings: fixed, random, ranges, protocols, host addresses', () => {
    expect(
      portRequestsFromBindings({
        '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '' }],
        '53/udp': [{ HostPort: '5300-5310' }],
        '9000': [{}],
      }),
    ).toEqual([
      { containerPort: 53, protocol: 'udp', hostIp: '', hostPort: 5300, hostPortEnd: 5310 },
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 },
      { containerPort: 9000, protocol: 'tcp', hostIp: '', hostPort: 0 },
    ]);
  });

  it('refuses bad ports, ranges, protocols and addresses with STK6011', () => {
    const bad = [
      () => portRequestsFromBindings({ '80/sctp': [{ HostPort: '1' }] }),
      () => portRequestsFromBindings({ 'x/tcp': [{ HostPort: '1' }] }),
      () => portRequestsFromBindings({ '80/tcp': [{ HostPort: '70000' }] }),
      () => portRequestsFromBindings({ '80/tcp': [{ HostPort: '9-8' }] }),
      () => portRequestsFromBindings({ '80/tcp': [{ HostPort: 'a' }] }),
      () => validatePortRequests([{ containerPort: 0, protocol: 'tcp' }]),
      () => validatePortRequests([{ containerPort: 80, protocol: 'tcp', hostIp: 'localhost' }]),
    ];
    for (const run of bad) {
      let code: string | undefined;
      try {
        run();
      } catch (error) {
        code = isStackError(error) ? error.code : 'other';
      }
      expect(code).toBe('STK6011');
    }
  });

  it('renders NetworkSettings.Ports with exposed-only ports as null', () => {
    expect(dockerPortMap([{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }, { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 40000 }], ['443/tcp', '80/tcp', '53'])).toEqual({
      '443/tcp': null,
      '53/tcp': null,
      '80/tcp': [
        { HostIp: '0.0.0.0', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '40000' },
      ],
    });
  });
});
