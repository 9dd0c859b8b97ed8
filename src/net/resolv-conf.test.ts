import { describe, expect, it } from 'vitest';
import { containerResolvConf, parseResolvConf, passthroughResolvConf } from './resolv-conf.ts';

const host = parseResolvConf('# generated\nnameserver 10.255.255.53\nnameserver 1.1.1.1 # second\ndomain old.example\nsearch corp.example lab.example\noptions edns0 timeout:2\n');
const none = { dns: [], dnsSearch: [], dnsOptions: [] };

describe('resolv.conf', () => {
  it('parses nameservers, the last search line, and options', () => {
    expect(host).toEqual({ nameservers: ['10.255.255.53', '1.1.1.1'], search: ['corp.example', 'lab.example'], options: ['edns0', 'timeout:2'] });
  });

  it('points a container at its gateway, with the host\'s search and options plus ndots:0', () => {
    expect(containerResolvConf(host, none, '10.77.0.1')).toBe('nameserver 10.77.0.1\nsearch corp.example lab.example\noptions edns0 timeout:2 ndots:0\n');
  });

  it('lets dns_search and dns_opt replace the host\'s, keeping a given ndots', () => {
    expect(containerResolvConf(host, { dns: ['9.9.9.9'], dnsSearch: ['svc.local'], dnsOptions: ['ndots:2'] }, '10.77.0.1')).toBe('nameserver 10.77.0.1\nsearch svc.local\noptions ndots:2\n');
  });

  it('passes the host\'s servers through where there is no embedded server, or the user\'s', () => {
    expect(passthroughResolvConf(host, none)).toBe('nameserver 10.255.255.53\nnameserver 1.1.1.1\nsearch corp.example lab.example\noptions edns0 timeout:2\n');
    expect(passthroughResolvConf(parseResolvConf(''), { dns: ['9.9.9.9'], dnsSearch: [], dnsOptions: [] })).toBe('nameserver 9.9.9.9\n');
  });
});
