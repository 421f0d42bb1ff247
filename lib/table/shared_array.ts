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
