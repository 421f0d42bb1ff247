/**
 * `cast {columns: {col: int|float|string|bool|date|timestamp}}`: converts
 * column types. Empty strings become null; a value that cannot be converted
 * fails the step naming the column, the row and the value.
 *
 * int gives int32 when every value fits, else int64; floats are truncated
 * toward zero. bool accepts true/false, 1/0, yes/no, t/f, y/n (any case) and
 * numbers (non-zero is true). date keeps the day (UTC); timestamp keeps the
 * time; numbers count as epoch milliseconds.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { flechette } from "../lib/deps.ts";
import { columnData } from "../lib/ops_util/column_data.ts";
import { inputTable, mapping, requireColumns, sameColumns } from "../lib/ops_util/params.ts";
import { type ColumnInput, columnFromJS, numberColumn, plainTable, stringColumn, withColumn } from "../lib/ops_util/table_build.ts";
import { describeValue } from "../lib/expr/functions.ts";
import { isNull, parseDateString, toText } from "../lib/expr/values.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

const TYPES = ["int", "float", "string", "bool", "date", "timestamp"] as const;
type CastType = typeof TYPES[number];

/** Converts the types of columns. */
export const cast: Operation = {
  name: "cast",
  description: "Converts column types: columns: {id: int, price: float, day: date} (int, float, string, bool, date, timestamp).",
  resourceHint: "cpu_bound",
  params: {
    columns: {
      type: "object",
      additionalProperties: { type: "string", enum: TYPES },
      description: "Column → target type.",
    },
  },
  required: ["columns"],
  minInputs: 1,
  check(params) {
    const problems = [];
    for (const [col, type] of mapping(params.columns)) {
      if (!(TYPES as readonly unknown[]).includes(type)) {
        problems.push({ param: `columns.${col}`, message: `unknown type "${String(type)}"`, hint: `use one of ${TYPES.join(", ")}` });
      }
    }
    return problems;
  },
  columns: sameColumns("columns", "keys"),
  inputColumns: passThrough("columns", "keys"),
  run(ctx) {
    let table = plainTable(inputTable(ctx));
    const entries = mapping(ctx.params.columns) as [string, CastType][];
    requireColumns(table, ctx, "columns", entries.map(([c]) => c));
    for (const [name, type] of entries) {
      ctx.signal.throwIfAborted();
      table = withColumn(table, name, castColumn(table, name, type, ctx.step));
    }
    return table;
  },
};

function castColumn(table: import("../lib/types.ts").Table, name: string, type: CastType, step: string): ColumnInput {
  const col = columnData(table, name);
  const n = col.length;
  if (type === "float" && col.numeric && col.numeric.values instanceof Float64Array) return table.column(name) as unknown as ColumnInput;
  const convert = CONVERTERS[type];
  const fail = (v: unknown, r: number): never => {
    throw new DataError(`step "${step}": cannot cast ${describeValue(v)} (row ${r + 1}) to ${type}`, { column: name });
  };
  const values = new Array(n);
  if (col.dict) {
    // Convert each dictionary entry once.
    const { keys, dictionary, nullKey } = col.dict;
    const converted = dictionary.map((v) => (isNull(v) ? null : convert(v)));
    for (let r = 0; r < n; r++) {
      const k = keys[r];
      if (k === nullKey) values[r] = null;
      else if (converted[k] === undefined) fail(dictionary[k], r);
      else values[r] = converted[k];
    }
  } else {
    for (let r = 0; r < n; r++) {
      const v = col.get(r);
      if (isNull(v)) values[r] = null;
      else {
        const c = convert(v);
        if (c === undefined) fail(v, r);
        values[r] = c;
      }
    }
  }
  switch (type) {
    case "float":
      return numberColumn(values, Float64Array);
    case "string":
      return stringColumn(values);
    case "int": {
      const int32 = values.every((v) => v === null || (typeof v === "number" && v >= -2147483648 && v <= 2147483647));
      return int32 ? numberColumn(values, Int32Array) : columnFromJS(values.map((v) => (typeof v === "number" ? BigInt(v) : v)));
    }
    case "bool":
      return flechette.columnFromArray(values, flechette.bool()) as ColumnInput;
    case "date":
      return flechette.columnFromArray(values, flechette.dateDay(), { useDate: true }) as ColumnInput;
    case "timestamp":
      return flechette.columnFromArray(values, flechette.timestamp(flechette.TimeUnit.MILLISECOND), { useDate: true }) as ColumnInput;
  }
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT = /^[+-]?\d+$/;
const TRUE = new Set(["true", "1", "yes", "t", "y"]);
const FALSE = new Set(["false", "0", "no", "f", "n"]);
const DAY = 86400000;

/** Converters return the new value, null for empty strings, or undefined when the value cannot be converted. */
const CONVERTERS: Record<CastType, (v: unknown) => unknown> = {
  float(v) {
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    if (v instanceof Date) return v.getTime();
    if (typeof v === "string") {
      const s = v.trim();
      if (s === "") return null;
      if (FLOAT.test(s)) return Number(s);
      const l = s.toLowerCase();
      if (l === "nan") return null;
      if (l === "inf" || l === "+inf" || l === "infinity") return Infinity;
      if (l === "-inf" || l === "-infinity") return -Infinity;
    }
    return undefined;
  },
  int(v) {
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : undefined;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (v instanceof Date) return v.getTime();
    if (typeof v === "string") {
      const s = v.trim();
      if (s === "") return null;
      if (INT.test(s)) {
        const b = BigInt(s);
        return Number.isSafeInteger(Number(b)) ? Number(b) : b;
      }
      if (FLOAT.test(s)) {
        const x = Number(s);
        return Number.isInteger(x) ? x : undefined;
      }
    }
    return undefined;
  },
  string: (v) => toText(v),
  bool(v) {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "bigint") return v !== 0n;
    if (typeof v === "string") {
      const s = v.trim().toLowerCase();
      if (s === "") return null;
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
    }
    return undefined;
  },
  date(v) {
    const ms = epoch(v);
    if (ms === null || ms === undefined) return ms;
    return new Date(ms - (((ms % DAY) + DAY) % DAY));
  },
  timestamp(v) {
    const ms = epoch(v);
    return ms === null || ms === undefined ? ms : new Date(ms);
  },
};

function epoch(v: unknown): number | null | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    if (v.trim() === "") return null;
    const ms = parseDateString(v);
    return ms === ms ? ms : undefined;
  }
  return undefined;
}
