/**
 * Typed arrays on SharedArrayBuffer. A table whose columns live in shared
 * memory moves between threads without a copy: postMessage shares the
 * memory instead of copying it (see transfer.ts). pfw's readers and its
 * row-gathering operations allocate their columns here; everything else
 * reads them like any typed array (same speed in Deno and Bun, measured).
 *
 * @module
 */

/** Any typed array constructor that takes a buffer, an offset and a length. */
export interface TypedArrayConstructor<T extends ArrayBufferView> {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A zero-filled typed array of `length` elements on a new SharedArrayBuffer. */
export function sharedArray<T extends ArrayBufferView>(Ctor: TypedArrayConstructor<T>, length: number): T {
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT), 0, length);
}

/** Whether a view's memory is a SharedArrayBuffer. */
export function isShared(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== "undefined" && view.buffer instanceof SharedArrayBuffer;
}

/** The view itself when it is shared, else a shared copy of exactly its elements. */
export function toShared<T extends ArrayBufferView>(view: T): T {
  if (isShared(view)) return view;
  const Ctor = view.constructor as unknown as TypedArrayConstructor<T>;
  const per = Ctor.BYTES_PER_ELEMENT;
  const out = sharedArray(Ctor, view.byteLength / per);
  new Uint8Array(out.buffer, 0, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return out;
}

// ------------------------------------------------------------------ page help ----
//
// The first write to a page of new memory costs a page fault, about 3.6 ms per MiB on the
// 2-core machine pfw is measured on: more than most operations spend computing. Page faults of
// two threads run in parallel (64 MiB: 205 ms on one thread, 123 ms split over two), and a page
// one thread wrote is resident for all. So a worker about to fill a large new array asks an
// idle thread (main; see lib/engine/page_helper.ts) to write the array's pages from the end
// backward while it fills it from the start; they meet in the middle.

/** Arrays of at least this many bytes get help. */
export const HELP_MIN = 4 << 20;

let helper: ((buffer: SharedArrayBuffer) => void) | undefined;

/** Sets (or clears) who is asked to fault in the pages of this thread's new arrays (see {@link writtenArray}). */
export function setPageHelper(help: ((buffer: SharedArrayBuffer) => void) | undefined): void {
  helper = help;
}

/**
 * A zero-filled array on a new SharedArrayBuffer that the caller fills now,
 * from its first element to its last: arrays of {@link HELP_MIN} bytes or
 * more are handed to this thread's page helper too, which faults in their
 * pages from the end meanwhile.
 */
export function writtenArray<T extends ArrayBufferView>(Ctor: TypedArrayConstructor<T>, length: number): T {
  const out = sharedArray(Ctor, length);
  if (helper && out.byteLength >= HELP_MIN) helper(out.buffer as SharedArrayBuffer);
  return out;
}

/**
 * Faults in pages of `buffer` from page `page` (exclusive, counting 4 KiB pages
 * from the start) backward, at most `count` of them, without changing any
 * value (an atomic compare-exchange of 0 with 0 at each page's first word).
 * Stops at a page whose first word is no longer 0: the thread filling the
 * buffer got there. Returns the page to go on from next time, or 0 when done.
 */
export function touchPagesBackward(buffer: SharedArrayBuffer, page: number, count: number): number {
  const words = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  const stop = Math.max(0, page - count);
  for (let p = page - 1; p >= stop; p--) {
    const w = p << 10;
    if (Atomics.load(words, w) !== 0) return 0;
    Atomics.compareExchange(words, w, 0, 0);
  }
  return stop;
}
