import { setMaxListeners } from 'node:events';
import { compareStrings } from '../base/index.ts';
import { parseComposeLabels, projectFilter, type ContainerSummary, type LogLine, type RuntimeClient } from '../runtime/client/index.ts';
import type { LogFormatter } from '../ui/index.ts';
import { LogResumePoint, timeNanos } from './log-time.ts';

/**
 * The log multiplexer of attached `up` and `logs`: the output of every
 * container of the selected services, prefixed (`web-1  | ...`), and with
 * `follow`, of every container that starts later: a restarted one, a new
 * replica, a replacement. Runtime events drive it (`start` attaches, `die`
 * notes the exit); each line's engine timestamp is kept, so a re-attach
 * after a restart resumes exactly after the last line printed, never
 * repeating or losing one (compose#1115, #8925, #10331).
 */
export interface FollowLogsOptions {
  readonly client: RuntimeClient;
  readonly project: string;
  /** Only these services; empty: all. */
  readonly services: readonly string[];
  /** Only this replica number (`--index`). */
  readonly index?: number;
  readonly follow: boolean;
  readonly tail?: number | 'all';
  readonly since?: Date | number;
  readonly until?: Date | number;
  readonly formatter: LogFormatter;
  /** One finished line, without a newline. */
  readonly write: (line: string) => void;
  readonly signal: AbortSignal;
  /**
   * Stops following new containers and lets the current streams finish by
   * themselves (their containers have stopped): attached `up` once
   * everything exited, so the last lines are not cut.
   */
  readonly drain?: AbortSignal;
  /** Events before this time (ms since the epoch; default: the call) are not reported (`exited with code` notes of an earlier run). */
  readonly eventsSince?: number;
  /** Called when a followed container exits (attached `up` decides when to end from these). */
  readonly onExit?: (exit: ContainerExit) => void;
  /** Called when a followed container starts (attached `up` tracks what runs). */
  readonly onStart?: (container: FollowedContainer) => void;
  /** Called once the containers that exist now are followed (and `onStart` was called for the running ones). */
  readonly onReady?: () => void;
  /** Takes each line as it came instead of `formatter` and `write` (the dashboard keeps lines structured); notes still go to `write`. */
  readonly onLine?: (container: FollowedContainer, line: LogLine) => void;
}

export interface FollowedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
}

export interface ContainerExit extends FollowedContainer {
  readonly exitCode: number;
}

/** `web-1`: how Compose names a replica in prefixes (`web` for a one-off or a fixed container_name). */
export function prefixName(project: string, container: { readonly name: string; readonly service: string; readonly number: number }): string {
  if (container.name === `${project}-${container.service}-${container.number}`) return `${container.service}-${container.number}`;
  return container.name;
}

export async function followLogs(options: FollowLogsOptions): Promise<void> {
  const { client, signal } = options;
  const wanted = (labels: Readonly<Record<string, string>>): FollowedContainer | undefined => {
    const parsed = parseComposeLabels(labels);
    if (parsed.service === undefined || parsed.oneoff === true) return undefined;
    if (options.services.length > 0 && !options.services.includes(parsed.service)) return undefined;
    if (options.index !== undefined && parsed.containerNumber !== options.index) return undefined;
    return { id: '', name: '', service: parsed.service, number: parsed.containerNumber ?? 0 };
  };
  const describe = (summary: ContainerSummary): FollowedContainer | undefined => {
    const base = wanted(summary.labels);
    return base && !/^[0-9a-f]{12}_/.test(summary.name) ? { ...base, id: summary.id, name: summary.name } : undefined;
  };

  if (!options.follow) {
    const listed = (await client.listContainers({ all: true, labels: [projectFilter(options.project)], signal }))
      .map(describe)
      .filter((c): c is FollowedContainer => c !== undefined)
      .sort((a, b) => compareStrings(a.service, b.service) || a.number - b.number);
    for (const c of listed) options.formatter.add(prefixName(options.project, c));
    const outputs = listed.map((c) => collect(client, c, options));
    for (const [i, output] of outputs.entries()) {
      const c = listed[i] as FollowedContainer;
      for (const line of await output) deliver(options, c, line);
    }
    return;
  }

  const followed = new Map<string, { container: FollowedContainer; active: boolean; resume: LogResumePoint; first: boolean }>();
  const attaching = new Set<Promise<void>>();
  const attach = (container: FollowedContainer) => {
    let entry = followed.get(container.id);
    if (!entry) {
      entry = { container, active: false, resume: new LogResumePoint(), first: true };
      followed.set(container.id, entry);
      options.formatter.add(prefixName(options.project, container));
    }
    if (entry.active) return;
    entry.active = true;
    const current = entry;
    const task = (async () => {
      try {
        const since = current.resume.since ?? options.since;
        const lines = client.containerLogs(container.id, {
          follow: true,
          timestamps: true,
          signal,
          ...(since !== undefined ? { since } : {}),
          ...(options.until !== undefined ? { until: options.until } : {}),
          ...(current.first && options.tail !== undefined ? { tail: options.tail } : {}),
        });
        current.first = false;
        const isNew = current.resume.begin();
        for await (const line of lines) {
          if (isNew(line.time === undefined ? undefined : timeNanos(line.time))) deliver(options, current.container, line);
        }
      } catch {
        // The container went away mid-stream (removed by a recreate): its replacement is attached on its own start.
      } finally {
        current.active = false;
      }
    })();
    attaching.add(task);
    void task.finally(() => attaching.delete(task));
  };

  const startedAt = options.eventsSince ?? Date.now();
  const watching = AbortSignal.any([signal, ...(options.drain ? [options.drain] : [])]);
  setMaxListeners(0, watching); // one listener per followed container
  const events = client.events({ labels: [projectFilter(options.project)], types: ['container'], since: Math.floor(startedAt / 1000) - 1, signal: watching });
  const iterator = events[Symbol.asyncIterator]();
  // Ask for the events first: a container that starts between the list and the subscription is replayed, not missed.
  const firstEvent = iterator.next();
  const listed = await client.listContainers({ all: true, labels: [projectFilter(options.project)], signal });
  for (const summary of listed.sort((a, b) => compareStrings(a.name, b.name))) {
    const container = describe(summary);
    if (!container) continue;
    attach(container);
    if (summary.state === 'running' || summary.state === 'restarting') options.onStart?.(container);
  }
  options.onReady?.();
  let next = firstEvent;
  for (;;) {
    const result = await next;
    if (result.done) break;
    const event = result.value;
    const base = wanted(event.attributes);
    const name = event.attributes.name ?? '';
    if (base && !/^[0-9a-f]{12}_/.test(name)) {
      const container = { ...base, id: event.id, name };
      if (event.action === 'start') {
        attach(container);
        options.onStart?.(container);
      } else if (event.action === 'die' && event.time >= startedAt) {
        const exitCode = Number(event.attributes.exitCode ?? 0);
        if (followed.has(event.id)) options.write(options.formatter.note(container.service, prefixName(options.project, container), `exited with code ${exitCode}`));
        options.onExit?.({ ...container, exitCode });
      } else if (event.action === 'rename') {
        // A replacement renamed to its final name: follow it under that name from its start.
        const entry = followed.get(event.id);
        if (entry) entry.container = container;
      }
    }
    next = iterator.next();
  }
  await Promise.allSettled([...attaching]);
}

async function collect(client: RuntimeClient, container: FollowedContainer, options: FollowLogsOptions): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of client.containerLogs(container.id, {
    timestamps: true,
    signal: options.signal,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
  })) {
    out.push(line);
  }
  return out;
}

function deliver(options: FollowLogsOptions, container: FollowedContainer, line: LogLine): void {
  if (options.onLine) options.onLine(container, line);
  else options.write(format(options, container, line));
}

function format(options: FollowLogsOptions, container: FollowedContainer, line: LogLine): string {
  const time = line.time === undefined ? undefined : Date.parse(line.time);
  return options.formatter.format({ service: container.service, name: prefixName(options.project, container), text: line.line, ...(time !== undefined && Number.isFinite(time) ? { time } : {}) });
}
