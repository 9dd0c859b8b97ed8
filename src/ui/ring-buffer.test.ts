import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.ts';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity and counts every item appended', () => {
    let b = RingBuffer.empty<number>(3);
    for (let i = 1; i <= 5; i++) b = b.append(i);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.total).toBe(5);
    expect(b.last(2)).toEqual([4, 5]);
    expect(b.range(0, 4)).toEqual([3, 4]);
    expect(b.at(0)).toBe(3);
  });

  it('leaves older snapshots as they were (value semantics)', () => {
    const a = RingBuffer.empty<string>(4).append('a', 'b');
    const b = a.append('c');
    const c = a.append('x');
    expect(a.toArray()).toEqual(['a', 'b']);
    expect(b.toArray()).toEqual(['a', 'b', 'c']);
    expect(c.toArray()).toEqual(['a', 'b', 'x']);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => RingBuffer.empty(0)).toThrow(RangeError);
  });

  it('behaves like an array that drops its oldest items, whatever the appends and branches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.nat(5), fc.array(fc.integer(), { maxLength: 5 })), { maxLength: 60 }), (capacity, steps) => {
        const buffers = [RingBuffer.empty<number>(capacity)];
        const models: number[][] = [[]];
        const totals = [0];
        for (const [from, items] of steps) {
          const i = from % buffers.length;
          buffers.push((buffers[i] as RingBuffer<number>).append(...items));
          models.push([...(models[i] as number[]), ...items].slice(-capacity));
          totals.push((totals[i] as number) + items.length);
        }
        buffers.forEach((b, i) => {
          expect(b.toArray()).toEqual(models[i]);
          expect(b.total).toBe(totals[i]);
        });
      }),
    );
  });
});
