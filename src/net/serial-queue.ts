/**
 * Runs async jobs one at a time, in call order. The manager's changes read
 * and write shared records, the kernel's view and the NAT render; one at a
 * time keeps every decision based on the state the previous change left.
 * Each change takes milliseconds, so the queue costs little.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job, job);
    // The next job waits for this one to settle, whatever the outcome.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
