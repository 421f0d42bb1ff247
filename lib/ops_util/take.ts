/**
 * Row gathers on typed arrays: `out[at + i] = values[rows[i]]`. The hot
 * pairs (Float64Array or Int32Array values, Int32Array rows) get a loop of
 * their own: one loop shared by every array type is polymorphic in V8 and
 * runs several times slower on a million rows.
 *
 * @module
 */
import type { NumberArray, RowIndex } from "./column_data.ts";

/** Copies `values[rows[i]]` to `out[at + i]` for every i. */
export function takeInto(out: NumberArray, values: NumberArray, rows: RowIndex, at = 0): void {
  if (rows instanceof Int32Array) {
    if (out instanceof Float64Array && values instanceof Float64Array) return takeF64(out, values, rows, at);
    if (out instanceof Int32Array && values instanceof Int32Array) return takeI32(out, values, rows, at);
  }
  const o = out as Float64Array, v = values as Float64Array;
  for (let i = 0; i < rows.length; i++) o[at + i] = v[rows[i]];
}

function takeF64(out: Float64Array, values: Float64Array, rows: Int32Array, at: number): void {
  for (let i = 0; i < rows.length; i++) out[at + i] = values[rows[i]];
}

function takeI32(out: Int32Array, values: Int32Array, rows: Int32Array, at: number): void {
  for (let i = 0; i < rows.length; i++) out[at + i] = values[rows[i]];
}
