import type { RuntimeClient } from '../../runtime/client/index.ts';
import type { StatsSample } from '../../ui/index.ts';

export interface SampledContainer {
  readonly id: string;
  readonly service: string;
  readonly name: string;
}

export interface StatsSamplerOptions {
  readonly client: RuntimeClient;
  /** The containers to sample now (the running ones). */
  readonly containers: () => readonly SampledContainer[];
  readonly onSamples: (samples: readonly StatsSample[]) => void;
  /** Time between the starts of two rounds. */
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** Whether the runtime answers now: no round while it does not. */
  readonly connected?: () => boolean;
}

/**
 * One-shot stats for every running container, a round every `intervalMs`.
 * Docker's one-shot stats takes about a second to answer (it samples twice),
 * so a round asks for all containers at once and a new round starts only
 * when the last one has finished: a slow engine makes rounds rarer, never
 * piles requests up, and never holds the dashboard up (the results arrive as
 * one event). A container that stopped between the list and the call is left
 * out of the round.
 */
export function sampleStats(options: StatsSamplerOptions): Promise<void> {
  const { signal } = options;
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    const round = async () => {
      const started = Date.now();
      const containers = options.connected?.() === false ? [] : options.containers();
      const results = await Promise.all(
        containers.map(async (c): Promise<StatsSample | undefined> => {
          try {
            const s = await options.client.containerStats(c.id, { signal });
            return { service: c.service, container: c.name, cpuPercent: s.cpuPercent, memoryBytes: s.memoryUsage, ...(s.memoryLimit > 0 ? { memoryLimit: s.memoryLimit } : {}) };
          } catch {
            // Stopped or removed since the list, or the runtime went away (the event stream reports that).
            return undefined;
          }
        }),
      );
      if (signal.aborted) return;
      const samples = results.filter((s): s is StatsSample => s !== undefined);
      if (samples.length > 0) options.onSamples(samples);
      timer = setTimeout(() => void round(), Math.max(0, options.intervalMs - (Date.now() - started)));
    };
    void round();
  });
}
