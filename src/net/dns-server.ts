import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { StackError } from '../base/errors.ts';

/**
 * The sockets of one DNS listener: UDP and TCP on the same address and port
 * (53 on a network's gateway). It knows the wire (datagrams, TCP's two-byte
 * length prefix) and nothing of names: each query goes to `handle`.
 */

export type DnsTransport = 'udp' | 'tcp';

/** Answers one query; undefined means send nothing. */
export type DnsHandler = (query: Buffer, source: string, transport: DnsTransport) => Promise<Buffer | undefined>;

export interface DnsListener {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A TCP client that sends nothing for this long is dropped, so idle connections cannot pile up. */
const TCP_IDLE_MS = 10_000;

export async function startDnsListener(address: string, port: number, handle: DnsHandler): Promise<DnsListener> {
  const udp = createSocket({ type: isIP(address) === 6 ? 'udp6' : 'udp4' });
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address, port, exclusive: true }, () => {
        udp.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    udp.close();
    throw bindError(address, port, error);
  }
  const bound = udp.address().port;
  const connections = new Set<Socket>();
  const tcp = createServer((socket) => serveTcp(socket, handle, connections));
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ host: address, port: bound, exclusive: true }, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    udp.close();
    throw bindError(address, bound, error);
  }
  // After the bind, errors on a UDP socket are per-datagram (an unreachable client): nothing to do but go on.
  udp.on('error', () => {});
  udp.on('message', (query, remote) => {
    void handle(query, remote.address, 'udp').then(
      (response) => {
        if (response) udp.send(response, remote.port, remote.address, () => {});
      },
      () => {},
    );
  });
  let closing: Promise<void> | undefined;
  return {
    address,
    port: bound,
    close: () => (closing ??= closeAll(udp, tcp, connections)),
  };
}

function serveTcp(socket: Socket, handle: DnsHandler, connections: Set<Socket>): void {
  connections.add(socket);
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  socket.on('close', () => connections.delete(socket));
  socket.on('error', () => socket.destroy());
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + query.length);
      void handle(Buffer.from(query), socket.remoteAddress ?? '', 'tcp').then(
        (response) => {
          if (!response || socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(response.length);
          socket.write(Buffer.concat([length, response]));
        },
        () => socket.destroy(),
      );
    }
  });
}

async function closeAll(udp: UdpSocket, tcp: Server, connections: Set<Socket>): Promise<void> {
  for (const socket of connections) socket.destroy();
  await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
}

function bindError(address: string, port: number, error: unknown): StackError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new StackError({
    code: 'STK6017',
    errorClass: 'Unavailable',
    message: `the embedded DNS server cannot listen on ${address}:${port} (${code})`,
    hint:
      code === 'EADDRINUSE'
        ? `Another program serves DNS on ${address}:${port} (or on all addresses): stop it, or make it listen on specific addresses only.`
        : 'stackd must run as root to listen on port 53 of its bridges.',
    resource: `dns:${address}:${port}`,
    cause: error,
  });
}
