/**
 * Wraps typed arrays into flechette (Arrow) columns and tables without
 * copying: one batch per column, validity bitmaps only where there are nulls.
 *
 * Value conventions (shared by every reader and writer in lib/table):
 * - dates are Arrow Date32 (days), read as JS `Date` at UTC midnight;
 * - timestamps are Arrow Timestamp(ms, "UTC"), read as JS `Date`;
 * - int64 columns read as JS numbers when every value is within ±(2^53−1),
 *   else as BigInt (see {@link needsBigInt}).
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { writtenArray } from "./shared_array.ts";
import { isUtf8Column, knowUtf8Values, utf8Values } from "./text_column.ts";
import { encodeUtf8Values } from "./utf8_strings.ts";

/** A flechette column of any type. */
export type ArrowColumn = flechette.Column<unknown>;
/** A flechette data type. */
export type ArrowType = flechette.DataType;

const NO_VALIDITY = new Uint8Array(0);

/** Options of flechette's batchType that pfw uses. */
export interface BatchClassOptions {
  useDate?: boolean;
  useBigInt?: boolean;
}

// deno-lint-ignore no-explicit-any
type BatchClass = new (options: any) => flechette.Batch<unknown>;
const dateClasses = new Map<string, BatchClass>();

/**
 * flechette's batch class for `type`. Asked for dates and timestamps read as
 * `Date`, flechette makes a new class at each call: a few µs, and code that
 * reads batches then sees a new shape each time. Those are made once here.
 */
export function batchClass(type: ArrowType, options: BatchClassOptions = {}): BatchClass {
  const t = type as { typeId: number; unit?: number };
  if (!options.useDate || (t.typeId !== flechette.Type.Date && t.typeId !== flechette.Type.Timestamp)) {
    return flechette.batchType(type, options) as BatchClass;
  }
  const key = `${t.typeId}:${t.unit}`;
  let Batch = dateClasses.get(key);
  if (!Batch) dateClasses.set(key, Batch = flechette.batchType(type, { useDate: true }) as BatchClass);
  return Batch;
}

/** Options of {@link makeColumn}. */
export interface MakeColumnOptions {
  /** Validity bitmap (bit set = valid); omit when there are no nulls. */
  validity?: Uint8Array;
  /** Number of nulls (0 when validity is omitted). */
  nullCount?: number;
  /** Read int64 values as BigInt instead of numbers. */
  useBigInt?: boolean;
  /** For variable-width types: the offsets buffer. */
  offsets?: Int32Array;
}

/** One-batch column over `values` (not copied; trimmed by view to `length`). */
export function makeColumn(
  type: ArrowType,
  values: flechette.TypedArray,
  length: number,
  options: MakeColumnOptions = {},
): ArrowColumn {
  const nullCount = options.nullCount ?? 0;
  const Batch = batchClass(type, { useDate: true, useBigInt: options.useBigInt ?? false });
  const batch = new Batch({
    length,
    nullCount,
    type,
    validity: nullCount > 0 && options.validity ? options.validity : NO_VALIDITY,
    values: options.offsets ? values : values.subarray(0, length),
    offsets: options.offsets,
  });
  return new flechette.Column([batch], type);
}

/** A Utf8 column over concatenated bytes and offsets (length offsets.length - 1). */
export function utf8Column(bytes: Uint8Array, offsets: Int32Array, options: MakeColumnOptions = {}): ArrowColumn {
  return makeColumn(flechette.utf8(), bytes, offsets.length - 1, { ...options, offsets });
}

/** A Utf8 column of `strings` (no nulls), encoded in bulk; it keeps the strings, so nothing decodes them again. */
export function utf8ColumnOf(strings: string[]): ArrowColumn {
  const { bytes, offsets } = encodeUtf8Values(strings);
  return knowUtf8Values(utf8Column(bytes, offsets), strings);
}

/**
 * The values column of a dictionary: Utf8 encoded in bulk when every value is
 * a string (see {@link utf8ColumnOf}), else whatever type flechette infers.
 */
export function dictionaryValuesColumn(values: unknown[]): ArrowColumn {
  for (const v of values) if (typeof v !== "string") return flechette.columnFromArray(values) as ArrowColumn;
  return utf8ColumnOf(values as string[]);
}

/**
 * A dictionary-encoded column: int32 `keys` into `dictionary` (a column of
 * the distinct values, usually {@link utf8Column} or {@link utf8ColumnOf}).
 */
export function dictionaryColumn(
  keys: Int32Array,
  length: number,
  dictionary: ArrowColumn,
  options: MakeColumnOptions = {},
): ArrowColumn {
  if (isUtf8Column(dictionary)) utf8Values(dictionary); // in bulk, before setDictionary asks flechette to decode them one by one
  const type = flechette.dictionary(dictionary.type, flechette.int32());
  const nullCount = options.nullCount ?? 0;
  const Batch = flechette.batchType(type);
  const batch = new Batch({
    length,
    nullCount,
    type,
    validity: nullCount > 0 && options.validity ? options.validity : NO_VALIDITY,
    values: keys.subarray(0, length),
  });
  batch.setDictionary(dictionary);
  return new flechette.Column([batch], type);
}

/** A validity bitmap of `length` rows with the listed rows cleared. */
export function validityFromNulls(nullRows: ArrayLike<number>, nullCount: number, length: number): Uint8Array {
  const v = new Uint8Array((length + 7) >> 3).fill(255);
  for (let i = 0; i < nullCount; i++) {
    const r = nullRows[i];
    v[r >> 3] &= ~(1 << (r & 7));
  }
  return v;
}

/** Whether bit `i` of a validity bitmap is set (an empty bitmap means all valid). */
export function isValidAt(validity: Uint8Array, i: number): boolean {
  return validity.length === 0 || (validity[i >> 3] & (1 << (i & 7))) !== 0;
}

/** Int64 values from whole doubles (each within ±2^53), without BigInt arithmetic. */
export function int64FromNumbers(values: ArrayLike<number>, length: number): BigInt64Array {
  const out = writtenArray(BigInt64Array, length);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    const hi = Math.floor(v / 4294967296);
    w[2 * i] = (v - hi * 4294967296) | 0;
    w[2 * i + 1] = hi;
  }
  return out;
}

/** Whether some int64 value lies outside ±(2^53−1), so the column must be read as BigInt. */
export function needsBigInt(values: BigInt64Array | BigUint64Array, length = values.length): boolean {
  const w = new Int32Array(values.buffer, values.byteOffset, length * 2);
  const unsigned = values instanceof BigUint64Array;
  for (let i = 0; i < length; i++) {
    const hi = w[2 * i + 1];
    // |v| < 2^53 - 2^32 for sure when -2^21 < hi < 2^21 - 1
    if (unsigned ? (hi >>> 0) >= 2097151 : (hi >= 2097151 || hi <= -2097152)) {
      const v = values[i];
      if (v > 9007199254740991n || v < -9007199254740991n) return true;
    }
  }
  return false;
}

/** A flechette table from named columns (all of the same length and batch layout). */
export function arrowTable(names: readonly string[], columns: readonly ArrowColumn[]): flechette.Table {
  const fields = names.map((name, i) => flechette.field(name, columns[i].type, true));
  const schema = { version: flechette.Version.V5, endianness: flechette.Endianness.Little, fields, metadata: null };
  return new flechette.Table(schema as unknown as flechette.Schema, columns as ArrowColumn[]);
}
