import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.ts';

async function drain<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('AsyncQueue', () => {
  it('delivers what was pushed, before and while the consumer waits, until closed', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    const items = drain(queue);
    queue.push(2);
    await Promise.resolve();
    queue.push(3);
    queue.close();
    queue.push(4);
    expect(await items).toEqual([1, 2, 3]);
  });

  it('ends quietly when the signal fires', async () => {
    const abort = new AbortController();
    const queue = new AsyncQueue<string>(abort.signal);
    queue.push('a');
    const items = drain(queue);
    abort.abort();
    expect(await items).toEqual(['a']);
    expect(await drain(new AsyncQueue<string>(abort.signal))).toEqual([]);
  });

  it('throws the failure after the items queued before it', async () => {
    const queue = new AsyncQueue<number>();
    queue.push(1);
    queue.fail(new Error('gone'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('gone');
    expect(seen).toEqual([1]);
  });
});
