/**
 * Plain (not dictionary-encoded) Arrow string columns as JS strings. Arrow
 * keeps such a column as UTF-8 bytes, and flechette decodes a value each
 * time it is read: Arquero's sort compares the same rows many times, so a
 * 300,000-row column of e-mail addresses took 15 s to sort in Deno. Here the
 * whole column is decoded once, in bulk (utf8_strings.ts), the first time
 * anything reads it; writers and thread transfers keep using the bytes.
 *
 * The strings live in the flechette column's own value cache (`_cache`, the
 * array its `cache()` returns; flechette is pinned and a test checks this),
 * so every view of the same column shares them.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { type ArrowColumn, makeColumn, validityFromNulls } from "./arrow_build.ts";
import { writtenArray } from "./shared_array.ts";
import { decodeUtf8Values, encodeUtf8Values } from "./utf8_strings.ts";

type Cached = { _cache?: unknown[] };
// deno-lint-ignore no-explicit-any
type AnyBatch = any;

/** Whether an Arrow column holds plain strings with 32-bit offsets (Utf8). */
export function isUtf8Column(col: ArrowColumn): boolean {
  return (col.type as { typeId: number }).typeId === flechette.Type.Utf8;
}

/**
 * Every value of a Utf8 column, null where the row is null; decoded once per
 * column, then shared. Do not modify the array.
 */
export function utf8Values(col: ArrowColumn): (string | null)[] {
  const c = col as unknown as Cached;
  if (c._cache) return c._cache as (string | null)[];
  const batches = col.data as AnyBatch[];
  let out: (string | null)[];
  if (batches.length === 1) out = batchValues(batches[0]);
  else {
    out = new Array(col.length);
    let at = 0;
    for (const b of batches) {
      const part = batchValues(b);
      for (let i = 0; i < part.length; i++) out[at + i] = part[i];
      at += part.length;
    }
  }
  c._cache = out;
  return out;
}

/** Gives a Utf8 column the strings it holds (when they are known already), so nothing decodes them. */
export function knowUtf8Values(col: ArrowColumn, values: (string | null)[]): ArrowColumn {
  (col as unknown as Cached)._cache = values;
  return col;
}

/**
 * Rows `rows` of a Utf8 column (a negative row gives null) as a new one-batch
 * Utf8 column in shared memory. It knows its strings when the source knew them.
 */
export function gatherUtf8(col: ArrowColumn, rows: ArrayLike<number>): ArrowColumn {
  const n = rows.length;
  const known = (col as unknown as Cached)._cache as (string | null)[] | undefined;
  const batches = col.data as AnyBatch[];
  const b = batches[0];
  let out: ArrowColumn;
  if (batches.length !== 1) {
    const all = utf8Values(col);
    const picked = Array.from({ length: n }, (_, i) => rows[i] < 0 ? null : all[rows[i]]);
    const { bytes, offsets } = encodeUtf8Values(picked.map((v) => v ?? ""));
    const nullRows = picked.flatMap((v, i) => (v === null ? [i] : []));
    const nulls = nullRows.length ? { nullCount: nullRows.length, validity: validityFromNulls(nullRows, nullRows.length, n) } : {};
    out = makeColumn(flechette.utf8(), bytes, n, { offsets, ...nulls });
    return knowUtf8Values(out, picked);
  }
  const so = b.offsets as Int32Array, sv = b.values as Uint8Array, validity = b.nullCount ? b.validity as Uint8Array : null;
  const valid = (r: number) => r >= 0 && (!validity || (validity[r >> 3] & (1 << (r & 7))) !== 0);
  let total = 0, nulls = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (valid(r)) total += so[r + 1] - so[r];
    else nulls++;
  }
  const bytes = writtenArray(Uint8Array, total);
  const offsets = writtenArray(Int32Array, n + 1);
  const outValidity = nulls ? new Uint8Array((n + 7) >> 3) : undefined;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (valid(r)) {
      const s = so[r], e = so[r + 1];
      if (e - s > 32) bytes.set(sv.subarray(s, e), at);
      else for (let j = 0; j < e - s; j++) bytes[at + j] = sv[s + j];
      at += e - s;
      if (outValidity) outValidity[i >> 3] |= 1 << (i & 7);
    }
    offsets[i + 1] = at;
  }
  out = makeColumn(flechette.utf8(), bytes, n, { offsets, nullCount: nulls, validity: outValidity });
  if (known) {
    const picked = new Array<string | null>(n);
    for (let i = 0; i < n; i++) picked[i] = rows[i] < 0 ? null : known[rows[i]];
    knowUtf8Values(out, picked);
  }
  return out;
}

function batchValues(b: AnyBatch): (string | null)[] {
  const out: (string | null)[] = decodeUtf8Values(b.values as Uint8Array, b.offsets as Int32Array, 0, b.length);
  if (b.nullCount) {
    const v = b.validity as Uint8Array;
    for (let i = 0; i < b.length; i++) if ((v[i >> 3] & (1 << (i & 7))) === 0) out[i] = null;
  }
  return out;
}

/**
 * An Arquero column over a Utf8 Arrow column: reads the strings decoded in
 * bulk (see {@link utf8Values}) instead of decoding a value per read.
 */
export class TextColumn {
  /** Rows. */
  readonly length: number;
  /** Null rows. */
  readonly nullCount: number;
  #arrow: ArrowColumn;
  #values: (string | null)[] | undefined;

  /** Wraps `arrow` (a Utf8 column); nothing is decoded before the first read. */
  constructor(arrow: ArrowColumn) {
    this.#arrow = arrow;
    this.length = arrow.length;
    this.nullCount = arrow.nullCount;
  }

  /** The value at `row`, or null. */
  at(row: number): string | null {
    return (this.#values ??= utf8Values(this.#arrow))[row];
  }

  /** A copy of every value. */
  toArray(): (string | null)[] {
    return (this.#values ??= utf8Values(this.#arrow)).slice();
  }

  /** The values in row order. */
  [Symbol.iterator](): Iterator<string | null> {
    return (this.#values ??= utf8Values(this.#arrow))[Symbol.iterator]();
  }
}
