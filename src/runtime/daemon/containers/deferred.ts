/** A promise with its resolver, for "the end of this run" and "the removal" that several waiters share. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let settled = false;
  const promise = new Promise<T>((r) => (resolve = r));
  return {
    promise,
    get settled() {
      return settled;
    },
    resolve(value: T) {
      if (settled) return;
      settled = true;
      resolve(value);
    },
  };
}

/** Resolves with the promise's value, or undefined once `ms` have passed or the signal fires. */
export function within<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), ms);
    const onAbort = (): void => done(undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(value: T | undefined): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }
    void promise.then(done);
  });
}
