import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp.ts';
import { createRuntimeClient } from './create-runtime-client.ts';

/**
 * Engine behaviour that a real dockerd here cannot show: other API version
 * ranges, garbage answers, connections cut mid-stream. A tiny HTTP server on
 * a unix socket plays the engine; everything else is tested against dockerd
 * (test/integration/runtime-client-docker.test.ts).
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function fakeEngine(version: { ApiVersion: string; MinAPIVersion: string }, handler: Handler): Promise<{ socketPath: string; paths: string[] }> {
  const dir = tempDir('stk-fake-engine-');
  const socketPath = join(dir.path, 'engine.sock');
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (/^(\/v[\d.]+)?\/version$/.test(req.url ?? '')) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ Version: 'fake', Os: 'linux', Arch: 'amd64', ...version }));
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
    dir[Symbol.dispose]();
  });
  return { socketPath, paths };
}

const client = (socketPath: string) => createRuntimeClient({ runtime: 'docker', env: {}, socketPath });

describe('API version negotiation', () => {
  it('speaks 1.41 to an engine that accepts it, with one version request per client', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.47', MinAPIVersion: '1.24' }, (_req, res) => res.end('OK'));
    const c = await client(engine.socketPath);
    await Promise.all([c.ping(), c.ping(), c.ping()]);
    expect(engine.paths.filter((p) => p === '/version')).toHaveLength(1);
    expect(engine.paths.filter((p) => p !== '/version').every((p) => p.startsWith('/v1.41/_ping'))).toBe(true);
  });

  it('speaks the oldest version a newer engine accepts when 1.41 is below its minimum', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.51', MinAPIVersion: '1.44' }, (_req, res) => res.end('OK'));
    await (await client(engine.socketPath)).ping();
    expect(engine.paths).toContain('/v1.44/_ping');
  });

  it('refuses an engine older than API 1.40 with STK5004', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.30', MinAPIVersion: '1.12' }, (_req, res) => res.end('OK'));
    await expect((await client(engine.socketPath)).ping()).rejects.toMatchObject({ code: 'STK5004', errorClass: 'FailedPrecondition' });
  });
});

describe('answers stack cannot read', () => {
  it('a progress line that is not JSON fails the call with STK5017', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, (_req, res) => res.end('<html>proxy error</html>\n'));
    const c = await client(engine.socketPath);
    await expect(c.pullImage('busybox:latest')).rejects.toMatchObject({ code: 'STK5017' });
  });

  it('an error line in the middle of a pull fails it with STK5018, classed from the engine\'s words', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, (_req, res) => {
      res.write(`${JSON.stringify({ status: 'Pulling from library/busybox', id: 'latest' })}\n`);
      res.end(`${JSON.stringify({ errorDetail: { message: 'manifest for busybox:nope not found: manifest unknown' }, error: 'manifest unknown' })}\n`);
    });
    const seen: string[] = [];
    await expect((await client(engine.socketPath)).pullImage('busybox:nope', { onProgress: (p) => seen.push(p.status) })).rejects.toMatchObject({ code: 'STK5018', errorClass: 'NotFound' });
    expect(seen).toEqual(['Pulling from library/busybox']);
  });

  it('an events stream cut by the engine fails with Unavailable, not silently', async () => {
    const engine = await fakeEngine({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, (_req, res) => {
      res.write(`${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'a', Attributes: {} }, time: 1 })}\n`);
      setImmediate(() => res.socket?.destroy());
    });
    const seen: string[] = [];
    const run = async () => {
      for await (const event of (await client(engine.socketPath)).events()) seen.push(event.action);
    };
    await expect(run()).rejects.toMatchObject({ errorClass: 'Unavailable' });
    expect(seen).toEqual(['start']);
  });
});

describe('cancel', () => {
  it('an aborted call rejects with Canceled and the engine sees the connection close', async () => {
    let closed!: () => void;
    const sawClose = new Promise<void>((resolve) => (closed = resolve));
    // Answers /version (above) and holds every other request open.
    const engine = await fakeEngine({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, (req) => req.socket.on('close', closed));
    const c = await client(engine.socketPath);
    await c.version();
    const controller = new AbortController();
    const pending = c.inspectContainer('slow', { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ code: 'STK5099', errorClass: 'Canceled' });
    await sawClose;
  });

  it('breaking out of an event loop releases the connection', async () => {
    let closed!: () => void;
    const sawClose = new Promise<void>((resolve) => (closed = resolve));
    const engine = await fakeEngine({ ApiVersion: '1.41', MinAPIVersion: '1.12' }, (req, res) => {
      req.socket.on('close', closed);
      res.write(`${JSON.stringify({ Type: 'network', Action: 'create', Actor: { ID: 'n', Attributes: {} }, time: 1 })}\n`);
    });
    for await (const event of (await client(engine.socketPath)).events()) {
      expect(event.type).toBe('network');
      break;
    }
    await sawClose;
  });
});

describe('unreachable engines', () => {
  it('a socket path that does not exist is Unavailable (STK5001)', async () => {
    using dir = tempDir('stk-nosock-');
    await expect((await client(join(dir.path, 'missing.sock'))).ping()).rejects.toMatchObject({ code: 'STK5001', errorClass: 'Unavailable' });
  });

  it('a socket nobody listens on is Unavailable (STK5001)', async () => {
    using dir = tempDir('stk-deadsock-');
    const socketPath = join(dir.path, 'dead.sock');
    // Bound but never listening: what a crashed daemon leaves behind.
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', socketPath]);
    await expect((await client(socketPath)).ping()).rejects.toMatchObject({ code: 'STK5001', errorClass: 'Unavailable' });
  });
});
