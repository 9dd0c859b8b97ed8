import { PassThrough, Writable, type Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { canceledError, throwIfAborted } from '../../base/index.ts';
import { splitStdio } from './demux.ts';
import type { DockerApi } from './docker-api.ts';
import { containerPath, inspectContainer } from './docker-containers.ts';
import { segment, unexpected } from './wire.ts';
import { asBoolean, asNumber, asRecord, asString } from './json-read.ts';
import { mapError, type ErrorContext } from './map-error.ts';
import type { AttachOptions, CallOptions, ExecSession, ExecSpec, StdioSession, TerminalSize } from './runtime-client.ts';

/**
 * attach and exec: an upgraded connection whose output is split into stdout
 * and stderr (demultiplexed without a TTY) and whose input is stdin. Closing
 * our side of stdin half-closes the connection, which the engine passes on
 * to the process as EOF while we keep reading its output.
 */

export async function attachContainer(api: DockerApi, idOrName: string, options: AttachOptions = {}): Promise<StdioSession> {
  const tty = options.tty ?? (await inspectContainer(api, idOrName, options)).config.tty;
  const context = { action: 'attach to', kind: 'container' as const, name: idOrName };
  const socket = await api.hijack(
    {
      method: 'POST',
      path: containerPath(idOrName, '/attach'),
      query: { stream: true, stdout: true, stderr: true, stdin: options.stdin ?? false, logs: options.logs ?? false },
      signal: options.signal,
      context,
    },
  );
  const resize = async (size: TerminalSize, o: CallOptions = {}) => {
    await api.json({ method: 'POST', path: containerPath(idOrName, '/resize'), query: { h: size.rows, w: size.columns }, signal: o.signal, context: { ...context, action: 'resize the terminal of' } });
  };
  return session(socket, tty, options.stdin ?? false, resize, { ...context, endpoint: api.endpoint }, options.signal);
}

export async function execContainer(api: DockerApi, idOrName: string, spec: ExecSpec, options: CallOptions = {}): Promise<ExecSession> {
  const tty = spec.tty ?? false;
  const context = { action: 'exec in', kind: 'container' as const, name: idOrName };
  const created = asRecord(
    await api.json({
      method: 'POST',
      path: containerPath(idOrName, '/exec'),
      body: {
        Cmd: spec.cmd,
        Env: spec.env,
        User: spec.user,
        WorkingDir: spec.workingDir,
        Tty: tty,
        Privileged: spec.privileged ?? false,
        AttachStdin: (spec.stdin ?? false) && !spec.detach,
        AttachStdout: !spec.detach,
        AttachStderr: !spec.detach,
      },
      signal: options.signal,
      context,
    }),
  );
  const id = asString(created.Id);
  if (!id) throw unexpected('create an exec', created);
  const execContext = { action: 'start the exec in', kind: 'exec' as const, name: id };
  const startSpec = { method: 'POST' as const, path: `/exec/${segment(id)}/start`, body: { Detach: spec.detach ?? false, Tty: tty }, signal: options.signal, context: execContext };
  const resize = async (size: TerminalSize, o: CallOptions = {}) => {
    await api.json({ method: 'POST', path: `/exec/${segment(id)}/resize`, query: { h: size.rows, w: size.columns }, signal: o.signal, context: { ...execContext, action: 'resize' } });
  };
  let stdio: StdioSession;
  if (spec.detach) {
    await api.json(startSpec);
    stdio = endedSession(tty, resize);
  } else {
    const socket = await api.hijack(startSpec);
    stdio = session(socket, tty, spec.stdin ?? false, resize, { ...context, endpoint: api.endpoint }, options.signal);
  }
  const exitCode = async (o: CallOptions = {}): Promise<number> => {
    await stdio.closed;
    return execExitCode(api, id, o.signal);
  };
  return Object.assign(stdio, { id, exitCode });
}

/**
 * The exit code is recorded a moment after the output closes; poll briefly
 * until the engine says the process is no longer running.
 */
async function execExitCode(api: DockerApi, id: string, signal: AbortSignal | undefined): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const raw = asRecord(await api.json({ method: 'GET', path: `/exec/${segment(id)}/json`, signal, context: { action: 'inspect', kind: 'exec', name: id } }));
    const code = asNumber(raw.ExitCode);
    if (!asBoolean(raw.Running) && code !== undefined) return code;
    throwIfAborted(signal);
    try {
      await delay(Math.min(5 * 2 ** attempt, 200), undefined, signal ? { signal } : undefined);
    } catch {
      throw canceledError(`exec:${id}`);
    }
  }
}

function session(
  socket: Duplex,
  tty: boolean,
  withStdin: boolean,
  resize: (size: TerminalSize, options?: CallOptions) => Promise<void>,
  context: ErrorContext,
  signal: AbortSignal | undefined,
): StdioSession {
  let closedByUs = false;
  const close = () => {
    closedByUs = true;
    socket.destroy();
  };
  const split = splitStdio(socket, tty);
  const onAbort = () => close();
  signal?.addEventListener('abort', onAbort, { once: true });
  const closed = split.done.then(
    () => signal?.removeEventListener('abort', onAbort),
    (error: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      if (closedByUs) return;
      throw mapError(error, context);
    },
  );
  closed.catch(() => {});
  const stdin = withStdin ? stdinOf(socket) : undefined;
  return { tty, stdout: split.stdout, stderr: split.stderr, stdin, closed, resize, close };
}

/** Our own Writable over the socket, so ending stdin half-closes instead of tearing down the output. */
function stdinOf(socket: Duplex): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // Input for a process that has gone is dropped, as the docker CLI does; its exit code tells the story.
      if (socket.destroyed || socket.writableEnded) return callback();
      socket.write(chunk, () => callback());
    },
    final(callback) {
      if (!socket.destroyed) socket.end();
      callback();
    },
  });
}

function endedSession(tty: boolean, resize: (size: TerminalSize, options?: CallOptions) => Promise<void>): StdioSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.end();
  stderr.end();
  return { tty, stdout, stderr, stdin: undefined, closed: Promise.resolve(), resize, close: () => {} };
}
