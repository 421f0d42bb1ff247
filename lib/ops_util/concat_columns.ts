/**
 * Stacking column pieces into one column (concat, melt): fixed-width Arrow
 * storage (numbers, int64, dates, timestamps) is copied raw when every piece
 * has the same type, dictionaries are merged by remapping keys, anything
 * else goes through JS values.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { arrowDictionaryColumn, arrowFixedColumn, type ColumnData, type FixedStorage, type NumberArray } from "./column_data.ts";
import { takeInto } from "./take.ts";
import { dictionaryValuesColumn } from "../table/arrow_build.ts";
import { type ColumnInput, columnFromJS } from "./table_build.ts";
import { type TypedArrayConstructor, writtenArray } from "../table/shared_array.ts";

/** One input of {@link concatColumn}: a column (null: the table lacks it) and the rows to take. */
export interface Part {
  col: ColumnData | null;
  rows: Int32Array;
}

function typeKey(t: flechette.DataType): string {
  return JSON.stringify(t, (k, v) => (k === "id" ? undefined : v));
}

function sameFixed(f: FixedStorage | undefined, first: FixedStorage): boolean {
  return !!f && f.values.constructor === first.values.constructor && (f.type === first.type || typeKey(f.type) === typeKey(first.type));
}

/** A part that has the column. */
type PresentPart = { col: ColumnData; rows: Int32Array };

/**
 * Walks `parts` one after another over a validity bitmap of `total` rows. A
 * part without the column gives nulls; `copy(part, at)` writes a part's rows
 * from position `at` and returns how many of them are null, having set the
 * validity bits of the others — or -1 when none is null (their bits are then
 * set here, all at once).
 */
function stackParts(parts: Part[], total: number, copy: (part: PresentPart, at: number, validity: Uint8Array) => number): { validity: Uint8Array | null; nulls: number } {
  const validity = new Uint8Array((total + 7) >> 3);
  let nulls = 0, o = 0;
  for (const p of parts) {
    const n = p.rows.length;
    if (p.col) {
      const partNulls = copy(p as PresentPart, o, validity);
      if (partNulls < 0) setBits(validity, o, o + n);
      else nulls += partNulls;
    } else nulls += n;
    o += n;
  }
  return { validity: nulls ? validity : null, nulls };
}

/**
 * Raw values copied into one typed array allocated at its final size (date32
 * days, timestamp units, int64 and numbers alike): no value is ever boxed.
 */
function concatFixed(parts: Part[], total: number, first: FixedStorage): ColumnInput {
  const out = writtenArray(first.values.constructor as TypedArrayConstructor<FixedStorage["values"]>, total);
  const { validity, nulls } = stackParts(parts, total, (p, o, validity) => {
    const { values, validity: v } = p.col.fixed!;
    const rows = p.rows;
    if (!v) {
      takeInto(out as NumberArray, values as NumberArray, rows, o);
      return -1;
    }
    let partNulls = 0;
    for (let i = 0; i < rows.length; i++, o++) {
      const r = rows[i];
      if (v[r >> 3] & (1 << (r & 7))) {
        out[o] = values[r];
        validity[o >> 3] |= 1 << (o & 7);
      } else partNulls++;
    }
    return partNulls;
  });
  return arrowFixedColumn(first.type, out, validity, nulls, first.proto);
}

/** Dictionary parts: the dictionaries merged, each part's keys remapped. */
function concatDictionary(parts: Part[], total: number): ColumnInput {
  const index = new Map<unknown, number>();
  const dictionary: unknown[] = [];
  const keys = writtenArray(Int32Array, total);
  const { validity, nulls } = stackParts(parts, total, (p, o, validity) => {
    const d = p.col.dict!;
    const remap = d.dictionary.map((v) => {
      let k = index.get(v);
      if (k === undefined) {
        k = dictionary.length;
        dictionary.push(v);
        index.set(v, k);
      }
      return k;
    });
    const from = d.keys, rows = p.rows, nullKey = d.nullKey;
    if (nullKey < 0) {
      for (let i = 0; i < rows.length; i++) keys[o + i] = remap[from[rows[i]]];
      return -1;
    }
    let partNulls = 0;
    for (let i = 0; i < rows.length; i++, o++) {
      const k = from[rows[i]];
      if (k === nullKey) partNulls++;
      else {
        keys[o] = remap[k];
        validity[o >> 3] |= 1 << (o & 7);
      }
    }
    return partNulls;
  });
  const dict = dictionaryValuesColumn(dictionary);
  return arrowDictionaryColumn(keys, validity, nulls, dict);
}

/** Sets bits start..end-1 of a bitmap. */
function setBits(bits: Uint8Array, start: number, end: number): void {
  let i = start;
  for (; i < end && (i & 7); i++) bits[i >> 3] |= 1 << (i & 7);
  for (; i + 8 <= end; i += 8) bits[i >> 3] = 0xff;
  for (; i < end; i++) bits[i >> 3] |= 1 << (i & 7);
}

/** One column holding `parts` one after another; `total` is the sum of their row counts. */
export function concatColumn(parts: Part[], total: number): ColumnInput {
  const present = parts.filter((p) => p.col) as PresentPart[];
  const first = present[0]?.col.fixed;
  if (first && present.every((p) => sameFixed(p.col.fixed, first))) return concatFixed(parts, total, first);
  if (present.length && present.every((p) => p.col.dict)) return concatDictionary(parts, total);
  const values = new Array(total);
  let o = 0;
  for (const p of parts) {
    for (let i = 0; i < p.rows.length; i++) values[o++] = p.col ? p.col.get(p.rows[i]) : null;
  }
  return columnFromJS(values);
}
