/**
 * Building output tables: from named columns (Arrow columns, typed arrays or
 * plain arrays), from gathered rows, and from JS values computed by
 * expressions. Outputs are Arrow-backed wherever the type allows it, so they
 * stay fast for the next operation and cheap to move between threads.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { arrowTable, dictionaryValuesColumn } from "../table/arrow_build.ts";
import { arrowFromValues } from "../table/arrow_from_values.ts";
import { arrowColumnOf, toArquero } from "../table/arrow_table.ts";
import { rowIndex } from "../table/table_view.ts";
import { arrowDictionaryColumn, arrowFixedColumn, columnData, type RowIndex } from "./column_data.ts";

/** A column as it may be handed to {@link makeTable}. */
export type ColumnInput = flechette.Column<unknown> | ArrayLike<unknown> | object;

/**
 * A new Arquero table from named columns, Arrow-backed throughout: Arrow
 * columns are used as they are, Arquero's dictionary wrappers are traced back
 * to their Arrow column, and plain arrays are typed from their values
 * (lib/table/arrow_from_values.ts). The table is registered with
 * lib/table/arrow_table.ts, so writers and thread transfers reuse its buffers.
 * @throws {DataError} when two columns have the same name.
 */
export function makeTable(entries: Iterable<readonly [string, ColumnInput]>): Table {
  const names: string[] = [];
  const columns: flechette.Column<unknown>[] = [];
  const seen = new Set<string>();
  for (const [name, col] of entries) {
    if (seen.has(name)) throw new DataError(`two output columns are called "${name}"; rename one of them first`, { column: name });
    seen.add(name);
    names.push(name);
    columns.push(toArrowColumn(col));
  }
  return toArquero(arrowTable(names, columns));
}

/** The Arrow column for any column representation Arquero or pfw uses. */
export function toArrowColumn(col: ColumnInput): flechette.Column<unknown> {
  if (col instanceof flechette.Column) return col;
  const arrow = arrowColumnOf(col);
  if (arrow) return arrow;
  if (ArrayBuffer.isView(col) && !(col instanceof DataView)) return flechette.columnFromArray(col as Float64Array) as flechette.Column<unknown>;
  if (Array.isArray(col)) return arrowFromValues((i) => col[i], col.length);
  const c = col as { at(i: number): unknown; length: number };
  return arrowFromValues((i) => c.at(i), c.length);
}

/** The rows `rows` (data indices, in that order) of the columns `names` (default: all) of `table`. */
export function gatherTable(table: Table, rows: RowIndex, names: readonly string[] = table.columnNames()): Table {
  return makeTable(names.map((n) => [n, columnData(table, n).gather(rows) as ColumnInput] as const));
}

/** An empty table with the given column names. */
export function emptyTable(names: readonly string[]): Table {
  return makeTable(names.map((n) => [n, [] as unknown[]] as const));
}

/**
 * The best column for JS values computed row by row: numbers become Int32 or
 * Float64 Arrow columns (NaN stored as null), strings a dictionary column,
 * booleans a bool column, dates a date or timestamp column, BigInts int64;
 * mixed values stay a plain array.
 */
export function columnFromJS(values: ArrayLike<unknown>): ColumnInput {
  const n = values.length;
  let numbers = 0, ints = 0, strings = 0, bools = 0, dates = 0, days = 0, bigints = 0, nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    switch (typeof v) {
      case "number":
        if (v !== v) nulls++;
        else {
          numbers++;
          if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) ints++;
        }
        break;
      case "string":
        strings++;
        break;
      case "boolean":
        bools++;
        break;
      case "bigint":
        bigints++;
        break;
      default:
        if (v === null || v === undefined) nulls++;
        else if (v instanceof Date) {
          if (Number.isNaN(v.getTime())) nulls++;
          else {
            dates++;
            if (v.getTime() % 86400000 === 0) days++;
          }
        }
    }
  }
  const valid = n - nulls;
  if (valid === 0) return Array.from({ length: n }, () => null);
  if (numbers === valid) return numberColumn(values, ints === valid ? Int32Array : Float64Array);
  if (numbers + bigints === valid && ints === numbers) return int64Column(values);
  if (strings === valid) return stringColumn(values);
  if (bools === valid) return flechette.columnFromArray(Array.from(values, (v) => (v == null ? null : v)), flechette.bool());
  if (dates === valid) {
    const type = days === valid ? flechette.dateDay() : flechette.timestamp(flechette.TimeUnit.MILLISECOND);
    return flechette.columnFromArray(Array.from(values, (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : null)), type, { useDate: true });
  }
  return Array.from(values, (v) => (v === undefined ? null : v));
}

function validityOf(values: ArrayLike<unknown>, isNull: (v: unknown) => boolean): { validity: Uint8Array | null; nullCount: number } {
  const n = values.length;
  const validity = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(values[i])) nullCount++;
    else validity[i >> 3] |= 1 << (i & 7);
  }
  return { validity: nullCount ? validity : null, nullCount };
}

const nullish = (v: unknown) => v === null || v === undefined || (typeof v === "number" && v !== v);

/** An Arrow Int32 or Float64 column from numbers (null, undefined and NaN become null). */
export function numberColumn(values: ArrayLike<unknown>, Ctor: Int32ArrayConstructor | Float64ArrayConstructor): flechette.Column<unknown> {
  const n = values.length;
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "number" && v === v) out[i] = v;
  }
  const { validity, nullCount } = validityOf(values, nullish);
  return arrowFixedColumn(Ctor === Int32Array ? flechette.int32() : flechette.float64(), out, validity, nullCount);
}

/** An Arrow Float64 column straight from a Float64Array and an optional validity bitmap. */
export function float64Column(values: Float64Array, validity: Uint8Array | null = null, nullCount = 0): flechette.Column<unknown> {
  return arrowFixedColumn(flechette.float64(), values, nullCount ? validity : null, nullCount);
}

/** An Arrow Int32 column straight from an Int32Array and an optional validity bitmap. */
export function int32Column(values: Int32Array, validity: Uint8Array | null = null, nullCount = 0): flechette.Column<unknown> {
  return arrowFixedColumn(flechette.int32(), values, nullCount ? validity : null, nullCount);
}

function int64Column(values: ArrayLike<unknown>): flechette.Column<unknown> {
  const n = values.length;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === "bigint") out[i] = v;
    else if (typeof v === "number" && v === v) out[i] = BigInt(v);
  }
  const { validity, nullCount } = validityOf(values, nullish);
  // A DirectBatch keeps BigInt values (an Int64Batch would throw on values beyond 2^53).
  return arrowFixedColumn(flechette.int64(), out, validity, nullCount, directBigIntBatchProto());
}

let bigIntProto: unknown;
// deno-lint-ignore no-explicit-any
function directBigIntBatchProto(): any {
  bigIntProto ??= { constructor: flechette.batchType(flechette.int64(), { useBigInt: true }) };
  return bigIntProto;
}

/** An Arrow dictionary column (int32 keys, utf8 values) from strings and nulls. */
export function stringColumn(values: ArrayLike<unknown>): flechette.Column<unknown> {
  const n = values.length;
  const keys = new Int32Array(n);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const validity = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "string") {
      nullCount++;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = dictionary.length;
      dictionary.push(v);
      index.set(v, k);
    }
    keys[i] = k;
    validity[i >> 3] |= 1 << (i & 7);
  }
  const dict = dictionaryValuesColumn(dictionary);
  return arrowDictionaryColumn(keys, nullCount ? validity : null, nullCount, dict);
}

/** `table` (plain: no filter or order) with column `name` replaced in place, or appended when new. */
export function withColumn(table: Table, name: string, column: ColumnInput): Table {
  const names = table.columnNames();
  const entries: [string, ColumnInput][] = names.map((n) => [n, n === name ? column : table.column(n) as unknown as ColumnInput]);
  if (!names.includes(name)) entries.push([name, column]);
  return makeTable(entries);
}

/** A plain copy of `table` (no Arquero filter or order): itself when already plain. */
export function plainTable(table: Table): Table {
  if (!table.isFiltered() && !table.isOrdered()) return table;
  return gatherTable(table, rowIndex(table));
}
