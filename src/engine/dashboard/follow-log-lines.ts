import type { RuntimeClient } from '../../runtime/client/index.ts';
import { AsyncQueue, type LogFormatter, type LogLine } from '../../ui/index.ts';
import { followLogs } from '../log-mux.ts';
import { LogResumePoint, timeNanos } from '../log-time.ts';

export interface FollowLogLinesOptions {
  readonly client: RuntimeClient;
  readonly project: string;
  /** One service's containers; all services' when absent. */
  readonly service?: string;
  /** Lines of history per container when following starts. */
  readonly tail: number;
  /** First wait before asking a runtime that went away again (doubles up to 5 s). */
  readonly reconnectMs: number;
  readonly signal: AbortSignal;
}

/** followLogs hands lines over raw (`onLine`); it needs a formatter all the same, for notes the dashboard does not show. */
const silent: LogFormatter = { format: () => '', note: () => '', add: () => {} };

/**
 * The dashboard's log stream: the engine's log follower (every container of
 * the project or of one service, re-attached across restarts, scaling and
 * recreates) as structured lines, from a tail. When the runtime goes away
 * the follower ends; once the runtime answers again it resumes from the
 * last line shown (no tail again, no line twice).
 */
export function followLogLines(options: FollowLogLinesOptions): AsyncIterable<LogLine> {
  const { client, signal } = options;
  const queue = new AsyncQueue<LogLine>(signal);
  // Per container, how far its log got: a resume repeats none of the lines shown and loses none (nanoseconds, and a count within one timestamp).
  const points = new Map<string, LogResumePoint>();
  void (async () => {
    for (let round = 0; !signal.aborted; round++) {
      const filters = new Map<string, (time: bigint | undefined) => boolean>();
      // From the container that got least far, so none misses what it wrote while the runtime was away.
      const sinces = [...points.values()].map((p) => p.since).filter((s): s is number => s !== undefined);
      try {
        await followLogs({
          client,
          project: options.project,
          services: options.service !== undefined ? [options.service] : [],
          follow: true,
          ...(round === 0 || sinces.length === 0 ? { tail: options.tail } : { since: Math.min(...sinces) }),
          formatter: silent,
          write: () => {},
          signal,
          onLine: (container, line) => {
            let isNew = filters.get(container.id);
            if (!isNew) {
              let point = points.get(container.id);
              if (!point) points.set(container.id, (point = new LogResumePoint()));
              isNew = point.begin();
              filters.set(container.id, isNew);
            }
            if (!isNew(line.time === undefined ? undefined : timeNanos(line.time))) return;
            const time = line.time !== undefined ? Date.parse(line.time) : Number.NaN;
            queue.push({ service: container.service, container: container.name, stream: line.stream, text: line.line, ...(Number.isFinite(time) ? { time } : {}) });
          },
        });
      } catch {
        // The runtime went away mid-stream; the dashboard's event stream says so. Resume below.
      }
      if (signal.aborted) break;
      await untilReachable(client, options.reconnectMs, signal);
    }
    queue.close();
  })();
  return queue;
}

/** Waits until the runtime answers a ping (or the signal fires), asking less often as time goes on. */
export async function untilReachable(client: RuntimeClient, firstWaitMs: number, signal: AbortSignal): Promise<void> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    await delay(Math.min(5000, firstWaitMs * 2 ** attempt), signal);
    try {
      await client.ping({ signal });
      return;
    } catch {
      // Not yet.
    }
  }
}

/** A pause that the signal cuts short. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
