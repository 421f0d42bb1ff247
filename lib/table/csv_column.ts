/**
 * One column of the CSV reader while it parses: its inferred kind, typed
 * storage that grows with the rows, its nulls, and how it becomes an Arrow
 * column at the end.
 *
 * Integers: a whole-number column is parsed into Int32 while every value fits
 * (−2147483648..2147483647), then widens in place to doubles. At the end a
 * whole-number column beyond int32 becomes Int64: read as JS numbers when
 * every value is within ±(2^53−1), as BigInt (exact) when one is beyond.
 * Whole numbers beyond the int64 range make the column Float64.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { ByteDictionary } from "./byte_dictionary.ts";
import { sharedArray, writtenArray } from "./shared_array.ts";
import { type ArrowColumn, dictionaryColumn, int64FromNumbers, makeColumn, utf8Column, validityFromNulls } from "./arrow_build.ts";

/** Column types a user can ask for in `dtypes`. */
export type CsvColumnType = "int" | "float" | "string" | "bool" | "date" | "timestamp";

/** The column types accepted in `dtypes`, for validation. */
export const CSV_COLUMN_TYPES: readonly CsvColumnType[] = ["int", "float", "string", "bool", "date", "timestamp"];

/** Kind codes used by the parser's hot loop (the parser's switch uses the literals). */
export const K_UNKNOWN: number = 0, K_INT: number = 1, K_NUM: number = 2, K_STR: number = 3, K_BOOL: number = 4, K_DATE: number = 5, K_TS: number = 6,
  K_SKIP: number = 7, K_TEXT: number = 8;

/**
 * A string column whose distinct values pass this share of its rows (after
 * TEXT_CHECK_ROWS rows) is stored as plain Utf8 instead of a dictionary:
 * hashing and decoding a million unique values costs more than it saves.
 */
export const TEXT_SHARE = 0.5, TEXT_CHECK_ROWS = 65536;

const DAY_MS = 86_400_000;
const I64_MAX = 9223372036854775807n, I64_MIN = -9223372036854775808n;

/** A column being filled by the parser. Fields are public for the hot loop. */
export class CsvColumn {
  /** Current kind (K_*). */
  kind: number;
  /** Whole numbers only so far (K_NUM). */
  isInt = true;
  /** Int32 values (K_INT), dictionary keys (K_STR) or days (K_DATE). */
  i32: Int32Array = new Int32Array(0);
  /** Numbers (K_NUM) or milliseconds (K_TS). */
  f64: Float64Array = new Float64Array(0);
  /** 0/1 (K_BOOL). */
  u8: Uint8Array = new Uint8Array(0);
  /** Distinct strings (K_STR). */
  dict: ByteDictionary;
  /** Rows that are null (first nullCount entries, ascending). */
  nullRows: Int32Array = new Int32Array(16);
  /** Number of nulls. */
  nullCount = 0;
  /** Exact values of whole numbers beyond ±2^53, by row. */
  big: Map<number, bigint> | null = null;
  /** Plain strings (K_TEXT): row r is text[offsets[r]..offsets[r+1]). */
  text: Uint8Array = new Uint8Array(0);
  /** Bytes used in {@link text}. */
  textLen = 0;
  /** Row offsets into {@link text} (K_TEXT), length cap + 1. */
  offsets: Int32Array = new Int32Array(1);
  #cap = 0;
  #nullValues: Uint8Array[];
  #nullMax = 0;

  /**
   * `fixed` is the user's dtype (no inference, no promotion);
   * `nullValues` are the byte strings read as null.
   */
  constructor(readonly name: string, kind: number, readonly fixed: CsvColumnType | undefined, nullValues: Uint8Array[]) {
    this.kind = kind;
    this.dict = new ByteDictionary(nullValues);
    this.#nullValues = nullValues;
    for (const v of nullValues) this.#nullMax = Math.max(this.#nullMax, v.length);
  }

  /** Sets the kind of a column whose rows so far are all null, allocating its storage. */
  setKind(kind: number): void {
    this.kind = kind;
    this.#alloc(this.#cap, 0);
  }

  /** Grows storage to `cap` rows, keeping the first `rows`. */
  grow(cap: number, rows: number): void {
    const old = this.#cap;
    this.#cap = cap;
    this.#alloc(cap, rows);
    if (this.kind === K_TEXT && rows > 0 && old > 0) {
      const want = Math.ceil((this.textLen / rows) * cap * 1.1);
      if (want > this.text.length) this.text = resized(this.text, sharedArray(Uint8Array, want), this.textLen);
    }
  }

  #alloc(cap: number, keep: number): void {
    const k = this.kind;
    if (k === K_INT || k === K_STR || k === K_DATE) this.i32 = resized(this.i32, sharedArray(Int32Array, cap), keep);
    else if (k === K_NUM || k === K_TS) this.f64 = resized(this.f64, sharedArray(Float64Array, cap), keep);
    else if (k === K_BOOL) this.u8 = resized(this.u8, new Uint8Array(cap), keep);
    else if (k === K_TEXT) this.offsets = resized(this.offsets, sharedArray(Int32Array, cap + 1), keep + 1);
  }

  /** Appends the string `src[s..e)` (or a null, if it is a null value) as row `row` of a K_TEXT column. */
  appendText(src: Uint8Array, s: number, e: number, row: number): void {
    const n = e - s;
    if (n === 0 || (n <= this.#nullMax && this.#isNullValue(src, s, e))) {
      this.setNull(row);
    } else {
      if (this.textLen + n > this.text.length) this.text = resized(this.text, sharedArray(Uint8Array, Math.max(this.text.length * 2, this.textLen + n, 1 << 16)), this.textLen);
      const text = this.text;
      let at = this.textLen;
      for (let i = s; i < e; i++) text[at++] = src[i];
      this.textLen = at;
    }
    this.offsets[row + 1] = this.textLen;
  }

  #isNullValue(src: Uint8Array, s: number, e: number): boolean {
    outer: for (const v of this.#nullValues) {
      if (v.length !== e - s) continue;
      for (let j = 0; j < v.length; j++) if (v[j] !== src[s + j]) continue outer;
      return true;
    }
    return false;
  }

  /** Whether this dictionary column has enough distinct values to store plain strings instead. */
  wantsText(rows: number): boolean {
    return this.kind === K_STR && rows >= TEXT_CHECK_ROWS && this.dict.size > rows * TEXT_SHARE;
  }

  /** Turns a dictionary column (K_STR) of `rows` rows into plain strings (K_TEXT). */
  toText(rows: number): void {
    const { bytes, offsets: dictOffsets } = this.dict.finish();
    const keys = this.i32;
    this.kind = K_TEXT;
    this.offsets = sharedArray(Int32Array, this.#cap + 1);
    this.text = sharedArray(Uint8Array, Math.max(1 << 16, Math.ceil(bytes.length * 1.5)));
    this.textLen = 0;
    let k = 0; // walks the ascending null rows
    for (let r = 0; r < rows; r++) {
      if (k < this.nullCount && this.nullRows[k] === r) k++;
      else this.appendText(bytes, dictOffsets[keys[r]], dictOffsets[keys[r] + 1], r);
      this.offsets[r + 1] = this.textLen;
    }
    this.i32 = new Int32Array(0);
    this.dict = new ByteDictionary();
    // room for the expected rows at the bytes per row so far: growing by doubling touches far more memory
    const want = Math.ceil((this.textLen / Math.max(1, rows)) * this.#cap * 1.1);
    if (want > this.text.length) this.text = resized(this.text, sharedArray(Uint8Array, want), this.textLen);
  }

  /** Int32 → doubles (K_INT → K_NUM) or days → milliseconds (K_DATE → K_TS), keeping `rows`. */
  widen(rows: number): void {
    const f = sharedArray(Float64Array, this.#cap);
    const src = this.i32;
    const scale = this.kind === K_DATE ? DAY_MS : 1;
    for (let i = 0; i < rows; i++) f[i] = src[i] * scale;
    this.f64 = f;
    this.i32 = new Int32Array(0);
    this.kind = this.kind === K_DATE ? K_TS : K_NUM;
  }

  /** Marks `row` null (for K_TEXT, also its empty offset span). */
  setNull(row: number): void {
    if (this.kind === K_TEXT) this.offsets[row + 1] = this.textLen;
    if (this.nullCount === this.nullRows.length) this.nullRows = resized(this.nullRows, new Int32Array(this.nullCount * 2), this.nullCount);
    this.nullRows[this.nullCount++] = row;
  }

  /** Forgets what was stored for rows ≥ `row` (a record cut at the end of a read window). */
  rollback(row: number): void {
    while (this.nullCount > 0 && this.nullRows[this.nullCount - 1] >= row) this.nullCount--;
    this.big?.delete(row);
    if (this.kind === K_TEXT) this.textLen = this.offsets[row];
  }

  /** Records an exact whole number beyond ±2^53 at `row` (K_NUM). */
  setBig(row: number, value: bigint): void {
    (this.big ??= new Map()).set(row, value);
    this.f64[row] = Number(value);
  }

  /** The finished Arrow column of `length` rows. */
  finish(length: number): ArrowColumn {
    const nullCount = this.nullCount;
    const opts = { validity: nullCount ? validityFromNulls(this.nullRows, nullCount, length) : undefined, nullCount };
    switch (this.kind) {
      case K_INT:
        return this.fixed === "float" ? makeColumn(flechette.float64(), Float64Array.from(this.i32.subarray(0, length)), length, opts) : makeColumn(flechette.int32(), this.i32, length, opts);
      case K_NUM:
        return this.fixed === "float" || !this.isInt ? makeColumn(flechette.float64(), this.f64, length, opts) : this.#wholeColumn(length, opts);
      case K_BOOL: {
        const bits = new Uint8Array((length + 7) >> 3);
        const u8 = this.u8;
        for (let i = 0; i < length; i++) if (u8[i]) bits[i >> 3] |= 1 << (i & 7);
        return makeColumn(flechette.bool(), bits, length, opts);
      }
      case K_DATE:
        return makeColumn(flechette.dateDay(), this.i32, length, opts);
      case K_TS:
        return makeColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND, "UTC"), int64FromNumbers(this.f64, length), length, opts);
      case K_STR: {
        const { bytes, offsets } = this.dict.finish();
        return dictionaryColumn(this.i32, length, utf8Column(bytes, offsets), opts);
      }
      case K_TEXT:
        return utf8Column(this.text.subarray(0, this.textLen), this.offsets.subarray(0, length + 1), opts);
      default: {
        // every value null: an all-null string column
        const all = Int32Array.from({ length }, (_, i) => i);
        const { bytes, offsets } = this.dict.finish();
        return dictionaryColumn(new Int32Array(length), length, utf8Column(bytes, offsets), { nullCount: length, validity: validityFromNulls(all, length, length) });
      }
    }
  }

  #wholeColumn(length: number, opts: { validity?: Uint8Array; nullCount: number }): ArrowColumn {
    const f = this.f64;
    let min = 0, max = 0; // nulls hold 0, which fits every range
    for (let i = 0; i < length; i++) {
      const v = f[i];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    if (min >= -2147483648 && max <= 2147483647) return makeColumn(flechette.int32(), int32FromNumbers(f, length), length, opts);
    if (!this.big) return makeColumn(flechette.int64(), int64FromNumbers(f, length), length, opts);
    for (const v of this.big.values()) {
      if (v > I64_MAX || v < I64_MIN) return makeColumn(flechette.float64(), f, length, opts);
    }
    const out = int64FromNumbers(f, length);
    for (const [row, v] of this.big) out[row] = v;
    return makeColumn(flechette.int64(), out, length, { ...opts, useBigInt: true });
  }
}

function int32FromNumbers(f: Float64Array, length: number): Int32Array {
  const out = writtenArray(Int32Array, length);
  for (let i = 0; i < length; i++) out[i] = f[i];
  return out;
}

function resized<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T, keep: number): T {
  if (keep) to.set(from.subarray(0, keep) as never);
  return to;
}
