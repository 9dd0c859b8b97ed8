/** A binary min-heap under a comparison: the planner's ready sets (Kahn's algorithm) take the smallest item first. */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #less: (a: T, b: T) => boolean;

  constructor(compare: (a: T, b: T) => number) {
    this.#less = (a, b) => compare(a, b) < 0;
  }

  get size(): number {
    return this.#items.length;
  }

  push(value: T): void {
    const items = this.#items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(value, items[parent] as T)) break;
      items[i] = items[parent] as T;
      i = parent;
    }
    items[i] = value;
  }

  /** The smallest item; undefined when empty. */
  pop(): T | undefined {
    const items = this.#items;
    if (items.length === 0) return undefined;
    const top = items[0] as T;
    const last = items.pop() as T;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && this.#less(items[right] as T, items[left] as T) ? right : left;
        if (!this.#less(items[child] as T, last)) break;
        items[i] = items[child] as T;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
