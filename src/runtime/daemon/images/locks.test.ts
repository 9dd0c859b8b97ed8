import { describe, expect, it } from 'vitest';
import { Mutex, SharedLock } from './locks.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Mutex', () => {
  it('runs sections one at a time in call order, and goes on after a failure', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const gate = deferred();
    const a = mutex.run(async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
    });
    const b = mutex.run(() => {
      log.push('b');
      throw new Error('b fails');
    });
    const c = mutex.run(() => log.push('c'));
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    gate.resolve();
    await a;
    await expect(b).rejects.toThrow('b fails');
    await c;
    expect(log).toEqual(['a start', 'a end', 'b', 'c']);
  });
});

describe('SharedLock', () => {
  it('lets readers share, keeps a writer alone, and queues readers behind a waiting writer', async () => {
    const lock = new SharedLock();
    const log: string[] = [];
    const r1Gate = deferred();
    const r1 = lock.shared(async () => {
      log.push('r1 in');
      await r1Gate.promise;
      log.push('r1 out');
    });
    const r2 = lock.shared(() => log.push('r2'));
    await r2;
    const w = lock.exclusive(() => log.push('w'));
    const r3 = lock.shared(() => log.push('r3'));
    await Promise.resolve();
    expect(log).toEqual(['r1 in', 'r2']);
    r1Gate.resolve();
    await Promise.all([r1, w, r3]);
    expect(log).toEqual(['r1 in', 'r2', 'r1 out', 'w', 'r3']);
  });

  it('a release handle is idempotent', async () => {
    const lock = new SharedLock();
    const release = await lock.acquireShared();
    release();
    release();
    const order: string[] = [];
    await Promise.all([lock.exclusive(() => order.push('w')), lock.shared(() => order.push('r'))]);
    expect(order).toEqual(['w', 'r']);
  });
});
