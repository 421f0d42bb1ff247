/**
 * Columns of plain JS values (Arquero arrays and the like) seen through
 * {@link ColumnData}: numbers and dates also get typed views.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { ColumnData, RowIndex } from "./column_data.ts";
import { arrowFixedColumn } from "./column_arrow.ts";
import { normalizeBigInt } from "../expr/values.ts";

/**
 * A column of arbitrary JS values, gathered into plain arrays. When every
 * non-null value is a number (or a Date) it also gets a typed view, so the
 * fast paths apply to plain Arquero tables too.
 */
export function fromValues(length: number, at: (row: number) => unknown): ColumnData {
  const get = (r: number) => normalizeValue(at(r));
  let nullCount = 0, numbers = 0, dates = 0;
  for (let i = 0; i < length; i++) {
    const v = at(i);
    if (v === null || v === undefined) nullCount++;
    else if (typeof v === "number") numbers++;
    else if (v instanceof Date) dates++;
  }
  const gather = (rows: RowIndex) => {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = rows[i] < 0 ? null : at(rows[i]);
    return out;
  };
  const base: ColumnData = { length, nullCount, get, gather };
  if (length > 0 && numbers + nullCount === length && numbers > 0) {
    const values = new Float64Array(length);
    const validity = nullCount ? new Uint8Array((length + 7) >> 3) : null;
    let ints = true;
    for (let i = 0; i < length; i++) {
      const v = at(i);
      if (typeof v === "number") {
        values[i] = v;
        if (validity) validity[i >> 3] |= 1 << (i & 7);
        if (ints && (v | 0) !== v) ints = false;
      }
    }
    // Gather into typed Arrow columns straight away (int32 when every value fits, else float64).
    const typed = ints ? Int32Array.from(values) : values;
    const gatherTyped = (rows: RowIndex) => gatherNumbers(typed, validity, rows, ints);
    return { ...base, gather: gatherTyped, numeric: { values, validity } };
  }
  if (length > 0 && dates + nullCount === length && dates > 0) {
    let ms: Float64Array | undefined;
    const epochMs = () => {
      if (ms) return ms;
      ms = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = at(i);
        ms[i] = v instanceof Date ? v.getTime() : NaN;
      }
      return ms;
    };
    return { ...base, epochMs };
  }
  return base;
}

function normalizeValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") return normalizeBigInt(v);
  return v;
}

function gatherNumbers(values: Float64Array | Int32Array, validity: Uint8Array | null, rows: RowIndex, ints: boolean): flechette.Column<unknown> {
  const n = rows.length;
  const out = ints ? new Int32Array(n) : new Float64Array(n);
  const outValidity = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r >= 0 && (!validity || validity[r >> 3] & (1 << (r & 7)))) {
      out[i] = values[r];
      outValidity[i >> 3] |= 1 << (i & 7);
    } else nulls++;
  }
  return arrowFixedColumn(ints ? flechette.int32() : flechette.float64(), out, nulls ? outValidity : null, nulls);
}
