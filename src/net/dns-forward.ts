import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';

/**
 * Forwards a query that is not ours to upstream servers, as the bytes came
 * (the client's id, flags and EDNS options kept), trying each server in turn.
 * Each UDP attempt uses a fresh socket, so the source port is random per
 * query (the usual defence against spoofed answers).
 */

export interface Upstream {
  readonly host: string;
  readonly port: number;
}

/** `1.1.1.1`, `1.1.1.1:5353`, `::1`, `[::1]:5353`; undefined when it is none of these. */
export function parseUpstream(text: string): Upstream | undefined {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  if (bracketed) return isIP(bracketed[1] as string) === 6 ? { host: bracketed[1] as string, port: Number(bracketed[2] ?? 53) } : undefined;
  if (isIP(trimmed)) return { host: trimmed, port: 53 };
  const withPort = /^([^:]+):(\d+)$/.exec(trimmed);
  if (withPort && isIP(withPort[1] as string) === 4) return { host: withPort[1] as string, port: Number(withPort[2]) };
  return undefined;
}

export async function forwardDnsQuery(query: Buffer, upstreams: readonly string[], transport: 'udp' | 'tcp', timeoutMs: number): Promise<Buffer | undefined> {
  for (const text of upstreams) {
    const upstream = parseUpstream(text);
    if (!upstream) continue;
    const response = transport === 'udp' ? await askUdp(query, upstream, timeoutMs) : await askTcp(query, upstream, timeoutMs);
    if (response) return response;
  }
  return undefined;
}

function askUdp(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(upstream.host) === 6 ? 'udp6' : 'udp4');
    let done = false;
    const finish = (value: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (message, remote) => {
      // Only the server we asked, answering the query we asked (same id).
      if (remote.address !== upstream.host || remote.port !== upstream.port || message.length < 2 || message.readUInt16BE(0) !== query.readUInt16BE(0)) return;
      finish(message);
    });
    socket.send(query, upstream.port, upstream.host, (error) => {
      if (error) finish(undefined);
    });
  });
}

function askTcp(query: Buffer, upstream: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: upstream.host, port: upstream.port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (value: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) finish(received.subarray(2, 2 + received.readUInt16BE(0)));
    });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(query.length);
    socket.write(Buffer.concat([length, query]));
  });
}
