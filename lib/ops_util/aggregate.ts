/**
 * Aggregation kernels for groupby_agg and pivot: one pass over typed arrays
 * per (column, function), results indexed by group id.
 *
 * Rules: nulls (and NaN) are skipped by every function. A group with no
 * non-null value gets null from sum, mean, min, max, median, first and last
 * (SQL, not pandas' 0 for sum) and 0 from count and nunique. std and var are
 * sample statistics (ddof = 1, like pandas); null below 2 values. sum, mean,
 * median, std and var give float64; count and nunique int32; min, max, first
 * and last keep the column's type. int64 (BigInt) columns are summed exactly
 * (the result is int64, a BigInt beyond 2^53); their mean, median, std and
 * var are floats.
 *
 * @module
 */
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { type ColumnData, columnData, isValidBit, nullTester, type RowIndex } from "./column_data.ts";
import { ValueCoder } from "./keys.ts";
import { rankValues } from "./sort_index.ts";
import { type ColumnInput, columnFromJS, float64Column, int32Column } from "./table_build.ts";
import { describeValue } from "../expr/functions.ts";
import { normalizeBigInt } from "../expr/values.ts";

/** Aggregate function names, in the order documented. */
export const AGG_FUNCTIONS = ["sum", "mean", "count", "min", "max", "median", "std", "var", "nunique", "first", "last"] as const;

/** One aggregate function. */
export type AggFunction = typeof AGG_FUNCTIONS[number];

/** Input of {@link aggregate}. */
export interface AggregateInput {
  table: Table;
  /** Data rows by position (null: position = data row). */
  rows: RowIndex | null;
  /** Group id of each position (-1: skip the position). */
  ids: ArrayLike<number>;
  /** Number of groups. */
  groups: number;
}

/** `fn` of column `name` for every group, as an output column indexed by group id. */
export function aggregate(input: AggregateInput, name: string, fn: AggFunction): ColumnInput {
  const col = columnData(input.table, name);
  switch (fn) {
    case "count":
      return int32Column(countValid(input, col));
    case "nunique":
      return int32Column(nunique(input, col));
    case "first":
    case "last":
      return col.gather(firstOrLast(input, col, fn === "first")) as ColumnInput;
    case "min":
    case "max":
      return col.gather(extremeRows(input, col, fn === "max")) as ColumnInput;
    case "sum":
      return sum(input, col, name);
    case "mean":
      return meanOf(input, col, name);
    case "std":
    case "var":
      return variance(input, col, name, fn === "std");
    case "median":
      return median(input, col, name);
  }
}

/** Calls `visit(groupId, dataRow)` for every position with a group. */
function eachRow(input: AggregateInput, visit: (g: number, r: number) => void): void {
  const { rows, ids } = input;
  const n = ids.length;
  if (rows) {
    for (let i = 0; i < n; i++) if (ids[i] >= 0) visit(ids[i], rows[i]);
  } else {
    for (let i = 0; i < n; i++) if (ids[i] >= 0) visit(ids[i], i);
  }
}

function countValid(input: AggregateInput, col: ColumnData): Int32Array {
  const counts = new Int32Array(input.groups);
  const { rows, ids } = input;
  const n = ids.length;
  if (col.numeric && !col.numeric.validity && !rows) {
    const v = col.numeric.values;
    for (let i = 0; i < n; i++) {
      const g = ids[i];
      if (g >= 0 && v[i] === v[i]) counts[g]++;
    }
    return counts;
  }
  const isNull = nullTester(col);
  eachRow(input, (g, r) => {
    if (!isNull(r)) counts[g]++;
  });
  return counts;
}

function nunique(input: AggregateInput, col: ColumnData): Int32Array {
  const coder = new ValueCoder();
  const codes = coder.codes(col, input.rows);
  const k = coder.size + 1;
  const seen = new Set<number | string>();
  const counts = new Int32Array(input.groups);
  const exact = input.groups * k < 2 ** 53;
  for (let i = 0; i < codes.length; i++) {
    const g = input.ids[i];
    const c = codes[i];
    if (g < 0 || c < 0) continue;
    const key = exact ? g * k + c : `${g},${c}`;
    if (!seen.has(key)) {
      seen.add(key);
      counts[g]++;
    }
  }
  return counts;
}

function firstOrLast(input: AggregateInput, col: ColumnData, first: boolean): Int32Array {
  const best = new Int32Array(input.groups).fill(-1);
  const isNull = nullTester(col);
  eachRow(input, (g, r) => {
    if ((!first || best[g] < 0) && !isNull(r)) best[g] = r;
  });
  return best;
}

/** The data row holding the minimum (or maximum) non-null value of each group (-1 when none). */
function extremeRows(input: AggregateInput, col: ColumnData, max: boolean): Int32Array {
  const best = new Int32Array(input.groups).fill(-1);
  const sign = max ? -1 : 1;
  let key: ArrayLike<number> | undefined;
  let isNull = nullTester(col);
  if (col.numeric) key = col.numeric.values;
  else if (col.epochMs) key = col.epochMs();
  else if (col.dict) {
    const rank = rankValues(col.dict.dictionary);
    const keys = col.dict.keys;
    const nullKey = col.dict.nullKey;
    const ranks = new Float64Array(col.length);
    for (let r = 0; r < col.length; r++) ranks[r] = keys[r] === nullKey ? NaN : rank[keys[r]];
    key = ranks;
    isNull = (r) => ranks[r] !== ranks[r];
  }
  if (key) {
    const k = key;
    eachRow(input, (g, r) => {
      if (isNull(r)) return;
      const b = best[g];
      if (b < 0 || sign * (k[r] - k[b]) < 0) best[g] = r;
    });
    return best;
  }
  if (col.int64) {
    const { values } = col.int64;
    eachRow(input, (g, r) => {
      if (isNull(r)) return;
      const b = best[g];
      if (b < 0 || (max ? values[r] > values[b] : values[r] < values[b])) best[g] = r;
    });
    return best;
  }
  // Other values (strings, booleans, mixed): rank the values once, then compare ranks.
  const n = col.length;
  const values = new Array(n);
  for (let r = 0; r < n; r++) values[r] = col.get(r);
  const rank = rankValues(values);
  eachRow(input, (g, r) => {
    if (rank[r] < 0) return;
    const b = best[g];
    if (b < 0 || sign * (rank[r] - rank[b]) < 0) best[g] = r;
  });
  return best;
}

/** A number reader for arithmetic aggregates; throws for strings, dates and other non-numbers. */
function numberReader(col: ColumnData, name: string, fn: string): (r: number) => number {
  if (col.numeric) {
    const { values, validity } = col.numeric;
    return validity ? (r) => (isValidBit(validity, r) ? values[r] : NaN) : (r) => values[r];
  }
  if (col.int64) {
    const { values, validity } = col.int64;
    return (r) => (validity && !isValidBit(validity, r) ? NaN : Number(values[r]));
  }
  return (r) => {
    const v = col.get(r);
    if (v === null || v === undefined) return NaN;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    throw new DataError(`cannot compute ${fn} of ${describeValue(v)}; ${fn} needs numbers`, { column: name });
  };
}

function sum(input: AggregateInput, col: ColumnData, name: string): ColumnInput {
  if (col.int64) return bigSum(input, col);
  const { sums, counts } = sumsAndCounts(input, col, name, "sum");
  return withNulls(sums, counts, 1);
}

/**
 * Per group: the sum and the number of non-null values of a column. Plain
 * numeric columns are read straight from their typed array, by position or
 * through the row indices of a filtered table.
 */
function sumsAndCounts(input: AggregateInput, col: ColumnData, name: string, fn: string): { sums: Float64Array; counts: Int32Array } {
  const sums = new Float64Array(input.groups);
  const counts = new Int32Array(input.groups);
  const { rows, ids } = input;
  const n = ids.length;
  if (col.numeric) {
    const { values, validity } = col.numeric;
    if (!validity && !rows) {
      for (let i = 0; i < n; i++) {
        const g = ids[i], v = values[i];
        if (g >= 0 && v === v) {
          sums[g] += v;
          counts[g]++;
        }
      }
    } else if (!validity) {
      for (let i = 0; i < n; i++) {
        const g = ids[i], v = values[rows![i]];
        if (g >= 0 && v === v) {
          sums[g] += v;
          counts[g]++;
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = ids[i], r = rows ? rows[i] : i, v = values[r];
        if (g >= 0 && v === v && (validity[r >> 3] & (1 << (r & 7)))) {
          sums[g] += v;
          counts[g]++;
        }
      }
    }
    return { sums, counts };
  }
  const read = numberReader(col, name, fn);
  eachRow(input, (g, r) => {
    const v = read(r);
    if (v === v) {
      sums[g] += v;
      counts[g]++;
    }
  });
  return { sums, counts };
}

function bigSum(input: AggregateInput, col: ColumnData): ColumnInput {
  const { values, validity } = col.int64!;
  const sums: bigint[] = new Array(input.groups).fill(0n);
  const counts = new Int32Array(input.groups);
  eachRow(input, (g, r) => {
    if (validity && !isValidBit(validity, r)) return;
    sums[g] += BigInt(values[r]);
    counts[g]++;
  });
  return columnFromJS(sums.map((s, g) => (counts[g] ? normalizeBigInt(s) : null)));
}

function meanOf(input: AggregateInput, col: ColumnData, name: string): ColumnInput {
  const { sums, counts } = sumsAndCounts(input, col, name, "mean");
  for (let g = 0; g < input.groups; g++) sums[g] /= counts[g];
  return withNulls(sums, counts, 1);
}

function variance(input: AggregateInput, col: ColumnData, name: string, std: boolean): ColumnInput {
  // Welford's algorithm per group: stable for large means.
  const mean = new Float64Array(input.groups);
  const m2 = new Float64Array(input.groups);
  const counts = new Int32Array(input.groups);
  const read = numberReader(col, name, std ? "std" : "var");
  eachRow(input, (g, r) => {
    const v = read(r);
    if (v !== v) return;
    const c = ++counts[g];
    const d = v - mean[g];
    mean[g] += d / c;
    m2[g] += d * (v - mean[g]);
  });
  const out = new Float64Array(input.groups);
  for (let g = 0; g < input.groups; g++) {
    const v = m2[g] / (counts[g] - 1);
    out[g] = std ? Math.sqrt(v) : v;
  }
  return withNulls(out, counts, 2);
}

function median(input: AggregateInput, col: ColumnData, name: string): ColumnInput {
  const read = numberReader(col, name, "median");
  const counts = new Int32Array(input.groups);
  eachRow(input, (g, r) => {
    if (read(r) === read(r)) counts[g]++;
  });
  const offsets = new Int32Array(input.groups + 1);
  for (let g = 0; g < input.groups; g++) offsets[g + 1] = offsets[g] + counts[g];
  const fill = offsets.slice(0, input.groups);
  const values = new Float64Array(offsets[input.groups]);
  eachRow(input, (g, r) => {
    const v = read(r);
    if (v === v) values[fill[g]++] = v;
  });
  const out = new Float64Array(input.groups);
  for (let g = 0; g < input.groups; g++) {
    const c = counts[g];
    if (!c) continue;
    const seg = values.subarray(offsets[g], offsets[g + 1]).sort();
    out[g] = c % 2 ? seg[(c - 1) >> 1] : (seg[c / 2 - 1] + seg[c / 2]) / 2;
  }
  return withNulls(out, counts, 1);
}

/** A float64 column of `values`, null where `counts` is below `min`. */
function withNulls(values: Float64Array, counts: Int32Array, min: number): ColumnInput {
  const n = values.length;
  const validity = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let g = 0; g < n; g++) {
    if (counts[g] >= min && values[g] === values[g]) validity[g >> 3] |= 1 << (g & 7);
    else {
      values[g] = 0;
      nulls++;
    }
  }
  return float64Column(values, nulls ? validity : null, nulls);
}
