/**
 * The ready queue: a binary max-heap of integer step ids ordered by a
 * precomputed numeric key per step. Keys must be distinct (fold the step
 * index into them) so the order is deterministic.
 *
 * @module
 */

/** A max-heap of step ids keyed by `keys[id]`; no allocation after construction. */
export class ReadyQueue {
  #heap: Int32Array;
  #size = 0;
  readonly #keys: Float64Array;

  /** `keys[id]` is the priority of step `id` (larger first); `capacity` is the most ids held at once. */
  constructor(keys: Float64Array, capacity: number = keys.length) {
    this.#keys = keys;
    this.#heap = new Int32Array(Math.max(1, capacity));
  }

  /** How many ids are queued. */
  get size(): number {
    return this.#size;
  }

  /** Adds an id. */
  push(id: number): void {
    if (this.#size === this.#heap.length) {
      const bigger = new Int32Array(this.#heap.length * 2);
      bigger.set(this.#heap);
      this.#heap = bigger;
    }
    const heap = this.#heap, keys = this.#keys, k = keys[id];
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (keys[p] >= k) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = id;
  }

  /** The id with the largest key, without removing it; -1 when empty. */
  peek(): number {
    return this.#size === 0 ? -1 : this.#heap[0];
  }

  /** Removes and returns the id with the largest key; -1 when empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const heap = this.#heap, keys = this.#keys;
    const top = heap[0];
    const last = heap[--this.#size];
    const n = this.#size;
    if (n > 0) {
      const k = keys[last];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && keys[heap[child + 1]] > keys[heap[child]]) child++;
        if (keys[heap[child]] <= k) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Removes every id. */
  clear(): void {
    this.#size = 0;
  }
}
