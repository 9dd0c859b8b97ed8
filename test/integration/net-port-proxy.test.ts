import { createSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isStackError } from '../../src/base/errors.ts';
import { publishPorts, type PublishedPortSet } from '../../src/net/port-proxy.ts';
import { eventually } from '../helpers/eventually.ts';
import { freePort } from './net-helpers.ts';

/** The userspace proxy on loopback only: the "container" is a server of this test on 127.0.0.1. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tcpEcho(): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Echo, then close our side once the client closed theirs: exercises half-close through the proxy.
    socket.on('data', (d) => socket.write(d));
    socket.on('end', () => socket.end('bye'));
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

async function publish(...args: Parameters<typeof publishPorts>): Promise<PublishedPortSet> {
  const set = await publishPorts(...args);
  cleanups.push(() => set.close());
  return set;
}

function exchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => {
      socket.end();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.on('error', reject);
    socket.end(payload);
  });
}

describe('port proxy', () => {
  it('relays TCP both ways, half-close included, to the target read per connection', async () => {
    const echo = await tcpEcho();
    let target: string | undefined = '127.0.0.1';
    const set = await publish([{ containerPort: echo.port, protocol: 'tcp', hostIp: '127.0.0.1' }], () => target);
    const hostPort = set.ports[0]?.hostPort as number;
    expect(hostPort).toBeGreaterThan(0);
    expect(await exchange(hostPort, 'ping')).toBe('pingbye');
    // No address (the container left every network): the connection is dropped, not hung.
    target = undefined;
    await expect(exchange(hostPort, 'x')).rejects.toThrow();
  });

  it('resets the client when nothing listens on the container port', async () => {
    const dead = await freePort();
    const set = await publish([{ containerPort: dead, protocol: 'tcp', hostIp: '127.0.0.1' }], () => '127.0.0.1');
    await expect(exchange(set.ports[0]?.hostPort as number, 'x')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('closes open connections when the mapping is closed', async () => {
    const echo = await tcpEcho();
    const set = await publishPorts([{ containerPort: echo.port, protocol: 'tcp', hostIp: '127.0.0.1' }], () => '127.0.0.1');
    const client = connect({ host: '127.0.0.1', port: set.ports[0]?.hostPort as number });
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    client.on('error', () => {});
    await new Promise<void>((resolve) => client.on('connect', () => resolve()));
    await eventually(() => expect(set.activeFlows()).toBe(1), { what: 'the proxied connection' });
    await set.close();
    await closed;
    await eventually(() => expect(echo.sockets.size).toBe(0), { what: 'the upstream side to close' });
    await expect(exchange(set.ports[0]?.hostPort as number, 'x')).rejects.toThrow();
  });

  it('relays UDP per client flow and forgets idle flows', async () => {
    const upstream = createSocket('udp4');
    upstream.on('message', (message, from) => upstream.send(Buffer.concat([Buffer.from('re:'), message]), from.port, from.address));
    await new Promise<void>((resolve) => upstream.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
    const set = await publish([{ containerPort: upstream.address().port, protocol: 'udp', hostIp: '127.0.0.1' }], () => '127.0.0.1', { udpIdleMs: 200 });
    const client = createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => client.close(() => resolve())));
    const reply = new Promise<string>((resolve) => client.once('message', (m) => resolve(m.toString())));
    client.send('hello', set.ports[0]?.hostPort as number, '127.0.0.1');
    expect(await reply).toBe('re:hello');
    expect(set.activeFlows()).toBe(1);
    await eventually(() => expect(set.activeFlows()).toBe(0), { what: 'the idle UDP flow to be forgotten' });
  });

  it('takes the first free port of a range', async () => {
    const echo = await tcpEcho();
    const start = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: start }, resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const set = await publish([{ containerPort: echo.port, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: start, hostPortEnd: start + 20 }], () => '127.0.0.1');
    expect(set.ports[0]?.hostPort).toBeGreaterThan(start);
    expect(set.ports[0]?.hostPort).toBeLessThanOrEqual(start + 20);
  });

  it('refuses a busy port (STK6009) or a foreign address (STK6010), closing what it had bound', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const busy = (blocker.address() as { port: number }).port;
    const first = await freePort();
    const error = await publishPorts(
      [
        { containerPort: 1, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: first },
        { containerPort: 2, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: busy },
      ],
      () => '127.0.0.1',
    ).catch((e: unknown) => e);
    expect(isStackError(error) && [error.code, error.errorClass, error.resource]).toEqual(['STK6009', 'Conflict', `port:127.0.0.1:${busy}/tcp`]);
    // The first port was released when the second failed.
    const again = await publish([{ containerPort: 1, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: first }], () => '127.0.0.1');
    expect(again.ports[0]?.hostPort).toBe(first);
    // 198.51.100.0/24 (TEST-NET-2) is for documentation only: not an address of this host.
    const foreign = await publishPorts([{ containerPort: 1, protocol: 'udp', hostIp: '198.51.100.77' }], () => '127.0.0.1').catch((e: unknown) => e);
    expect(isStackError(foreign) && foreign.code).toBe('STK6010');
  });
});
