/**
 * One uniform, fast view of any Arquero column, whatever backs it: an Arrow
 * column (flechette), Arquero's dictionary wrapper, a typed array or a plain
 * array. Kernels (filter, sort, group, join) read typed arrays through it and
 * `gather` copies rows into a new Arrow-backed column of the same
 * type, so outputs stay typed and dictionary-encoded.
 *
 * Values as expressions see them: numbers; strings; booleans; Dates for Arrow
 * date and timestamp columns (whatever `useDate` was); int64 values as numbers
 * when they fit in ±2^53 and as BigInt beyond.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { arrowColumnOf } from "../table/arrow_table.ts";
import { fromArqueroDictionary, fromArrowColumn, isValidBit } from "./column_arrow.ts";
import { fromValues } from "./column_values.ts";
import type { Utf8Storage } from "./utf8_rank.ts";

export { arrowDictionaryColumn, arrowFixedColumn, hasNegative, isValidBit } from "./column_arrow.ts";

/** A typed array holding one number per row. */
export type NumberArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Uint8ClampedArray;

/** Row indices (into a table's data). */
export type RowIndex = Int32Array | Uint32Array | number[];

/** Numbers stored one per row: `values[row]` is the value when the row is valid. */
export interface NumericStorage {
  values: NumberArray;
  /** Arrow validity bitmap (bit set = valid), or null when no row is null. */
  validity: Uint8Array | null;
}

/** The raw storage of a fixed-width Arrow column (see {@link ColumnData.fixed}). */
export interface FixedStorage {
  type: flechette.DataType;
  values: NumberArray | BigInt64Array | BigUint64Array;
  validity: Uint8Array | null;
  /** A batch of the column, whose class arrowFixedColumn reuses (e.g. to keep Date values). */
  // deno-lint-ignore no-explicit-any
  proto: any;
}

/** A normalized column. */
export interface ColumnData {
  /** Total rows (the table's data length, before any filter). */
  length: number;
  nullCount: number;
  /** The value at a data row, or null. */
  get: (row: number) => unknown;
  /** Set when values are plain numbers stored one per row (no dates, no int64). */
  numeric?: NumericStorage;
  /** Set for 64-bit integers: the raw BigInt64Array/BigUint64Array and validity. */
  int64?: { values: BigInt64Array | BigUint64Array; validity: Uint8Array | null };
  /** Set for dates and timestamps: epoch milliseconds per row (NaN where null); computed once, do not modify. */
  epochMs?: () => Float64Array;
  /**
   * Set for every fixed-width Arrow column (numbers, int64, dates, timestamps):
   * the Arrow type, one raw value per row (date32 days, timestamp units…), the
   * validity bitmap (null when no row is null) and a batch to copy the class
   * of (see arrowFixedColumn). Lets kernels copy raw storage, never boxing values.
   */
  fixed?: FixedStorage;
  /** Set for plain (Utf8) string columns of one batch: the UTF-8 bytes, value `r` spanning `offsets[r]..offsets[r+1]`. */
  utf8?: Utf8Storage;
  /** Set for dictionary-encoded columns. `keys[row] === nullKey` marks null (nullKey is -1 when there are none). */
  dict?: { keys: NumberArray; dictionary: unknown[]; nullKey: number };
  /** A column of the same type holding `rows` in that order (a negative row gives null). */
  gather(rows: RowIndex): unknown;
}

const cache = new WeakMap<object, ColumnData>();

/**
 * The normalized view of `table`'s column `name`.
 * @throws {RangeError} when the table has no such column.
 */
export function columnData(table: Table, name: string): ColumnData {
  if (!table.columnNames().includes(name)) {
    throw new RangeError(`no column "${name}"; available: ${table.columnNames().join(", ")}`);
  }
  return columnDataOf(table.column(name) as unknown as object);
}

/** The normalized view of a column object (an Arrow column, an array, an Arquero column). */
export function columnDataOf(col: object): ColumnData {
  let data = cache.get(col);
  if (!data) {
    data = normalize(col);
    cache.set(col, data);
  }
  return data;
}

function normalize(col: object): ColumnData {
  // deno-lint-ignore no-explicit-any
  const c = col as any;
  if (c instanceof flechette.Column) return fromArrowColumn(c);
  const arrow = arrowColumnOf(c);
  if (arrow) return fromArrowColumn(arrow);
  if (ArrayBuffer.isView(c) && !(c instanceof DataView)) {
    return fromArrowColumn(flechette.columnFromArray(c as unknown as Float64Array));
  }
  if (typeof c.key === "function" && typeof c.groups === "function") return fromArqueroDictionary(c);
  if (Array.isArray(c)) return fromValues(c.length, (r) => c[r]);
  if (typeof c.at === "function" && typeof c.length === "number") return fromValues(c.length, (r) => c.at(r));
  throw new TypeError("unsupported column representation");
}

/** A fast test for null (or NaN) at a data row of `col`. */
export function nullTester(col: ColumnData): (r: number) => boolean {
  if (col.numeric) {
    const { values, validity } = col.numeric;
    return validity ? (r) => !isValidBit(validity, r) || values[r] !== values[r] : (r) => values[r] !== values[r];
  }
  if (col.int64) {
    const { validity } = col.int64;
    return validity ? (r) => !isValidBit(validity, r) : () => false;
  }
  if (col.dict) {
    const { keys, nullKey } = col.dict;
    return nullKey >= 0 ? (r) => keys[r] === nullKey : () => false;
  }
  if (col.epochMs) {
    const ms = col.epochMs();
    return (r) => ms[r] !== ms[r];
  }
  return (r) => {
    const v = col.get(r);
    return v === null || v === undefined || (typeof v === "number" && v !== v) || (v instanceof Date && Number.isNaN(v.getTime()));
  };
}
