/**
 * Counts a container's restarts the way a person watching means it: each
 * time it came back, whether its restart policy brought it back or someone
 * asked (`stack restart`, the dashboard's `r`).
 *
 * The runtime alone cannot say: Docker's RestartCount counts policy restarts
 * only, and a restart asked for (or any manual start) resets it to 0. So the
 * tally starts from the RestartCount first seen, adds what RestartCount
 * grows by between two looks, and adds one per `restart` event.
 */
export class RestartTally {
  readonly #counts = new Map<string, { shown: number; runtime: number }>();

  /** What an inspect says now; returns the restarts to show. */
  observe(id: string, restartCount: number): number {
    const known = this.#counts.get(id);
    if (!known) {
      this.#counts.set(id, { shown: restartCount, runtime: restartCount });
      return restartCount;
    }
    // Grown: the policy restarted it (maybe several times between two looks). Shrunk: a manual start reset it.
    const shown = known.shown + Math.max(0, restartCount - known.runtime);
    this.#counts.set(id, { shown, runtime: restartCount });
    return shown;
  }

  /** A `restart` event (asked for, not the policy); returns the restarts to show. */
  restarted(id: string): number {
    const known = this.#counts.get(id) ?? { shown: 0, runtime: 0 };
    const shown = known.shown + 1;
    // Docker resets RestartCount when a restart is asked for.
    this.#counts.set(id, { shown, runtime: 0 });
    return shown;
  }

  /** The restarts to show, if the container was seen. */
  get(id: string): number | undefined {
    return this.#counts.get(id)?.shown;
  }

  forget(id: string): void {
    this.#counts.delete(id);
  }
}
