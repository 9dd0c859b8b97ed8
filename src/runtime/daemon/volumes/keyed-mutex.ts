/**
 * Serializes async work per key (a container id, a volume name): operations on
 * one object run one after another, operations on different objects run in
 * parallel. In-process only: one daemon owns a state root.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every id ever seen.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** True while some work holds or waits for the key. */
  isBusy(key: string): boolean {
    return this.#tails.has(key);
  }
}
