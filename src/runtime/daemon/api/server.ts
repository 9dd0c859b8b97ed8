import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { chmod, rm } from 'node:fs/promises';
import type { Daemon } from '../daemon.ts';
import { apiError } from './api-error.ts';
import { Exchange } from './exchange.ts';
import { findRoute, unsupported, type Route } from './router.ts';
import { apiRoutes } from './routes.ts';

export interface ApiServer extends AsyncDisposable {
  readonly socketPath: string;
  /** Stops accepting, ends open streams (events, follows, attaches), and closes idle connections. */
  close(): Promise<void>;
}

/**
 * The Docker Engine API subset on a unix socket (mode 0600: root only).
 * HTTP/1.1 with keep-alive; attach and exec upgrade the connection and use
 * it as a half-closable duplex.
 */
export async function serveApi(daemon: Daemon, socketPath: string): Promise<ApiServer> {
  const routes = apiRoutes(daemon);
  const open = new Set<Socket>();
  const server: Server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 });
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => void dispatch(daemon, routes, new Exchange(req, { res })));
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    socket.pause();
    void dispatch(daemon, routes, new Exchange(req, { socket, head }));
  });
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Listen with a umask-proof mode: chmod right after, before anyone is told the socket exists.
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(socketPath, 0o600);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of open) socket.destroy();
    }).then(() => rm(socketPath, { force: true })));
  return { socketPath, close, [Symbol.asyncDispose]: close };
}

async function dispatch(daemon: Daemon, routes: readonly Route[], x: Exchange): Promise<void> {
  const found = findRoute(routes, x.method, x.path);
  const started = performance.now();
  try {
    if (!found) throw unsupported(x.method, x.path);
    await found.route.handler(x, found.params);
    daemon.log('debug', 'request', { method: x.method, path: x.path, query: x.query.toString(), ms: Math.round((performance.now() - started) * 10) / 10 });
  } catch (error) {
    const { status, message } = apiError(error);
    if (status >= 500) daemon.log('warn', 'request failed', { method: x.method, path: x.path, status, error: message });
    if (!x.answered) x.json(status, { message });
    else if (!x.signal.aborted) daemon.log('debug', 'failure after the answer began', { path: x.path, error: message });
  }
}
