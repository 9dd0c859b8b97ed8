/**
 * A bounded, append-only list with value semantics: `append` returns a new
 * buffer and leaves the old one as it was, so a reducer can hold log lines
 * without copying the whole buffer on every line. Snapshots share one backing
 * array and each reads only its own window of it; the array is compacted when
 * it grows past twice the capacity, so appending costs O(1) amortized and
 * memory stays under three times the capacity.
 */
export class RingBuffer<T> {
  readonly capacity: number;
  /** How many items were ever appended: a position that stays valid as old items fall off. */
  readonly total: number;
  readonly #items: T[];
  readonly #start: number;
  readonly #end: number;

  private constructor(capacity: number, items: T[], start: number, end: number, total: number) {
    this.capacity = capacity;
    this.#items = items;
    this.#start = start;
    this.#end = end;
    this.total = total;
  }

  static empty<T>(capacity: number): RingBuffer<T> {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    return new RingBuffer<T>(capacity, [], 0, 0, 0);
  }

  get size(): number {
    return this.#end - this.#start;
  }

  append(...items: readonly T[]): RingBuffer<T> {
    if (items.length === 0) return this;
    // Another snapshot already appended past our end: copy our window so we never overwrite its items.
    let backing = this.#items;
    let start = this.#start;
    let end = this.#end;
    if (end !== backing.length) {
      backing = backing.slice(start, end);
      end -= start;
      start = 0;
    }
    for (const item of items) backing.push(item);
    end += items.length;
    start = Math.max(start, end - this.capacity);
    if (backing.length > this.capacity * 2) {
      backing = backing.slice(start, end);
      end -= start;
      start = 0;
    }
    return new RingBuffer<T>(this.capacity, backing, start, end, this.total + items.length);
  }

  /** The item at `index` (0 is the oldest kept), or undefined. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.#items[this.#start + index];
  }

  /** The newest `count` items, oldest first. */
  last(count: number): T[] {
    const n = Math.max(0, Math.min(count, this.size));
    return this.#items.slice(this.#end - n, this.#end);
  }

  /** Items by their absolute position (see `total`): [from, to), clipped to what is kept. */
  range(from: number, to: number): T[] {
    const first = this.total - this.size;
    const a = Math.max(from, first) - first;
    const b = Math.min(to, this.total) - first;
    return b > a ? this.#items.slice(this.#start + a, this.#start + b) : [];
  }

  toArray(): T[] {
    return this.#items.slice(this.#start, this.#end);
  }
}
