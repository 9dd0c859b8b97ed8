import { createWriteStream, type WriteStream } from 'node:fs';
import type { DaemonLog, LogLevel } from './containers/index.ts';

/** stackd's own log: one JSON object per line, appended; optionally echoed as text to a terminal. */
export interface DaemonLogFile {
  readonly log: DaemonLog;
  close(): Promise<void>;
}

/**
 * Opens (appends to) the log file. Writes go through a stream, never a
 * synchronous call: DNS and the port proxies share this event loop.
 */
export function openDaemonLog(path: string, options: { echo?: NodeJS.WritableStream; level?: LogLevel } = {}): DaemonLogFile {
  const stream: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  stream.on('error', () => undefined); // a full disk must not take the daemon down
  const threshold = rank(options.level ?? 'info');
  const log: DaemonLog = (level, message, fields) => {
    if (rank(level) < threshold) return;
    const time = new Date().toISOString();
    stream.write(`${JSON.stringify({ time, level, msg: message, ...fields })}\n`);
    if (options.echo) {
      const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      options.echo.write(`${time} ${level.padEnd(5)} ${message}${extra}\n`);
    }
  };
  return {
    log,
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

function rank(level: LogLevel): number {
  return { debug: 0, info: 1, warn: 2, error: 3 }[level];
}
