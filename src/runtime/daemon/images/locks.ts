/**
 * In-process locks. stackd is one process per state root, so these are what
 * keep concurrent API calls from interleaving their read-modify-write of
 * index.json, or a garbage collection from deleting what a load in flight
 * has written but not yet referenced.
 */

/** Runs critical sections one at a time, in call order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Many shared holders or one exclusive holder. Writers are not starved: once
 * a writer waits, new readers queue behind it.
 */
export class SharedLock {
  #readers = 0;
  #writer = false;
  readonly #queue: { exclusive: boolean; grant: () => void }[] = [];

  async shared<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquireShared();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  async exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.#acquire(true);
    try {
      return await fn();
    } finally {
      this.#writer = false;
      this.#drain();
    }
  }

  /** For holders whose life is not one call (a save stream): returns the release function, idempotent. */
  async acquireShared(): Promise<() => void> {
    await this.#acquire(false);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#readers--;
      this.#drain();
    };
  }

  #acquire(exclusive: boolean): Promise<void> {
    if (this.#queue.length === 0 && !this.#writer && (exclusive ? this.#readers === 0 : true)) {
      if (exclusive) this.#writer = true;
      else this.#readers++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push({ exclusive, grant: resolve }));
  }

  #drain(): void {
    while (this.#queue.length > 0 && !this.#writer) {
      const next = this.#queue[0]!;
      if (next.exclusive) {
        if (this.#readers > 0) return;
        this.#queue.shift();
        this.#writer = true;
        next.grant();
        return;
      }
      this.#queue.shift();
      this.#readers++;
      next.grant();
    }
  }
}
