import { type DecodedPacket, decode, encode, RECURSION_DESIRED } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { answerDnsQuery, type DnsQueryContext } from './dns-answer.ts';
import { buildDnsTable } from './dns-table.ts';
import type { AttachmentRecord, EndpointRecord, NetworkRecord } from './types.ts';

function network(id: string, name: string, subnet: string, internal = false): NetworkRecord {
  return { id, name, driver: 'bridge', ipam: { subnet: `${subnet}.0/24`, gateway: `${subnet}.1` }, ipamRequested: false, bridge: `stk0000-${id}`, labels: {}, options: {}, internal, attachable: false, created: '2026-01-01T00:00:00Z' };
}

function endpoint(networkId: string, ipv4: string, aliases: string[] = []): EndpointRecord {
  return { networkId, endpointId: 'e'.repeat(64), interface: 'eth0', hostVeth: 'vs0000abcdef', ipv4, mac: '02:42:00:00:00:00', aliases };
}

function container(idChar: string, name: string, endpoints: EndpointRecord[], dns: string[] = []): AttachmentRecord {
  return { containerId: idChar.repeat(64), name, hostname: idChar.repeat(12), networkMode: 'bridge', netns: 'x', endpoints, ports: [], extraHosts: [], dns, dnsSearch: [], dnsOptions: [] };
}

// Two networks: front (web x2, proxy) and back (db, and proxy again); internal "vault" has its own db.
const table = buildDnsTable(
  [network('front', 'app_front', '10.220.1'), network('back', 'app_back', '10.220.2'), network('vault', 'app_vault', '10.220.3', true)],
  [
    container('a', 'app-web-1', [endpoint('front', '10.220.1.3', ['web'])]),
    container('b', 'app-web-2', [endpoint('front', '10.220.1.2', ['web'])]),
    container('c', 'app-proxy-1', [endpoint('front', '10.220.1.4', ['proxy']), endpoint('back', '10.220.2.4', ['proxy'])], ['10.255.0.9']),
    container('d', 'app-db-1', [endpoint('back', '10.220.2.2', ['db'])]),
    container('e', 'vault-db', [endpoint('vault', '10.220.3.2', ['secret'])]),
  ],
);

function ask(name: string, type: 'A' | 'AAAA' | 'PTR' | 'MX', from: string, networkId: string, overrides: Partial<DnsQueryContext> = {}): DecodedPacket & { rcode?: string } {
  const query = encode({ id: 4242, type: 'query', flags: RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] });
  const decision = answerDnsQuery(query, { table, networkId, source: from, defaultUpstreams: [], maxSize: 512, rotation: () => 0, ...overrides });
  if (decision.kind !== 'answer') throw new Error(`expected an answer, got ${decision.kind}`);
  return decode(decision.response) as DecodedPacket & { rcode?: string };
}

const addresses = (packet: DecodedPacket) => (packet.answers ?? []).map((a) => ('data' in a ? a.data : undefined));

describe('answerDnsQuery', () => {
  it('answers a service alias with every address, TTL 0, authoritative, echoing id and RD', () => {
    const response = ask('web', 'A', '10.220.1.4', 'front');
    expect(response.id).toBe(4242);
    expect(response.flag_qr && response.flag_aa && response.flag_rd && response.flag_ra).toBe(true);
    expect(response.rcode).toBe('NOERROR');
    expect(addresses(response)).toEqual(['10.220.1.2', '10.220.1.3']);
    expect(response.answers?.every((a) => 'ttl' in a && a.ttl === 0)).toBe(true);
  });

  it('rotates the addresses of a scaled service by the server\'s counter', () => {
    expect(addresses(ask('web', 'A', '10.220.1.4', 'front', { rotation: () => 1 }))).toEqual(['10.220.1.3', '10.220.1.2']);
    expect(addresses(ask('web', 'A', '10.220.1.4', 'front', { rotation: () => 2 }))).toEqual(['10.220.1.2', '10.220.1.3']);
  });

  it('answers container names, short ids and network-qualified names, case-insensitively', () => {
    expect(addresses(ask('App-Web-1', 'A', '10.220.1.4', 'front'))).toEqual(['10.220.1.3']);
    expect(addresses(ask('aaaaaaaaaaaa', 'A', '10.220.1.4', 'front'))).toEqual(['10.220.1.3']);
    expect(addresses(ask('web.app_front.', 'A', '10.220.1.4', 'front'))).toEqual(['10.220.1.2', '10.220.1.3']);
  });

  it('scopes names to the querier\'s networks: the proxy (front and back) sees db, web does not', () => {
    expect(addresses(ask('db', 'A', '10.220.1.4', 'front'))).toEqual(['10.220.2.2']);
    expect(ask('db', 'A', '10.220.1.3', 'front').rcode).toBe('NXDOMAIN');
    // A source that is none of our containers sees the arrival network only.
    expect(ask('db', 'A', '10.220.1.1', 'front').rcode).toBe('NXDOMAIN');
    expect(addresses(ask('web', 'A', '10.220.1.1', 'front'))).toEqual(['10.220.1.2', '10.220.1.3']);
  });

  it('does not reveal a network\'s names to a container of another network that asks its gateway', () => {
    // db (back only) asks front's gateway, which it can reach through the host.
    expect(ask('web', 'A', '10.220.2.2', 'front').rcode).toBe('NXDOMAIN');
    expect(addresses(ask('proxy', 'A', '10.220.2.2', 'front'))).toEqual(['10.220.2.4']);
  });

  it('prefers the network the query arrived on when a name is on several', () => {
    expect(addresses(ask('proxy', 'A', '10.220.2.2', 'back'))).toEqual(['10.220.2.4']);
    expect(addresses(ask('proxy', 'A', '10.220.1.3', 'front'))).toEqual(['10.220.1.4']);
  });

  it('gives an empty NOERROR for other types of our names (AAAA: no IPv6)', () => {
    const response = ask('web', 'AAAA', '10.220.1.4', 'front');
    expect(response.rcode).toBe('NOERROR');
    expect(response.answers).toEqual([]);
    expect(ask('web', 'MX', '10.220.1.4', 'front').rcode).toBe('NOERROR');
  });

  it('answers PTR for our addresses with <container>.<network>', () => {
    const response = ask('3.1.220.10.in-addr.arpa', 'PTR', '10.220.1.4', 'front');
    expect(response.answers?.[0]).toMatchObject({ type: 'PTR', data: 'app-web-1.app_front' });
    expect(ask('2.2.220.10.in-addr.arpa', 'PTR', '10.220.1.3', 'front').rcode).toBe('NXDOMAIN');
  });

  it('answers NXDOMAIN for names not ours when there is no upstream, and forwards when there is', () => {
    const response = ask('example.org', 'A', '10.220.1.3', 'front');
    expect(response.rcode).toBe('NXDOMAIN');
    expect(response.flag_aa).toBe(false);
    const query = encode({ id: 1, type: 'query', questions: [{ type: 'A', name: 'example.org' }] });
    const base = { table, networkId: 'front', maxSize: 512, rotation: () => 0 };
    expect(answerDnsQuery(query, { ...base, source: '10.220.1.3', defaultUpstreams: ['10.255.255.53'] })).toEqual({ kind: 'forward', upstreams: ['10.255.255.53'] });
    // A container's own dns servers replace the defaults.
    expect(answerDnsQuery(query, { ...base, source: '10.220.1.4', defaultUpstreams: ['10.255.255.53'] })).toEqual({ kind: 'forward', upstreams: ['10.255.0.9'] });
    // Internal networks have no way out.
    expect(answerDnsQuery(query, { ...base, networkId: 'vault', source: '10.220.3.2', defaultUpstreams: ['10.255.255.53'] }).kind).toBe('answer');
  });

  it('truncates with TC when the addresses do not fit a 512-byte datagram, and not over TCP', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...container('0', `svc-${i}`, [endpoint('front', `10.220.1.${10 + i}`, ['big'])]), containerId: i.toString(16).padStart(64, '0') }));
    const bigTable = buildDnsTable([network('front', 'app_front', '10.220.1')], many);
    const query = encode({ id: 7, type: 'query', questions: [{ type: 'A', name: 'big' }] });
    const context = { table: bigTable, networkId: 'front', source: '10.220.1.10', defaultUpstreams: [], rotation: () => 0 };
    const udp = answerDnsQuery(query, { ...context, maxSize: 512 });
    const tcp = answerDnsQuery(query, { ...context, maxSize: 65535 });
    if (udp.kind !== 'answer' || tcp.kind !== 'answer') throw new Error('expected answers');
    expect(udp.response.length).toBeLessThanOrEqual(512);
    expect(decode(udp.response).flag_tc).toBe(true);
    expect(decode(tcp.response).flag_tc).toBe(false);
    expect(decode(tcp.response).answers).toHaveLength(60);
  });

  it('answers FORMERR to garbage with a header, NOTIMP to other opcodes, and drops responses and scraps', () => {
    const garbage = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xff]);
    const context = { table, networkId: 'front', source: '10.220.1.3', defaultUpstreams: [], maxSize: 512, rotation: () => 0 };
    const formerr = answerDnsQuery(garbage, context);
    expect(formerr.kind === 'answer' && (decode(formerr.response) as { rcode?: string; id?: number })).toMatchObject({ rcode: 'FORMERR', id: 0x1234 });
    const notify = encode({ id: 9, type: 'query', flags: 4 << 11, questions: [{ type: 'A', name: 'web' }] });
    const notimp = answerDnsQuery(notify, context);
    expect(notimp.kind === 'answer' && (decode(notimp.response) as { rcode?: string }).rcode).toBe('NOTIMP');
    expect(answerDnsQuery(encode({ id: 1, type: 'response', questions: [] }), context).kind).toBe('drop');
    expect(answerDnsQuery(Buffer.from([1, 2, 3]), context).kind).toBe('drop');
  });
});
