/**
 * An append-only byte buffer for the text writers: ASCII, UTF-8 and integers
 * go straight into bytes (no intermediate strings), and full chunks are handed
 * to a `write` callback. The bytes passed to `write` are only valid during the
 * call (the buffer is reused): copy them to keep them.
 *
 * @module
 */
import type { WriteBytes } from "./atomic_write.ts";

const encoder = new TextEncoder();
const FLUSH_AT = 1 << 20;

/** Bytes being written. */
export class ByteOut {
  /** The buffer; bytes [0, n) are pending. */
  buf = new Uint8Array(FLUSH_AT + (1 << 16));
  /** Number of pending bytes. */
  n = 0;
  #write: WriteBytes;

  /** `write` receives each full chunk. */
  constructor(write: WriteBytes) {
    this.#write = write;
  }

  /** Makes room for `k` more bytes. */
  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  /** Appends one byte. */
  byte(b: number): void {
    if (this.n === this.buf.length) this.ensure(1);
    this.buf[this.n++] = b;
  }

  /** Appends bytes. */
  bytes(b: Uint8Array): void {
    this.range(b, 0, b.length);
  }

  /** Appends `src[start..end)`. */
  range(src: Uint8Array, start: number, end: number): void {
    const len = end - start;
    this.ensure(len);
    if (len < 32) {
      // a loop beats TypedArray.set for short values
      const buf = this.buf;
      let n = this.n;
      for (let i = start; i < end; i++) buf[n++] = src[i];
      this.n = n;
    } else {
      this.buf.set(src.subarray(start, end), this.n);
      this.n += len;
    }
  }

  /** Appends a string known to be ASCII (numbers, ISO dates). */
  ascii(s: string): void {
    const len = s.length;
    this.ensure(len);
    const buf = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) buf[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** Appends any string as UTF-8. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.n += encoder.encodeInto(s, this.buf.subarray(this.n)).written;
  }

  /** Appends a whole number (|v| < 2^53) in decimal. */
  int(v: number): void {
    this.fixed(v, 0);
  }

  /**
   * Appends the decimal m / 10^k for a whole number m (|m| < 2^53), e.g.
   * fixed(-5, 2) writes "-0.05"; fixed(1234, 0) writes "1234".
   */
  fixed(m: number, k: number): void {
    this.ensure(24);
    const buf = this.buf;
    let n = this.n;
    if (m < 0) {
      buf[n++] = 45;
      m = -m;
    }
    let digits = 1;
    if (m < 2147483648) for (let x = m | 0; x >= 10; x = (x / 10) | 0) digits++;
    else for (let x = m; x >= 10; x = Math.floor(x / 10)) digits++;
    if (digits <= k) digits = k + 1; // leading zeros: 0.05
    let at = n + digits + (k > 0 ? 1 : 0);
    const end = at;
    for (let i = 0; i < digits; i++) {
      if (k > 0 && i === k) buf[--at] = 46; // .
      const q = m < 2147483648 ? ((m / 10) | 0) : Math.floor(m / 10);
      buf[--at] = 48 + (m - q * 10);
      m = q;
    }
    this.n = end;
  }

  /** Passes the pending bytes to `write` once a chunk is full (or always, with `force`). */
  flush(force = false): void {
    if (this.n === 0 || (!force && this.n < FLUSH_AT)) return;
    this.#write(this.buf.subarray(0, this.n));
    this.n = 0;
  }
}
