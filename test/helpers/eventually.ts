/**
 * Waits for a condition instead of sleeping: calls `check` until it returns
 * without throwing, or fails with the last error once the deadline passes.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 50;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const what = options.what ? ` waiting for ${options.what}` : '';
      const reason = last instanceof Error ? last.message : String(last);
      throw new Error(`timed out after ${options.timeoutMs ?? 10_000} ms${what}: ${reason}`, { cause: last });
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
