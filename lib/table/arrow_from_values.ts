/**
 * Builds an Arrow column from plain JS values (an Arquero array column, JSON
 * records), choosing the type from the values:
 * - numbers: Int32 when all are whole and fit, Int64 when all are whole
 *   within ±(2^53−1), else Float64 (NaN stays NaN);
 * - bigint: Int64 (read as BigInt);
 * - booleans: Bool;
 * - strings: dictionary-encoded Utf8;
 * - Date: Date32 when every value is at UTC midnight, else Timestamp(ms, UTC);
 * - null / undefined: null; a column with nothing else is an all-null string column;
 * - anything mixed: strings (objects as JSON).
 *
 * @module
 */
import { flechette } from "../deps.ts";
import {
  type ArrowColumn,
  dictionaryColumn,
  int64FromNumbers,
  makeColumn,
  utf8ColumnOf,
  validityFromNulls,
} from "./arrow_build.ts";

const DAY_MS = 86_400_000;

/** Reads value i of a column of n values. */
export type ValueAt = (i: number) => unknown;

/** The Arrow column for `n` values read through `at`. */
export function arrowFromValues(at: ValueAt, n: number): ArrowColumn {
  let nums = 0, wholes = 0, ints = 0, bigs = 0, bools = 0, strs = 0, dates = 0, midnights = 0, others = 0, nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) nulls++;
    else if (typeof v === "number") {
      nums++;
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
        wholes++;
        if (v >= -2147483648 && v <= 2147483647) ints++;
      }
    } else if (typeof v === "string") strs++;
    else if (typeof v === "boolean") bools++;
    else if (typeof v === "bigint") bigs++;
    else if (v instanceof Date) {
      dates++;
      if (v.getTime() % DAY_MS === 0) midnights++;
    } else others++;
  }
  const nonNull = n - nulls;
  const nullRows = nulls ? collectNulls(at, n, nulls) : undefined;
  const opts = nulls ? { nullCount: nulls, validity: validityFromNulls(nullRows!, nulls, n) } : {};
  if (nonNull > 0 && nums === nonNull) {
    if (ints === nonNull) {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = (at(i) as number) ?? 0;
      return makeColumn(flechette.int32(), a, n, opts);
    }
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = (at(i) as number) ?? 0;
    if (wholes === nonNull) return makeColumn(flechette.int64(), int64FromNumbers(a, n), n, opts);
    return makeColumn(flechette.float64(), a, n, opts);
  }
  if (nonNull > 0 && bigs + wholes === nonNull && bigs > 0) {
    const a = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const v = at(i);
      a[i] = v === null || v === undefined ? 0n : BigInt(v as number | bigint);
    }
    return makeColumn(flechette.int64(), a, n, { ...opts, useBigInt: true });
  }
  if (nonNull > 0 && bools === nonNull) {
    const bits = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (at(i) === true) bits[i >> 3] |= 1 << (i & 7);
    return makeColumn(flechette.bool(), bits, n, opts);
  }
  if (nonNull > 0 && dates === nonNull) {
    const ms = new Float64Array(n);
    for (let i = 0; i < n; i++) ms[i] = (at(i) as Date | null)?.getTime() ?? 0;
    if (midnights === nonNull) {
      const days = new Int32Array(n);
      for (let i = 0; i < n; i++) days[i] = Math.floor(ms[i] / DAY_MS);
      return makeColumn(flechette.dateDay(), days, n, opts);
    }
    return makeColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND, "UTC"), int64FromNumbers(ms, n), n, opts);
  }
  return stringColumn(at, n, nulls, nullRows);
}

function collectNulls(at: ValueAt, n: number, count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) rows[k++] = i;
  }
  return rows;
}

function toText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x);
  return String(v);
}

/** A dictionary-encoded string column of the values' text. */
export function stringColumn(at: ValueAt, n: number, nulls: number, nullRows?: Int32Array): ArrowColumn {
  const ids = new Map<string, number>();
  const keys = new Int32Array(n);
  const distinct: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) continue;
    const s = toText(v);
    let k = ids.get(s);
    if (k === undefined) {
      k = distinct.length;
      ids.set(s, k);
      distinct.push(s);
    }
    keys[i] = k;
  }
  const validity = nulls ? validityFromNulls(nullRows!, nulls, n) : undefined;
  return dictionaryColumn(keys, n, utf8ColumnOf(distinct), { nullCount: nulls, validity });
}
