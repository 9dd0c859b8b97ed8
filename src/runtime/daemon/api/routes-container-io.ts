import type { Writable } from 'node:stream';
import type { LogEntry } from '../containers/index.ts';
import type { Daemon } from '../daemon.ts';
import type { Exchange } from './exchange.ts';
import { route, type Route } from './router.ts';
import { boolParam, frame, intParam, invalidRequest, streamContentType, timeParam } from './wire.ts';

const C = '/containers/([^/]+)';

/** A container's output and terminal: logs, attach, resize, top, stats. */
export function containerIoRoutes(daemon: Daemon): Route[] {
  return [
    route('GET', new RegExp(`^${C}/logs$`), (x, [id]) => logs(daemon, x, id as string)),
    route('POST', new RegExp(`^${C}/attach$`), (x, [id]) => attach(daemon, x, id as string)),
    route('POST', new RegExp(`^${C}/resize$`), async (x, [id]) => {
      await daemon.containers.io.resize(id as string, intParam(x.query, 'h') ?? 24, intParam(x.query, 'w') ?? 80);
      x.send(200);
    }),
    route('GET', new RegExp(`^${C}/top$`), async (x, [id]) => x.json(200, await daemon.containers.io.top(id as string, x.query.get('ps_args') || undefined))),
    route('GET', new RegExp(`^${C}/stats$`), (x, [id]) => stats(daemon, x, id as string)),
  ];
}

/** One log entry as bytes on the wire: raw with a TTY, framed without. */
export function entryBytes(entry: LogEntry, tty: boolean, timestamps: boolean): Buffer {
  const text = `${timestamps ? `${entry.time} ` : ''}${entry.line}${entry.partial ? '' : '\n'}`;
  const bytes = Buffer.from(text);
  return tty ? bytes : frame(entry.stream, bytes);
}

async function logs(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const stdout = boolParam(x.query, 'stdout');
  const stderr = boolParam(x.query, 'stderr');
  if (!stdout && !stderr) throw invalidRequest('Bad parameters: you must choose at least one stream');
  const inspect = daemon.containers.inspect(idOrName);
  const tty = inspect.Config.Tty;
  const tailText = x.query.get('tail');
  const tail = tailText === null || tailText === '' || tailText === 'all' ? 'all' : Number(tailText);
  if (tail !== 'all' && (!Number.isInteger(tail) || tail < 0)) throw invalidRequest(`tail=${tailText} is not a number of lines`);
  const sinceMs = timeParam(x.query, 'since');
  const untilMs = timeParam(x.query, 'until');
  const timestamps = boolParam(x.query, 'timestamps');
  const entries = daemon.containers.io.logs(inspect.Id, {
    follow: boolParam(x.query, 'follow'),
    tail,
    ...(sinceMs !== undefined && sinceMs > 0 ? { sinceMs } : {}),
    ...(untilMs !== undefined && untilMs > 0 ? { untilMs } : {}),
    stdout,
    stderr,
    signal: x.signal,
  });
  const out = x.stream(200, { 'Content-Type': streamContentType(tty, x.apiVersion) });
  await pump(entries, out, tty, timestamps, x.signal);
  out.end();
}

/** Writes entries with backpressure until they end or the client leaves. */
async function pump(entries: AsyncGenerator<LogEntry>, out: Writable, tty: boolean, timestamps: boolean, signal: AbortSignal): Promise<void> {
  try {
    for await (const entry of entries) {
      if (signal.aborted) break;
      if (!out.write(entryBytes(entry, tty, timestamps))) await drained(out, signal);
    }
  } finally {
    await entries.return(undefined);
  }
}

function drained(out: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Attach: output from now on (or the log too with `logs`) until the run
 * ends, and stdin when asked. Compose attaches before start: the output of
 * the coming run is what it gets.
 */
async function attach(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const inspect = daemon.containers.inspect(idOrName);
  const tty = inspect.Config.Tty;
  const wantStdin = boolParam(x.query, 'stdin') && inspect.Config.OpenStdin;
  const stream = boolParam(x.query, 'stream');
  const withLogs = boolParam(x.query, 'logs');
  const stdout = boolParam(x.query, 'stdout');
  const stderr = boolParam(x.query, 'stderr');
  const io = await x.hijack(streamContentType(tty, x.apiVersion));
  if (!stream && !withLogs) {
    io.end();
    return;
  }
  const { output, stdinDone } = await daemon.containers.io.attach(inspect.Id, {
    ...(wantStdin && io.input ? { stdin: io.input } : {}),
    logs: withLogs,
    stream,
    signal: x.signal,
  });
  stdinDone.catch((error: unknown) => daemon.log('warn', 'attach stdin failed', { id: inspect.Id, error: String(error) }));
  const wanted = (async function* () {
    for await (const entry of output) {
      if ((entry.stream === 'stdout' && stdout) || (entry.stream === 'stderr' && stderr) || tty) yield entry;
    }
  })();
  await pump(wanted, io.output, tty, false, x.signal);
  io.end();
}

/** One sample (stream=false) or one per second until the client leaves or the container is gone. */
async function stats(daemon: Daemon, x: Exchange, idOrName: string): Promise<void> {
  const id = daemon.containers.resolveId(idOrName);
  const streaming = boolParam(x.query, 'stream', true) && !boolParam(x.query, 'one-shot');
  if (!streaming) {
    x.json(200, await daemon.containers.io.stats(id));
    return;
  }
  const out = x.stream(200, { 'Content-Type': 'application/json' });
  try {
    while (!x.signal.aborted) {
      out.write(`${JSON.stringify(await daemon.containers.io.stats(id))}\n`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        x.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  } catch (error) {
    daemon.log('debug', 'stats stream ended', { id, error: String(error) });
  } finally {
    out.end();
  }
}
