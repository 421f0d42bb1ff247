/**
 * `fillna {values: {col: v}}`: replaces nulls (and NaN) in each named column
 * with a value. A date column takes a date string ('2024-01-31').
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { arrowDictionaryColumn, type ColumnData, columnData, nullTester } from "../lib/ops_util/column_data.ts";
import { inputTable, mapping, requireColumns, sameColumns } from "../lib/ops_util/params.ts";
import { type ColumnInput, columnFromJS, float64Column, int32Column, plainTable, withColumn } from "../lib/ops_util/table_build.ts";
import { dictionaryValuesColumn } from "../lib/table/arrow_build.ts";
import { parseDateString } from "../lib/expr/values.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Fills nulls per column. */
export const fillna: Operation = {
  name: "fillna",
  description: "Replaces nulls (and NaN) per column: values: {amount: 0, region: unknown}.",
  resourceHint: "cpu_bound",
  params: {
    values: {
      type: "object",
      additionalProperties: { type: ["string", "number", "boolean"] },
      description: "Column → value to put where the column is null.",
    },
  },
  required: ["values"],
  minInputs: 1,
  check(params) {
    return mapping(params.values).length === 0 ? [{ param: "values", message: "values is empty", hint: "write values: {column: 0}" }] : [];
  },
  columns: sameColumns("values", "keys"),
  inputColumns: passThrough("values", "keys"),
  run(ctx) {
    let table = plainTable(inputTable(ctx));
    const entries = mapping(ctx.params.values);
    requireColumns(table, ctx, "values", entries.map(([c]) => c));
    for (const [name, value] of entries) {
      if (value === null || value === undefined) continue;
      const col = columnData(table, name);
      if (col.nullCount === 0 && !col.numeric) continue;
      table = withColumn(table, name, fillColumn(col, value, name, ctx.step));
    }
    return table;
  },
};

function fillColumn(col: ColumnData, value: unknown, name: string, step: string): ColumnInput {
  const n = col.length;
  const isNull = nullTester(col);
  if (col.numeric && typeof value === "number") {
    const src = col.numeric.values;
    if (src instanceof Float64Array || (src instanceof Int32Array && Number.isInteger(value) && Math.abs(value) < 2 ** 31)) {
      const out = src.slice();
      for (let r = 0; r < n; r++) if (isNull(r)) out[r] = value;
      return out instanceof Float64Array ? float64Column(out) : int32Column(out as Int32Array);
    }
  }
  if (col.dict && typeof value === "string" && col.dict.nullKey >= 0) {
    const { keys, dictionary, nullKey } = col.dict;
    let k = dictionary.indexOf(value);
    const dict = k >= 0 ? dictionary : [...dictionary, value];
    if (k < 0) k = dictionary.length;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) out[r] = keys[r] === nullKey ? k : keys[r];
    return arrowDictionaryColumn(out, null, 0, dictionaryValuesColumn(dict));
  }
  let fill: unknown = value;
  if (col.epochMs && typeof value === "string") {
    const ms = parseDateString(value);
    if (ms !== ms) throw new DataError(`step "${step}": values.${name} is ${JSON.stringify(value)}, not a date; write 'YYYY-MM-DD'`, { column: name });
    fill = new Date(ms);
  }
  const values = new Array(n);
  for (let r = 0; r < n; r++) values[r] = isNull(r) ? fill : col.get(r);
  return columnFromJS(values);
}
