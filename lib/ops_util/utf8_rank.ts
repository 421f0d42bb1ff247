/**
 * Ranks the strings of an Arrow Utf8 column by their bytes, never making JS
 * strings: a radix sort on the first 8 bytes of each value, then the runs
 * that tie on them by the next 8 (radix again for long runs, a quicksort of
 * those 8 bytes read into two words for short ones), marking equal
 * neighbours as it goes. 300,000 e-mail addresses: ~40 ms, against ~500 ms
 * for sorting them as JS strings (measured in Deno); 500,000 people's names,
 * whose first 8 bytes tie in runs of hundreds: 97–141 ms, against 235–260 ms
 * when those runs were sorted by comparing their bytes.
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

/** Runs at least this long are radix-sorted on their next 8 bytes; shorter ones by a quicksort of those bytes. */
const RADIX_RUN = 2048;
/** Partitions this short are finished by insertion. */
const INSERTION = 12;

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
  // fresh[k]: the k-th string in order differs from the one before it (set by the sort as it goes)
  const fresh = new Uint8Array(m);
  if (m > 0) fresh[0] = 1;
  sortRange(pos, fresh, 0, m, 0, bytes, from, len);
  let rank = -1;
  for (let k = 0; k < m; k++) {
    if (fresh[k]) rank++;
    ranks[pos[k]] = rank;
  }
  return ranks;
}

/**
 * Sorts `pos[lo..hi)`, whose strings are equal in their first `depth` bytes:
 * by their next 8 bytes (read once per string into two words, so that the
 * sort compares numbers, not bytes scattered over the column), then each run
 * that ties on them 8 bytes further, until the strings end. Marks in `fresh`
 * each place where a string differs from the one before it.
 */
function sortRange(pos: Int32Array, fresh: Uint8Array, lo: number, hi: number, depth: number, bytes: Uint8Array, from: Int32Array, len: Int32Array): void {
  const stack: number[] = [lo, hi, depth];
  let hiW = new Uint32Array(64), loW = new Uint32Array(64);
  while (stack.length) {
    const d = stack.pop()!, b = stack.pop()!, a = stack.pop()!;
    const size = b - a;
    if (size < 2) continue;
    if (hiW.length < size) {
      hiW = new Uint32Array(size);
      loW = new Uint32Array(size);
    }
    // 8 bytes from d, big-endian in two words (0 past the end; the length breaks such ties)
    let ended = 0;
    for (let k = 0; k < size; k++) {
      const i = pos[a + k], s = from[i] + d, l = len[i] - d;
      let h = 0, w = 0;
      if (l >= 8) {
        h = (bytes[s] << 24) | (bytes[s + 1] << 16) | (bytes[s + 2] << 8) | bytes[s + 3];
        w = (bytes[s + 4] << 24) | (bytes[s + 5] << 16) | (bytes[s + 6] << 8) | bytes[s + 7];
      } else {
        for (let j = 0; j < 4; j++) h = (h << 8) | (j < l ? bytes[s + j] : 0);
        for (let j = 4; j < 8; j++) w = (w << 8) | (j < l ? bytes[s + j] : 0);
      }
      hiW[k] = h >>> 0;
      loW[k] = w >>> 0;
      if (l <= 8) ended++;
    }
    let sh: Uint32Array, sl: Uint32Array;
    if (size >= RADIX_RUN) {
      const sorted = radixSortKeyed({ hi: hiW.slice(0, size), lo: loW.slice(0, size), nulls: null }, pos.slice(a, b));
      pos.set(sorted.perm, a);
      sh = sorted.hi!;
      sl = sorted.lo;
    } else {
      const part = pos.subarray(a, b);
      sortByWords(part, hiW, loW, 0, size - 1);
      sh = hiW;
      sl = loW;
    }
    // runs of equal words: go on 8 bytes further (values that ended tie on trailing zero bytes: by length)
    let runStart = 0;
    for (let k = 1; k <= size; k++) {
      if (k < size && sh[k] === sh[runStart] && sl[k] === sl[runStart]) continue;
      if (k < size) fresh[a + k] = 1;
      if (k - runStart > 1) {
        if (ended === size) {
          const cmp = (x: number, y: number) => len[x] - len[y] || x - y;
          pos.set(pos.subarray(a + runStart, a + k).sort(cmp), a + runStart);
          for (let j = a + runStart + 1; j < a + k; j++) if (len[pos[j]] !== len[pos[j - 1]]) fresh[j] = 1;
        } else stack.push(a + runStart, a + k, d + 8);
      }
      runStart = k;
    }
  }
}

/** Sorts p[lo..hi] (inclusive) by the words (h, l) that travel with it: a quicksort, insertion for short parts. */
function sortByWords(p: Int32Array, h: Uint32Array, l: Uint32Array, lo: number, hi: number): void {
  while (hi - lo > INSERTION) {
    // median of three as the pivot, then Hoare's partition
    const mid = (lo + hi) >>> 1;
    if (less(h, l, mid, lo)) swap(p, h, l, mid, lo);
    if (less(h, l, hi, lo)) swap(p, h, l, hi, lo);
    if (less(h, l, hi, mid)) swap(p, h, l, hi, mid);
    const ph = h[mid], pl = l[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (h[i] < ph || (h[i] === ph && l[i] < pl)) i++;
      while (h[j] > ph || (h[j] === ph && l[j] > pl)) j--;
      if (i <= j) swap(p, h, l, i++, j--);
    }
    // the smaller side by recursion, the larger by looping
    if (j - lo < hi - i) {
      sortByWords(p, h, l, lo, j);
      lo = i;
    } else {
      sortByWords(p, h, l, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const vp = p[i], vh = h[i], vl = l[i];
    let j = i - 1;
    while (j >= lo && (h[j] > vh || (h[j] === vh && l[j] > vl))) {
      p[j + 1] = p[j];
      h[j + 1] = h[j];
      l[j + 1] = l[j];
      j--;
    }
    p[j + 1] = vp;
    h[j + 1] = vh;
    l[j + 1] = vl;
  }
}

function less(h: Uint32Array, l: Uint32Array, x: number, y: number): boolean {
  return h[x] < h[y] || (h[x] === h[y] && l[x] < l[y]);
}

function swap(p: Int32Array, h: Uint32Array, l: Uint32Array, x: number, y: number): void {
  const tp = p[x], th = h[x], tl = l[x];
  p[x] = p[y];
  h[x] = h[y];
  l[x] = l[y];
  p[y] = tp;
  h[y] = th;
  l[y] = tl;
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
