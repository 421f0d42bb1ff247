/**
 * Arrow (flechette) columns seen through {@link ColumnData}: fixed-width
 * numbers, dates and int64 by their raw buffers, dictionaries by their keys;
 * gathering rows builds new single-batch Arrow columns of the same type.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { normalizeBigInt } from "../expr/values.ts";
import type { ColumnData, NumberArray, RowIndex } from "./column_data.ts";
import { fromValues } from "./column_values.ts";
import { takeInto } from "./take.ts";
import { dictionaryValuesColumn } from "../table/arrow_build.ts";
import { gatherUtf8, isUtf8Column, utf8Values } from "../table/text_column.ts";
import { type TypedArrayConstructor, writtenArray } from "../table/shared_array.ts";

/** Tests bit `i` of an Arrow validity bitmap. */
export function isValidBit(validity: Uint8Array, i: number): boolean {
  return (validity[i >> 3] & (1 << (i & 7))) !== 0;
}

/** True when some row index is negative (such rows gather as null). */
export function hasNegative(rows: RowIndex): boolean {
  for (let i = 0; i < rows.length; i++) if (rows[i] < 0) return true;
  return false;
}

type AnyBatch = flechette.Batch<unknown> & {
  values: ArrayLike<unknown> & { subarray?: unknown };
  validity: Uint8Array;
  source?: AnyBatch;
  cache?: unknown[];
  dictionary?: flechette.Column<unknown>;
};

const FIXED_TYPES = new Set<number>([flechette.Type.Int, flechette.Type.Float, flechette.Type.Date, flechette.Type.Timestamp]);

/** The view of an Arrow column. */
export function fromArrowColumn(column: flechette.Column<unknown>): ColumnData {
  const batches = column.data as unknown as AnyBatch[];
  const type = column.type as flechette.DataType & { typeId: number };
  if (batches.length === 0) return fromValues(0, () => null);
  if (type.typeId === flechette.Type.Dictionary) return fromArrowDictionary(column, batches);
  const first = batches[0];
  const raw = first.source ?? first;
  const fixed = FIXED_TYPES.has(type.typeId) && ArrayBuffer.isView(raw.values) &&
    !(type.typeId === flechette.Type.Float && (type as { precision?: number }).precision === 0);
  if (!fixed && isUtf8Column(column)) return utf8Column(column);
  if (!fixed) {
    return { ...fromValues(column.length, (r) => column.at(r)), gather: (rows) => gatherGeneric(column, rows) };
  }
  const flat = flattenFixed(batches, column.length);
  return fixedColumn(type, flat.values, flat.validity, column.nullCount, raw);
}

/** The view of a plain string column: its bytes, and its strings decoded once, in bulk, when first read; gathers copy bytes. */
function utf8Column(column: flechette.Column<unknown>): ColumnData {
  let values: (string | null)[] | undefined; // decoded on the first get (a sort by bytes never needs them)
  const batches = column.data as unknown as AnyBatch[];
  const b = batches.length === 1 ? batches[0] : undefined;
  return {
    length: column.length,
    nullCount: column.nullCount,
    get: (r) => (values ??= utf8Values(column))[r],
    gather: (rows) => gatherUtf8(column, rows),
    utf8: b ? { bytes: b.values as Uint8Array, offsets: b.offsets as Int32Array, validity: b.nullCount ? b.validity as Uint8Array : null } : undefined,
  };
}

/** Concatenates the raw values and validity bits of fixed-width batches. */
function flattenFixed(batches: AnyBatch[], length: number): { values: ArrayLike<unknown>; validity: Uint8Array | null } {
  const raws = batches.map((b) => b.source ?? b);
  const nulls = batches.some((b) => b.nullCount > 0);
  if (raws.length === 1) {
    const b = raws[0];
    const values = (b.values as unknown as NumberArray).subarray(0, b.length);
    return { values, validity: nulls ? b.validity : null };
  }
  const Ctor = (raws[0].values as unknown as NumberArray).constructor as new (n: number) => NumberArray;
  const values = new Ctor(length);
  const validity = nulls ? new Uint8Array((length + 7) >> 3) : null;
  let offset = 0;
  for (const b of raws) {
    values.set((b.values as unknown as NumberArray).subarray(0, b.length) as never, offset);
    if (validity) {
      for (let i = 0; i < b.length; i++) {
        if (b.nullCount === 0 || isValidBit(b.validity, i)) validity[(offset + i) >> 3] |= 1 << ((offset + i) & 7);
      }
    }
    offset += b.length;
  }
  return { values, validity };
}

/** Builds the view of fixed-width Arrow data with one raw value per row. */
function fixedColumn(
  type: flechette.DataType & { typeId: number },
  values: ArrayLike<unknown>,
  validity: Uint8Array | null,
  nullCount: number,
  proto: AnyBatch,
): ColumnData {
  const length = values.length;
  const t = type as { typeId: number; unit?: number; bitWidth?: number };
  const valid = validity && nullCount > 0 ? validity : null;
  const withNulls = <T>(f: (r: number) => T) => valid ? (r: number) => (isValidBit(valid, r) ? f(r) : null) : f;
  const gather = (rows: RowIndex) => gatherFixed(type, values as NumberArray, valid, rows, proto);
  const fixed = { type, values: values as NumberArray, validity: valid, proto };
  const base = { length, nullCount: valid ? nullCount : 0, gather, fixed };

  if (t.typeId === flechette.Type.Date || t.typeId === flechette.Type.Timestamp) {
    const toMs = epochDecoder(t, values);
    let ms: Float64Array | undefined;
    const epochMs = () => {
      if (ms) return ms;
      ms = new Float64Array(length);
      for (let i = 0; i < length; i++) ms[i] = valid && !isValidBit(valid, i) ? NaN : toMs(i);
      return ms;
    };
    return { ...base, get: withNulls((r) => new Date(toMs(r))), epochMs };
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return { ...base, get: withNulls((r) => normalizeBigInt(values[r])), int64: { values, validity: valid } };
  }
  const nums = values as NumberArray;
  return { ...base, get: withNulls((r) => nums[r]), numeric: { values: nums, validity: valid } };
}

function epochDecoder(t: { typeId: number; unit?: number }, values: ArrayLike<unknown>): (r: number) => number {
  const v = values as ArrayLike<number> & ArrayLike<bigint>;
  if (t.typeId === flechette.Type.Date) {
    return t.unit === flechette.DateUnit.DAY ? (r) => 86400000 * (v[r] as number) : (r) => Number(v[r]);
  }
  switch (t.unit) {
    case flechette.TimeUnit.SECOND:
      return (r) => Number(v[r]) * 1000;
    case flechette.TimeUnit.MILLISECOND:
      return (r) => Number(v[r]);
    case flechette.TimeUnit.MICROSECOND:
      return (r) => Number(v[r]) / 1000;
    default:
      return (r) => Number(v[r]) / 1e6;
  }
}

function gatherFixed(
  type: flechette.DataType,
  values: NumberArray,
  validity: Uint8Array | null,
  rows: RowIndex,
  proto: AnyBatch,
): flechette.Column<unknown> {
  const n = rows.length;
  const out = writtenArray(values.constructor as TypedArrayConstructor<NumberArray>, n);
  let outValidity: Uint8Array | null = null;
  let nullCount = 0;
  if (validity || hasNegative(rows)) {
    outValidity = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r >= 0 && (!validity || validity[r >> 3] & (1 << (r & 7)))) {
        out[i] = values[r];
        outValidity[i >> 3] |= 1 << (i & 7);
      } else nullCount++;
    }
  } else {
    takeInto(out, values, rows);
  }
  return arrowFixedColumn(type, out, nullCount ? outValidity : null, nullCount, proto);
}

/**
 * A single-batch Arrow column over `values` (one raw value per row) with the
 * batch class flechette would use for `type` (or `proto`'s, to keep e.g. Date objects).
 */
export function arrowFixedColumn(
  type: flechette.DataType,
  values: ArrayLike<unknown>,
  validity: Uint8Array | null,
  nullCount: number,
  proto?: AnyBatch,
): flechette.Column<unknown> {
  const options = { length: values.length, nullCount, type, validity: validity ?? new Uint8Array(0), values };
  // deno-lint-ignore no-explicit-any
  type Ctor = new (o: any) => flechette.Batch<unknown>;
  let batch: flechette.Batch<unknown>;
  if (proto?.source) {
    const inner = new (proto.source.constructor as Ctor)(options);
    batch = new (proto.constructor as Ctor)(inner);
  } else {
    const BatchClass = (proto?.constructor ?? flechette.batchType(type)) as Ctor;
    batch = new BatchClass(options);
  }
  return new flechette.Column([batch]);
}

// ----------------------------------------------------------- dictionaries ----

function fromArrowDictionary(column: flechette.Column<unknown>, batches: AnyBatch[]): ColumnData {
  const last = batches[batches.length - 1];
  const dictionary = (last.cache ?? last.dictionary!.toArray()) as unknown[];
  const length = column.length;
  const size = dictionary.length;
  const nullKey = column.nullCount ? size : -1;
  let keys: NumberArray;
  if (batches.length === 1 && !column.nullCount) {
    keys = (batches[0].values as unknown as NumberArray).subarray(0, length);
  } else {
    keys = new Int32Array(length);
    let o = 0;
    for (const b of batches) {
      const v = b.values as unknown as NumberArray;
      for (let i = 0; i < b.length; i++) keys[o + i] = b.nullCount && !isValidBit(b.validity, i) ? size : v[i];
      o += b.length;
    }
  }
  return dictColumn(keys, dictionary, nullKey, column.nullCount, dictionaryArrowColumn(last.dictionary!, dictionary));
}

/** The view of Arquero's wrapper around an Arrow dictionary column (when the Arrow column is not known). */
// deno-lint-ignore no-explicit-any
export function fromArqueroDictionary(c: any): ColumnData {
  const g = c.groups([]);
  const nullCount: number = c.nullCount ?? 0;
  const size: number = g.size - (nullCount ? 1 : 0);
  const dictionary = new Array(size);
  for (let k = 0; k < size; k++) dictionary[k] = g.get[0](k);
  let keys = g.keys;
  if (nullCount) {
    // Arquero 8.0.3 misplaces nulls in the keys of multi-batch Arrow columns; the
    // column's own iterator is right, so rebuild the keys from it.
    const index = new Map<unknown, number>();
    dictionary.forEach((v, k) => index.set(v, k));
    keys = new Int32Array(c.length);
    let r = 0;
    for (const v of c as Iterable<unknown>) keys[r++] = v === null || v === undefined ? size : index.get(v) ?? size;
  }
  return dictColumn(keys, dictionary, nullCount ? size : -1, nullCount, undefined);
}

const dictColumns = new WeakMap<unknown[], flechette.Column<unknown>>();

function dictionaryArrowColumn(column: flechette.Column<unknown> | undefined, dictionary: unknown[]): flechette.Column<unknown> {
  if (column) return column;
  let c = dictColumns.get(dictionary);
  if (!c) {
    c = dictionaryValuesColumn(dictionary);
    dictColumns.set(dictionary, c);
  }
  return c;
}

function dictColumn(
  keys: NumberArray,
  dictionary: unknown[],
  nullKey: number,
  nullCount: number,
  arrowDictionary: flechette.Column<unknown> | undefined,
): ColumnData {
  const length = keys.length;
  const get = nullKey >= 0 ? (r: number) => (keys[r] === nullKey ? null : dictionary[keys[r]]) : (r: number) => dictionary[keys[r]];
  return {
    length,
    nullCount,
    get,
    dict: { keys, dictionary, nullKey },
    gather(rows) {
      const n = rows.length;
      const out = writtenArray(Int32Array, n);
      let validity: Uint8Array | null = null;
      let nulls = 0;
      if (nullKey >= 0 || hasNegative(rows)) {
        validity = new Uint8Array((n + 7) >> 3);
        for (let i = 0; i < n; i++) {
          const r = rows[i];
          const k = r < 0 ? nullKey : keys[r];
          if (r < 0 || k === nullKey) nulls++;
          else {
            out[i] = k;
            validity[i >> 3] |= 1 << (i & 7);
          }
        }
      } else {
        for (let i = 0; i < n; i++) out[i] = keys[rows[i]];
      }
      return arrowDictionaryColumn(out, nulls ? validity : null, nulls, dictionaryArrowColumn(arrowDictionary, dictionary));
    },
  };
}

/** A single-batch Arrow dictionary column: int32 `keys` into `dictionary` (an Arrow column of values). */
export function arrowDictionaryColumn(
  keys: Int32Array,
  validity: Uint8Array | null,
  nullCount: number,
  dictionary: flechette.Column<unknown>,
): flechette.Column<unknown> {
  const type = flechette.dictionary(dictionary.type, flechette.int32());
  // deno-lint-ignore no-explicit-any
  const Batch = flechette.batchType(type) as any;
  const batch = new Batch({ length: keys.length, nullCount, type, validity: validity ?? new Uint8Array(0), values: keys });
  batch.setDictionary(dictionary);
  return new flechette.Column([batch]);
}

function gatherGeneric(column: flechette.Column<unknown>, rows: RowIndex): unknown[] {
  const out = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i] < 0 ? null : column.at(rows[i]);
  return out;
}
