import { demuxFrames, rawFrames } from './demux.ts';
import type { DockerApi } from './docker-api.ts';
import { containerPath, inspectContainer } from './docker-containers.ts';
import { iterateResponse } from './iterate-response.ts';
import { toLogLines } from './log-lines.ts';
import type { LogsOptions } from './runtime-client.ts';
import type { LogLine } from './runtime-types.ts';

/** `GET /containers/{id}/logs` as lines; the TTY setting decides between framed and raw output. */
export async function* containerLogs(api: DockerApi, idOrName: string, options: LogsOptions = {}): AsyncGenerator<LogLine> {
  const context = { action: 'read the logs of', kind: 'container' as const, name: idOrName };
  const { signal } = options;
  if (signal?.aborted) return;
  let tty = options.tty;
  if (tty === undefined) {
    try {
      tty = (await inspectContainer(api, idOrName, options)).config.tty;
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }
  const open = () =>
    api.stream({
      method: 'GET',
      path: containerPath(idOrName, '/logs'),
      query: {
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
        follow: options.follow ?? false,
        tail: options.tail === undefined ? 'all' : String(options.tail),
        since: unixSeconds(options.since),
        until: unixSeconds(options.until),
        timestamps: options.timestamps ?? false,
      },
      signal,
      context,
    });
  const parse = (response: AsyncIterable<Uint8Array>) => toLogLines(tty ? rawFrames(response) : demuxFrames(response), { timestamps: options.timestamps ?? false });
  yield* iterateResponse(open, parse, { ...context, endpoint: api.endpoint }, signal);
}

/** Docker takes `seconds[.nanoseconds]` since the epoch. */
export function unixSeconds(value: Date | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const seconds = value instanceof Date ? value.getTime() / 1000 : value;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(9);
}
