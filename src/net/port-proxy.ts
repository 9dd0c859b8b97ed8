import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, isIP, type Server, type Socket } from 'node:net';
import { StackError } from '../base/errors.ts';
import { ANY_IPV4, type PortRequest, type PublishedPort, validatePortRequests } from './ports.ts';

/**
 * Published ports by a userspace proxy in stackd, as docker-proxy does: a TCP
 * or UDP listener on hostIp:hostPort relays to the container's address. It
 * serves 127.0.0.1 and every host address with no kernel tweak, and it is
 * where traffic can later be switched between an old and a new container.
 * The cost is the client's source address (the container sees the gateway).
 *
 * Binding is the conflict check: all listeners of a container are bound
 * before anything else is made for it, and if one fails the others are
 * closed, so a port in use leaves nothing behind.
 */

/** The container's address now; read per connection so a reconnect to another network is followed. */
export type PortTarget = () => string | undefined;

export interface PublishedPortSet {
  readonly ports: readonly PublishedPort[];
  /** Closes the listeners and every connection and UDP flow through them. */
  close(): Promise<void>;
  /** Open TCP connections and UDP flows, for tests and stats. */
  activeFlows(): number;
}

export interface PublishOptions {
  /** A UDP flow with no datagram either way for this long is forgotten (Docker: 90 s). */
  readonly udpIdleMs?: number;
}

interface Listener {
  readonly published: PublishedPort;
  close(): Promise<void>;
  flows(): number;
}

export async function publishPorts(requests: readonly PortRequest[], target: PortTarget, options: PublishOptions = {}): Promise<PublishedPortSet> {
  validatePortRequests(requests);
  const listeners: Listener[] = [];
  try {
    for (const request of requests) listeners.push(await bindRequest(request, target, options));
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()));
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ports: listeners.map((l) => l.published),
    close: () => (closing ??= Promise.all(listeners.map((l) => l.close())).then(() => undefined)),
    activeFlows: () => listeners.reduce((sum, l) => sum + l.flows(), 0),
  };
}

async function bindRequest(request: PortRequest, target: PortTarget, options: PublishOptions): Promise<Listener> {
  const hostIp = request.hostIp || ANY_IPV4;
  const first = request.hostPort ?? 0;
  const last = request.hostPortEnd ?? first;
  for (let port = first; port <= last; port++) {
    try {
      return request.protocol === 'tcp' ? await bindTcp(hostIp, port, request.containerPort, target) : await bindUdp(hostIp, port, request.containerPort, target, options.udpIdleMs ?? 90_000);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && port < last) continue;
      throw bindError(request, hostIp, port, first, last, error);
    }
  }
  throw new Error('unreachable: the loop returns or throws');
}

function bindTcp(hostIp: string, port: number, containerPort: number, target: PortTarget): Promise<Listener> {
  const pairs = new Map<Socket, Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => relayTcp(client, containerPort, target, pairs));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: hostIp, port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      let closing: Promise<void> | undefined;
      resolve({
        published: { containerPort, protocol: 'tcp', hostIp, hostPort: bound },
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const [client, upstream] of pairs) {
              client.destroy();
              upstream.destroy();
            }
          })),
        flows: () => pairs.size,
      });
    });
  });
}

function relayTcp(client: Socket, containerPort: number, target: PortTarget, pairs: Map<Socket, Socket>): void {
  const address = target();
  // A reset, not a clean close: the client must not take an empty reply for an answer.
  if (!address) {
    client.resetAndDestroy();
    return;
  }
  const upstream = connect({ host: address, port: containerPort, allowHalfOpen: true });
  pairs.set(client, upstream);
  const drop = (): void => {
    if (!client.destroyed) client.resetAndDestroy();
    upstream.destroy();
  };
  for (const socket of [client, upstream]) {
    socket.setNoDelay(true);
    // Either side failing (the container not listening, a reset) ends both: the client sees the connection drop.
    socket.on('error', drop);
  }
  client.on('close', () => {
    pairs.delete(client);
    upstream.destroy();
  });
  // A clean close of the container side was already passed on as a FIN by pipe(); anything else resets the client.
  upstream.on('close', () => {
    if (!client.writableEnded && !client.destroyed) client.resetAndDestroy();
  });
  client.pipe(upstream);
  upstream.pipe(client);
}

function bindUdp(hostIp: string, port: number, containerPort: number, target: PortTarget, idleMs: number): Promise<Listener> {
  const socket = createSocket({ type: isIP(hostIp) === 6 ? 'udp6' : 'udp4' });
  const flows = new Map<string, { readonly upstream: UdpSocket; timer: NodeJS.Timeout }>();
  const forget = (key: string): void => {
    const flow = flows.get(key);
    if (!flow) return;
    flows.delete(key);
    clearTimeout(flow.timer);
    flow.upstream.close();
  };
  const onMessage = (message: Buffer, client: RemoteInfo): void => {
    const address = target();
    if (!address) return;
    const key = `${client.address}/${client.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const upstream = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
      upstream.on('error', () => forget(key));
      upstream.on('message', (reply, from) => {
        if (from.address !== address || from.port !== containerPort) return;
        socket.send(reply, client.port, client.address, () => {});
        const current = flows.get(key);
        if (current) current.timer.refresh();
      });
      flow = { upstream, timer: setTimeout(() => forget(key), idleMs) };
      flows.set(key, flow);
    } else flow.timer.refresh();
    flow.upstream.send(message, containerPort, address, () => {});
  };
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: hostIp, port, exclusive: true }, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      socket.on('message', onMessage);
      let closing: Promise<void> | undefined;
      resolve({
        published: { containerPort, protocol: 'udp', hostIp, hostPort: socket.address().port },
        close: () =>
          (closing ??= new Promise<void>((done) => {
            for (const key of [...flows.keys()]) forget(key);
            socket.close(() => done());
          })),
        flows: () => flows.size,
      });
    });
  });
}

function bindError(request: PortRequest, hostIp: string, port: number, first: number, last: number, error: unknown): StackError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = first === last ? `${hostIp}:${port}/${request.protocol}` : `${hostIp}:${first}-${last}/${request.protocol}`;
  if (code === 'EADDRINUSE') {
    return new StackError({
      code: 'STK6009',
      errorClass: 'Conflict',
      message: first === last ? `host port ${where} is already in use` : `every host port of ${where} is already in use`,
      hint: `Stop what listens there (ss -lntup 'sport = :${first}' shows it), or publish container port ${request.containerPort} on another host port (or on port 0 for a free one).`,
      resource: `port:${where}`,
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StackError({
      code: 'STK6010',
      errorClass: 'InvalidArgument',
      message: `cannot publish on ${where}: ${hostIp} is not an address of this host`,
      hint: 'Publish on 0.0.0.0, 127.0.0.1 or one of the addresses `ip addr` shows.',
      resource: `port:${where}`,
      cause: error,
    });
  }
  return new StackError({
    code: code === 'EACCES' ? 'STK6022' : 'STK6009',
    errorClass: code === 'EACCES' ? 'PermissionDenied' : 'Unavailable',
    message: `cannot publish on ${where} (${code ?? String(error)})`,
    hint: code === 'EACCES' ? 'Ports below 1024 need root: run stackd as root.' : 'Publish on another host port.',
    resource: `port:${where}`,
    cause: error,
  });
}
