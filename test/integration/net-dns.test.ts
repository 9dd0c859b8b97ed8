import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { type DecodedPacket, decode, encode, RECURSION_DESIRED } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedDns } from '../../src/net/dns.ts';
import { buildDnsTable } from '../../src/net/dns-table.ts';
import type { AttachmentRecord, NetworkRecord } from '../../src/net/types.ts';

/**
 * The embedded DNS server's sockets and forwarding, on loopback: the
 * "gateway" is 127.0.0.1 on a kernel-chosen port, and the upstream servers
 * are sockets of this test.
 */

type Response = DecodedPacket & { rcode?: string };

const network: NetworkRecord = { id: 'n1', name: 'app_default', driver: 'bridge', ipam: { subnet: '10.224.0.0/24', gateway: '127.0.0.1' }, ipamRequested: false, bridge: 'stk0000-1', labels: {}, options: {}, internal: false, attachable: false, created: '2026-01-01T00:00:00Z' };
const web: AttachmentRecord = { containerId: 'a'.repeat(64), name: 'app-web-1', hostname: 'h', networkMode: 'bridge', netns: 'x', endpoints: [{ networkId: 'n1', endpointId: 'e', interface: 'eth0', hostVeth: 'vs0000aaaaaa', ipv4: '10.224.0.2', mac: 'm', aliases: ['web'] }], ports: [], extraHosts: [], dns: [], dnsSearch: [], dnsOptions: [] };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(upstreams: string[], forwardTimeoutMs = 2_000): Promise<number> {
  const dns = new EmbeddedDns({ upstreams, port: 0, forwardTimeoutMs });
  dns.setTable(buildDnsTable([network], [web]));
  const listener = await dns.listen(network.id, '127.0.0.1');
  cleanups.push(() => dns.close());
  return listener.port;
}

function query(name: string, id = 77): Buffer {
  return encode({ id, type: 'query', flags: RECURSION_DESIRED, questions: [{ type: 'A', name, class: 'IN' }] });
}

function askUdp(port: number, packet: Buffer): Promise<Response> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('message', (message) => {
      socket.close();
      resolve(decode(message) as Response);
    });
    socket.send(packet, port, '127.0.0.1');
  });
}

function askTcp(port: number, packet: Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        socket.destroy();
        resolve(decode(buffer.subarray(2, 2 + buffer.readUInt16BE(0))) as Response);
      }
    });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(packet.length);
    socket.write(Buffer.concat([length, packet]));
  });
}

/** An upstream that answers every A query with 192.0.2.55 (UDP and TCP on one port). */
async function fakeUpstream(): Promise<{ port: number; asked: string[] }> {
  const asked: string[] = [];
  const answer = (q: Buffer): Buffer => {
    const packet = decode(q);
    asked.push(packet.questions?.[0]?.name ?? '');
    return encode({ id: packet.id, type: 'response', flags: RECURSION_DESIRED, questions: packet.questions, answers: [{ type: 'A', name: packet.questions?.[0]?.name ?? '', ttl: 60, data: '192.0.2.55' }] });
  };
  const udp = createSocket('udp4');
  udp.on('message', (m, from) => udp.send(answer(m), from.port, from.address));
  await new Promise<void>((resolve) => udp.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
  const port = udp.address().port;
  const tcp = createServer((socket) => {
    socket.on('data', (d: Buffer) => {
      const response = answer(d.subarray(2));
      const length = Buffer.alloc(2);
      length.writeUInt16BE(response.length);
      socket.end(Buffer.concat([length, response]));
    });
  });
  await new Promise<void>((resolve) => tcp.listen({ host: '127.0.0.1', port }, resolve));
  cleanups.push(async () => {
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });
  return { port, asked };
}

describe('embedded DNS server', () => {
  it('answers our names over UDP and TCP, with NXDOMAIN for others when it has no upstream', async () => {
    const port = await server([]);
    const udp = await askUdp(port, query('web'));
    expect(udp.id).toBe(77);
    expect(udp.answers?.map((a) => ('data' in a ? a.data : undefined))).toEqual(['10.224.0.2']);
    const tcp = await askTcp(port, query('app-web-1', 78));
    expect([tcp.id, tcp.answers?.map((a) => ('data' in a ? a.data : undefined))]).toEqual([78, ['10.224.0.2']]);
    expect((await askUdp(port, query('example.org'))).rcode).toBe('NXDOMAIN');
  });

  it('forwards names that are not ours to the upstream, over the transport the client used', async () => {
    const upstream = await fakeUpstream();
    const port = await server([`127.0.0.1:${upstream.port}`]);
    const udp = await askUdp(port, query('example.org', 1234));
    expect([udp.id, udp.answers?.map((a) => ('data' in a ? a.data : undefined))]).toEqual([1234, ['192.0.2.55']]);
    const tcp = await askTcp(port, query('example.net', 4321));
    expect([tcp.id, tcp.answers?.map((a) => ('data' in a ? a.data : undefined))]).toEqual([4321, ['192.0.2.55']]);
    expect(upstream.asked).toEqual(['example.org', 'example.net']);
    // Our own names never go upstream.
    await askUdp(port, query('web'));
    expect(upstream.asked).toHaveLength(2);
  });

  it('answers SERVFAIL when no upstream answers in time', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const port = await server([`127.0.0.1:${silent.address().port}`], 100);
    expect((await askUdp(port, query('example.org'))).rcode).toBe('SERVFAIL');
  });

  it('reports a listener it cannot bind with STK6017', async () => {
    const port = await server([]);
    const second = new EmbeddedDns({ upstreams: [], port });
    await expect(second.listen('n1', '127.0.0.1')).rejects.toMatchObject({ code: 'STK6017', errorClass: 'Unavailable' });
  });
});
