/**
 * Dense integer ids for the values of key columns: the common core of
 * group-by, distinct, pivot, window partitions and joins.
 *
 * Equality: numbers by value (0 and -0 equal); int64 exactly; dates by
 * time; strings exactly; NaN is null. Dictionary columns are coded through
 * their (small) dictionary instead of row by row.
 *
 * @module
 */
import type { Table } from "../types.ts";
import { type ColumnData, columnData, isValidBit, type RowIndex } from "./column_data.ts";
import { NumberIds } from "./number_ids.ts";
import { ByteDictionary, hashBytes } from "../table/byte_dictionary.ts";

/** Codes values to dense ids; one coder shared by two tables puts both in one id space (for joins). */
export class ValueCoder {
  /** Numbers, and dates by time, on typed hash tables; anything else (strings, BigInts, booleans) in a Map. */
  #numbers = new NumberIds();
  #dates = new NumberIds();
  #map = new Map<unknown, number>();
  #next = 0;
  /** How many distinct non-null values have been coded. */
  get size(): number {
    return this.#next;
  }

  /** The id of one value (null, undefined, NaN → -1). */
  code(v: unknown): number {
    if (v === null || v === undefined) return -1;
    if (typeof v === "number") return v !== v ? -1 : this.#idOf(this.#numbers, v === 0 ? 0 : v);
    if (v instanceof Date) {
      const t = v.getTime();
      return t !== t ? -1 : this.#idOf(this.#dates, t === 0 ? 0 : t);
    }
    let id = this.#map.get(v);
    if (id === undefined) this.#map.set(v, id = this.#next++);
    return id;
  }

  #idOf(ids: NumberIds, v: number): number {
    const id = ids.idOf(v, this.#next);
    if (id === this.#next) this.#next++;
    return id;
  }

  /**
   * Ids of `col` at positions `rows` (null → -1), or of every data row when `rows` is null;
   * written into `into` when given (it must have room), else into a new array.
   */
  codes(col: ColumnData, rows: RowIndex | null, into?: Int32Array): Int32Array {
    const n = rows ? rows.length : col.length;
    const out = into ? into.subarray(0, n) : new Int32Array(n);
    if (col.dict) {
      const { keys, dictionary, nullKey } = col.dict;
      const lookup = new Int32Array(dictionary.length + 1);
      for (let k = 0; k < dictionary.length; k++) lookup[k] = this.code(dictionary[k]);
      if (nullKey >= 0) lookup[nullKey] = -1;
      if (rows) for (let i = 0; i < n; i++) out[i] = lookup[keys[rows[i]]];
      else for (let i = 0; i < n; i++) out[i] = lookup[keys[i]];
      return out;
    }
    if (col.numeric || col.epochMs) {
      const { values, validity } = col.numeric ?? { values: col.epochMs!(), validity: null };
      const ids = col.numeric ? this.#numbers : this.#dates;
      let next = this.#next;
      for (let i = 0; i < n; i++) {
        const r = rows ? rows[i] : i;
        let v = values[r];
        if ((validity && !isValidBit(validity, r)) || v !== v) {
          out[i] = -1;
          continue;
        }
        if (v === 0) v = 0; // -0 is 0
        const id = out[i] = ids.idOf(v, next);
        if (id === next) next++;
      }
      this.#next = next;
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = this.code(col.get(rows ? rows[i] : i));
    return out;
  }
}

/** Group ids of rows. */
export interface Grouping {
  /** The group of each position in `rows` (or each data row when rows was null); -1 when `dropNulls` and a key is null. Read-only: it may share memory with the table. */
  ids: ArrayLike<number>;
  /** Size of the id space: ids are below it. */
  count: number;
  /** For each id, the first position (index into rows) holding it, or -1 when no row has it. */
  first: Int32Array;
}

/**
 * Groups positions of `rows` (data indices; null = all data rows) by the
 * values of `columns`. Ids follow first appearance and every id is used. Nulls
 * form a group of their own unless `dropNulls`, which gives such rows id -1.
 */
export function groupRows(table: Table, columns: readonly string[], rows: RowIndex | null, dropNulls = false): Grouping {
  const g = groupIds(table, columns, rows, dropNulls);
  const ids = Int32Array.from(g.ids);
  return firstAppearance(ids);
}

/**
 * Like {@link groupRows} but sparse and cheaper: some ids in `0..count-1` may
 * have no row (`first[id] === -1`), and for one dictionary column without a
 * filter the ids are the dictionary keys themselves (no copy).
 */
export function groupIds(table: Table, columns: readonly string[], rows: RowIndex | null, dropNulls = false): Grouping {
  const n = rows ? rows.length : table.totalRows();
  if (columns.length === 0) {
    return { ids: new Int32Array(n), count: n > 0 ? 1 : 0, first: n > 0 ? Int32Array.of(0) : new Int32Array(0) };
  }
  let acc: Int32Array | null = null;
  let scratch: Int32Array | null = null; // the codes of the second and later columns, one array reused
  let card = 1;
  for (const name of columns) {
    const col = columnData(table, name);
    const direct = !dropNulls && columns.length === 1 ? dictionaryIds(col, rows) : undefined;
    if (direct) return withFirst(direct.ids, direct.count);
    const into = acc ? (scratch ??= new Int32Array(n)) : undefined;
    let codes: Int32Array, size: number;
    if (col.utf8) {
      codes = into ?? new Int32Array(n);
      size = utf8Codes(col.utf8, rows, codes) + 1; // +1: null gets its own code
    } else {
      const coder = new ValueCoder();
      codes = coder.codes(col, rows, into);
      size = coder.size + 1;
    }
    if (!dropNulls) for (let i = 0; i < n; i++) if (codes[i] < 0) codes[i] = size - 1;
    if (!acc) {
      acc = codes;
      card = size;
      continue;
    }
    combine(acc, codes, card, size, dropNulls);
    card = card * size <= Math.max(1 << 20, 4 * n) ? card * size : densify(acc);
  }
  return withFirst(acc!, card);
}

/**
 * Ids of the strings of a Utf8 column at positions `rows` (or every data
 * row), written into `out` (null → -1), by hashing their bytes: no JS string
 * is made. Returns how many distinct strings there are.
 */
function utf8Codes(col: NonNullable<ColumnData["utf8"]>, rows: RowIndex | null, out: Int32Array): number {
  const { bytes, offsets, validity } = col;
  const dict = new ByteDictionary();
  for (let i = 0; i < out.length; i++) {
    const r = rows ? rows[i] : i;
    if (validity && !isValidBit(validity, r)) out[i] = -1;
    else {
      const s = offsets[r], e = offsets[r + 1];
      out[i] = dict.lookup(bytes, s, e, hashBytes(bytes, s, e));
    }
  }
  return dict.size;
}

/** Dictionary keys as group ids when the dictionary has no repeated value. */
function dictionaryIds(col: ColumnData, rows: RowIndex | null): { ids: ArrayLike<number>; count: number } | undefined {
  if (!col.dict || !uniqueDictionary(col.dict.dictionary)) return undefined;
  const { keys, dictionary, nullKey } = col.dict;
  const count = dictionary.length + 1; // the last id is null's (arquero's wrapper uses size for null)
  if (!rows) {
    if (nullKey < 0 || nullKey === dictionary.length) return { ids: keys, count };
    return undefined;
  }
  const ids = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const k = keys[rows[i]];
    ids[i] = k === nullKey ? dictionary.length : k;
  }
  return { ids, count };
}

const uniqueDictionaries = new WeakMap<unknown[], boolean>();

function uniqueDictionary(dictionary: unknown[]): boolean {
  let u = uniqueDictionaries.get(dictionary);
  if (u === undefined) {
    u = new Set(dictionary).size === dictionary.length && !dictionary.some((v) => v === null || v === undefined || (typeof v === "number" && v !== v));
    uniqueDictionaries.set(dictionary, u);
  }
  return u;
}

function withFirst(ids: ArrayLike<number>, count: number): Grouping {
  const first = new Int32Array(count).fill(-1);
  let seen = 0;
  for (let i = 0; i < ids.length && seen < count; i++) {
    const c = ids[i];
    if (c >= 0 && first[c] < 0) {
      first[c] = i;
      seen++;
    }
  }
  return { ids, count, first };
}

/**
 * Combines per-column codes into `acc` in place: acc = acc * size + codes.
 * Falls back to a Map when the product would not fit in an int32.
 */
function combine(acc: Int32Array, codes: Int32Array, accCard: number, size: number, dropNulls: boolean): void {
  const n = acc.length;
  if (accCard * size < 2 ** 31) {
    for (let i = 0; i < n; i++) {
      if (dropNulls && (acc[i] < 0 || codes[i] < 0)) acc[i] = -1;
      else acc[i] = acc[i] * size + codes[i];
    }
    return;
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (dropNulls && (acc[i] < 0 || codes[i] < 0)) {
      acc[i] = -1;
      continue;
    }
    const key = acc[i] * size + codes[i]; // exact: both factors are below the row count
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      map.set(key, id);
    }
    acc[i] = id;
  }
}

/** Renumbers codes densely (0..k-1, first appearance) in place; returns k. Codes < 0 stay. */
function densify(codes: Int32Array): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  const remap = new Int32Array(max + 1).fill(-1);
  let k = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    let id = remap[c];
    if (id < 0) id = remap[c] = k++;
    codes[i] = id;
  }
  return k;
}

function firstAppearance(codes: Int32Array): Grouping {
  const count = densify(codes);
  const first = new Int32Array(count).fill(-1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0 && first[c] < 0) first[c] = i;
  }
  return { ids: codes, count, first };
}

/**
 * Join keys of two tables in one id space: rows whose key columns hold equal
 * values get equal ids; a row with a null in any key gets -1 (never matches).
 */
export function joinKeys(
  left: Table,
  leftColumns: readonly string[],
  right: Table,
  rightColumns: readonly string[],
  leftRows: RowIndex | null,
  rightRows: RowIndex | null,
): { left: Int32Array; right: Int32Array; count: number } {
  let accL: Int32Array | null = null;
  let accR: Int32Array | null = null;
  let card = 1;
  for (let c = 0; c < leftColumns.length; c++) {
    const coder = new ValueCoder();
    const l = coder.codes(columnData(left, leftColumns[c]), leftRows);
    const r = coder.codes(columnData(right, rightColumns[c]), rightRows);
    const size = coder.size;
    if (!accL || !accR) {
      accL = l;
      accR = r;
      card = size;
      continue;
    }
    // Combine both sides with one map so equal tuples get equal ids.
    const map = new Map<number, number>();
    const step = (acc: Int32Array, codes: Int32Array) => {
      for (let i = 0; i < acc.length; i++) {
        if (acc[i] < 0 || codes[i] < 0) {
          acc[i] = -1;
          continue;
        }
        const key = acc[i] * size + codes[i];
        let id = map.get(key);
        if (id === undefined) {
          id = map.size;
          map.set(key, id);
        }
        acc[i] = id;
      }
    };
    step(accL, l);
    step(accR, r);
    card = map.size;
  }
  return { left: accL!, right: accR!, count: card };
}
