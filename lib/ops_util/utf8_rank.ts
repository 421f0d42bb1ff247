/**
 * Ranks the strings of an Arrow Utf8 column by their bytes, never making JS
 * strings: a radix sort on the first 8 bytes of each value, then the runs
 * that tie on them by the next 8 (radix again for long runs, comparisons of
 * the remaining bytes for short ones). 300,000 e-mail addresses: ~40 ms,
 * against ~500 ms for sorting them as JS strings (measured in Deno).
 *
 * UTF-8 byte order is code point order. pfw orders strings by UTF-16 code
 * units (what `<` does), which differs from code point order only between
 * U+E000–U+FFFF and characters beyond U+FFFF, so a column holding any byte
 * 0xEE or above (the lead bytes of those) is not ranked here.
 *
 * @module
 */
import { radixSortKeyed } from "./sort_index.ts";

/** A plain string column's storage: UTF-8 bytes, value `r` spanning `offsets[r]..offsets[r+1]`, validity (null: no null). */
export interface Utf8Storage {
  bytes: Uint8Array;
  offsets: Int32Array;
  validity: Uint8Array | null;
  /** The largest byte of the values, once {@link maxByte} has scanned them. */
  max?: number;
}

/** The largest byte of a column's values: scanned once, then kept on the storage (sorts and filters of one column share it). */
export function maxByte(col: Utf8Storage): number {
  if (col.max === undefined) {
    const { bytes, offsets } = col;
    let max = 0;
    for (let i = offsets[0], end = offsets[offsets.length - 1]; i < end; i++) if (bytes[i] > max) max = bytes[i];
    col.max = max;
  }
  return col.max;
}

/** Runs at least this long are radix-sorted on their next 8 bytes; shorter ones by comparison. */
const RADIX_RUN = 2048;

/**
 * The rank of the string at each position `i` of `rows` (row `rows[i]` of the
 * column; equal strings share a rank, ranks are dense from 0), -1 for null;
 * undefined when byte order may differ from UTF-16 order (see the module doc).
 */
export function utf8Ranks(col: Utf8Storage, rows: ArrayLike<number>): Int32Array | undefined {
  if (maxByte(col) >= 0xee) return undefined;
  const { bytes, offsets, validity } = col;
  const n = rows.length;
  const ranks = new Int32Array(n).fill(-1);
  // the non-null positions, and for each its row's byte span
  let m = 0;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (!validity || (validity[r >> 3] & (1 << (r & 7))) !== 0) perm[m++] = i;
  }
  const pos = perm.subarray(0, m);
  const from = new Int32Array(n), len = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    from[i] = offsets[r];
    len[i] = offsets[r + 1] - offsets[r];
  }
  sortRange(pos, 0, m, 0, bytes, from, len);
  // equal neighbours share a rank
  let rank = -1;
  for (let k = 0; k < m; k++) {
    if (k === 0 || compareFrom(pos[k - 1], pos[k], 0, bytes, from, len) !== 0) rank++;
    ranks[pos[k]] = rank;
  }
  return ranks;
}

/** Sorts `pos[lo..hi)`, whose strings are equal in their first `depth` bytes. */
function sortRange(pos: Int32Array, lo: number, hi: number, depth: number, bytes: Uint8Array, from: Int32Array, len: Int32Array): void {
  const stack: number[] = [lo, hi, depth];
  while (stack.length) {
    const d = stack.pop()!, b = stack.pop()!, a = stack.pop()!;
    const size = b - a;
    if (size < 2) continue;
    if (size < RADIX_RUN) {
      const cmp = (x: number, y: number) => compareFrom(x, y, d, bytes, from, len);
      pos.set(pos.subarray(a, b).sort(cmp), a);
      continue;
    }
    // 8 bytes from d, big-endian in two words (0 past the end; the length breaks such ties)
    const hiW = new Uint32Array(size), loW = new Uint32Array(size);
    let ended = 0;
    for (let k = 0; k < size; k++) {
      const i = pos[a + k], s = from[i] + d, l = len[i] - d;
      let h = 0, w = 0;
      for (let j = 0; j < 4; j++) h = (h << 8) | (j < l ? bytes[s + j] : 0);
      for (let j = 4; j < 8; j++) w = (w << 8) | (j < l ? bytes[s + j] : 0);
      hiW[k] = h >>> 0;
      loW[k] = w >>> 0;
      if (l <= 8) ended++;
    }
    const sorted = radixSortKeyed({ hi: hiW, lo: loW, nulls: null }, pos.slice(a, b));
    pos.set(sorted.perm, a);
    const sh = sorted.hi!, sl = sorted.lo;
    // runs of equal words: go on 8 bytes further (values that ended tie on trailing zero bytes: by length)
    let runStart = 0;
    for (let k = 1; k <= size; k++) {
      if (k < size && sh[k] === sh[runStart] && sl[k] === sl[runStart]) continue;
      if (k - runStart > 1) {
        if (ended === size) {
          const cmp = (x: number, y: number) => len[x] - len[y] || x - y;
          pos.set(pos.subarray(a + runStart, a + k).sort(cmp), a + runStart);
        } else stack.push(a + runStart, a + k, d + 8);
      }
      runStart = k;
    }
  }
}

/** Byte order of the strings at positions x and y from byte `d` on (a prefix first); 0 when they are equal. */
function compareFrom(x: number, y: number, d: number, bytes: Uint8Array, from: Int32Array, len: Int32Array): number {
  const lx = len[x], ly = len[y], n = lx < ly ? lx : ly;
  const sx = from[x], sy = from[y];
  for (let j = d; j < n; j++) {
    const c = bytes[sx + j] - bytes[sy + j];
    if (c !== 0) return c;
  }
  return lx - ly;
}

/**
 * `value op lit` for each row of a Utf8 column, on its bytes (no string is
 * decoded), with the expression language's rules (null rows give false);
 * undefined unless every byte of the column is ASCII, where byte order is
 * exactly `<`'s order (whatever the literal holds) and equal bytes mean equal strings.
 */
export function utf8Compare(op: string, col: Utf8Storage, lit: string): ((row: number) => boolean) | undefined {
  if (maxByte(col) >= 0x80) return undefined;
  const { bytes, offsets, validity } = col;
  const want = new TextEncoder().encode(lit), L = want.length;
  const order = (r: number) => {
    const s = offsets[r], len = offsets[r + 1] - s, n = len < L ? len : L;
    for (let j = 0; j < n; j++) {
      const d = bytes[s + j] - want[j];
      if (d !== 0) return d;
    }
    return len - L;
  };
  const valid = validity ? (r: number) => (validity[r >> 3] & (1 << (r & 7))) !== 0 : () => true;
  switch (op) {
    case "==":
      return (r) => offsets[r + 1] - offsets[r] === L && order(r) === 0 && valid(r);
    case "!=":
      return (r) => (offsets[r + 1] - offsets[r] !== L || order(r) !== 0) && valid(r);
    case "<":
      return (r) => order(r) < 0 && valid(r);
    case "<=":
      return (r) => order(r) <= 0 && valid(r);
    case ">":
      return (r) => order(r) > 0 && valid(r);
    case ">=":
      return (r) => order(r) >= 0 && valid(r);
  }
  return undefined;
}
