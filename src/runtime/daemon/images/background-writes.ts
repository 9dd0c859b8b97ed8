/**
 * The tails of entries (writes of small files, owners and times of links)
 * running while the next entries are read. fs calls wait on the thread pool,
 * and overlapping them is most of the speed on layers of many small files.
 * The applier keeps the order that matters: it waits for the task of a name
 * before touching that name again, and for all of them before anything is
 * removed or linked, and at the end. The first failure is kept and thrown at
 * the next run() or settle().
 */
export class BackgroundWrites {
  readonly #running = new Map<string, Promise<void>>();
  readonly #limit: number;
  #failure: unknown;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run(key: string, task: () => Promise<void>): Promise<void> {
    if (this.#running.size >= this.#limit) await Promise.race(this.#running.values());
    this.#throwFailure();
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.#failure ??= error;
      })
      .finally(() => {
        if (this.#running.get(key) === running) this.#running.delete(key);
      });
    this.#running.set(key, running);
  }

  /** Waits for the task of one name, if any (its failure surfaces at the next run or settle). */
  async wait(key: string): Promise<void> {
    await this.#running.get(key);
  }

  async settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()]);
    this.#throwFailure();
  }

  #throwFailure(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
