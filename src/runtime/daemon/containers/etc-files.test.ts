import { describe, expect, it } from 'vitest';
import { containerResolvConf, defaultEtcHosts } from './etc-files.ts';

describe('/etc files without a network layer', () => {
  it('hosts: loopback, extra hosts, the hostname', () => {
    const hosts = defaultEtcHosts('web', ['db.local:10.1.2.3']);
    expect(hosts.split('\n')[0]).toBe('127.0.0.1\tlocalhost');
    expect(hosts).toContain('10.1.2.3\tdb.local\n');
    expect(hosts.endsWith('127.0.1.1\tweb\n')).toBe(true);
    expect(() => defaultEtcHosts('web', ['nocolon'])).toThrow(expect.objectContaining({ code: 'STK5203' }));
  });
  it('resolv.conf: loopback nameservers dropped unless on the host network', () => {
    const host = 'nameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch example.org\n';
    expect(containerResolvConf(host, false)).toBe('nameserver 10.0.0.2\nsearch example.org\n');
    expect(containerResolvConf(host, true)).toBe(host);
  });
});
