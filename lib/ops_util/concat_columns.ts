/**
 * Stacking column pieces into one column (concat, melt): typed Float64 and
 * Int32 storage is copied as is, dictionaries are merged, anything else goes
 * through JS values.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { arrowDictionaryColumn, arrowFixedColumn, type ColumnData, isValidBit } from "./column_data.ts";
import { type ColumnInput, columnFromJS } from "./table_build.ts";

/** One input of {@link concatColumn}: a column (null: the table lacks it) and the rows to take. */
export interface Part {
  col: ColumnData | null;
  rows: Int32Array;
}

/** One column holding `parts` one after another; `total` is the sum of their row counts. */
export function concatColumn(parts: Part[], total: number): ColumnInput {
  const present = parts.filter((p) => p.col) as { col: ColumnData; rows: Int32Array }[];
  const Ctor = present[0]?.col.numeric?.values.constructor;
  if (Ctor && (Ctor === Float64Array || Ctor === Int32Array) && present.every((p) => p.col.numeric?.values.constructor === Ctor)) {
    const out = new (Ctor as Float64ArrayConstructor)(total);
    const validity = new Uint8Array((total + 7) >> 3);
    let nulls = 0, o = 0;
    for (const p of parts) {
      const n = p.rows.length;
      if (!p.col) {
        nulls += n;
        o += n;
        continue;
      }
      const { values, validity: v } = p.col.numeric!;
      for (let i = 0; i < n; i++, o++) {
        const r = p.rows[i];
        if (v && !isValidBit(v, r)) nulls++;
        else {
          out[o] = values[r];
          validity[o >> 3] |= 1 << (o & 7);
        }
      }
    }
    const type = Ctor === Float64Array ? flechette.float64() : flechette.int32();
    return arrowFixedColumn(type, out, nulls ? validity : null, nulls);
  }
  if (present.length && present.every((p) => p.col.dict)) {
    // Merge the dictionaries, remapping each part's keys.
    const index = new Map<unknown, number>();
    const dictionary: unknown[] = [];
    const keys = new Int32Array(total);
    const validity = new Uint8Array((total + 7) >> 3);
    let nulls = 0, o = 0;
    for (const p of parts) {
      const n = p.rows.length;
      if (!p.col) {
        nulls += n;
        o += n;
        continue;
      }
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
      for (let i = 0; i < n; i++, o++) {
        const k = d.keys[p.rows[i]];
        if (k === d.nullKey) nulls++;
        else {
          keys[o] = remap[k];
          validity[o >> 3] |= 1 << (o & 7);
        }
      }
    }
    const allStrings = dictionary.every((v) => typeof v === "string");
    const dict = flechette.columnFromArray(dictionary, allStrings ? flechette.utf8() : undefined) as flechette.Column<unknown>;
    return arrowDictionaryColumn(keys, nulls ? validity : null, nulls, dict);
  }
  const values = new Array(total);
  let o = 0;
  for (const p of parts) {
    for (let i = 0; i < p.rows.length; i++) values[o++] = p.col ? p.col.get(p.rows[i]) : null;
  }
  return columnFromJS(values);
}
