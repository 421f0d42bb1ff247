/**
 * An Arrow IPC byte sink for flechette's `tableToIPC` that writes into one
 * buffer kept between calls. Use it only when the bytes are consumed (copied)
 * before the next call, e.g. handed to parquet-wasm: fresh memory is what
 * costs most when encoding large tables here.
 *
 * @module
 */

let pool = new Uint8Array(1 << 16);

/** Collects IPC bytes into the shared buffer; `finish()` returns a view valid until the next use. */
export class PooledSink {
  #n = 0;

  /** Appends bytes. */
  write(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    pool.set(bytes, this.#n);
    this.#n += bytes.length;
  }

  /** Appends `count` zero bytes. */
  pad(count: number): void {
    this.#ensure(count);
    pool.fill(0, this.#n, this.#n + count);
    this.#n += count;
  }

  /** The bytes written (a view of the shared buffer). */
  finish(): Uint8Array {
    return pool.subarray(0, this.#n);
  }

  #ensure(extra: number): void {
    if (this.#n + extra <= pool.length) return;
    let size = pool.length * 2;
    while (size < this.#n + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(pool.subarray(0, this.#n));
    pool = next;
  }
}
