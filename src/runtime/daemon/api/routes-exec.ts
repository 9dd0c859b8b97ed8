import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { ExecConfig } from '../containers/index.ts';
import type { Daemon } from '../daemon.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { frame, intParam, invalidRequest, parseJsonBody, streamContentType, type StreamKind } from './wire.ts';

/** `docker exec`: create on a container, then start (hijacked or detached), inspect, resize. */
export function execRoutes(daemon: Daemon): Route[] {
  const { exec } = daemon.containers;
  return [
    route('POST', /^\/containers\/([^/]+)\/exec$/, async (x, [id]) => {
      const config = parseJsonBody<ExecConfig>(await x.body());
      if (!Array.isArray(config.Cmd)) throw invalidRequest('exec needs Cmd, a list of words');
      x.json(201, exec.create(id as string, config));
    }),
    route('POST', /^\/exec\/([^/]+)\/start$/, (x, [id]) => start(daemon, x, id as string)),
    route('GET', /^\/exec\/([^/]+)\/json$/, (x, [id]) => x.json(200, exec.inspect(id as string))),
    route('POST', /^\/exec\/([^/]+)\/resize$/, async (x, [id]) => {
      await exec.resize(id as string, intParam(x.query, 'h') ?? 24, intParam(x.query, 'w') ?? 80);
      x.send(200);
    }),
  ];
}

interface StartBody {
  readonly Detach?: boolean;
  readonly Tty?: boolean;
}

/**
 * Start: detached, it answers at once and the process runs on; attached,
 * the connection becomes the process's stdio (framed without a TTY) until
 * the process ends, and the client's half-close is the process's EOF.
 */
async function start(daemon: Daemon, x: Exchange, execId: string): Promise<void> {
  const body = parseJsonBody<StartBody>(await x.body());
  const before = daemon.containers.exec.inspect(execId);
  const tty = before.ProcessConfig.tty;
  if (body.Detach) {
    const session = await daemon.containers.exec.start(execId);
    session.stdout.resume();
    session.stderr?.resume();
    x.send(200);
    return;
  }
  // The process starts before the 101 goes out: a failure is a plain HTTP error, and a resize sent
  // right after the upgrade finds the session.
  const stdin = before.OpenStdin ? new PassThrough() : undefined;
  const session = await daemon.containers.exec.start(execId, { ...(stdin ? { stdin } : {}) });
  const io = await x.hijack(streamContentType(tty, x.apiVersion));
  if (stdin && io.input) io.input.pipe(stdin);
  else {
    stdin?.end();
    io.input?.resume();
  }
  await Promise.all([copy(session.stdout, io.output, tty ? undefined : 'stdout', x.signal), session.stderr ? copy(session.stderr, io.output, 'stderr', x.signal) : Promise.resolve()]);
  await session.exit;
  io.end();
}

/** Copies a process stream into the connection, framed when `kind` is given; stops when the client leaves. */
async function copy(from: Readable, to: Writable, kind: StreamKind | undefined, signal: AbortSignal): Promise<void> {
  for await (const chunk of from as AsyncIterable<Buffer>) {
    if (signal.aborted || to.destroyed) {
      from.resume();
      continue;
    }
    if (!to.write(kind ? frame(kind, chunk) : chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          to.off('drain', done);
          to.off('close', done);
          resolve();
        };
        to.on('drain', done);
        to.on('close', done);
      });
    }
  }
}
