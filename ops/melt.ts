/**
 * `melt {id_vars, value_vars, var_name, value_name}`: turns columns into
 * rows. For each value column in order, every input row gives one output
 * row: the id columns, the value column's name and its value.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { arrowDictionaryColumn, columnData } from "../lib/ops_util/column_data.ts";
import { dictionaryValuesColumn } from "../lib/table/arrow_build.ts";
import { concatColumn } from "../lib/ops_util/concat_columns.ts";
import { checkColumns, COLUMN_LIST, inputTable, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { rowList } from "../lib/ops_util/rows.ts";
import { type ColumnInput, makeTable } from "../lib/ops_util/table_build.ts";

function names(params: Record<string, unknown>, input: readonly string[] | undefined) {
  const idVars = stringList(params.id_vars);
  const given = stringList(params.value_vars);
  const valueVars = given.length || !input ? given : input.filter((c) => !idVars.includes(c));
  return { idVars, valueVars, varName: String(params.var_name ?? "variable"), valueName: String(params.value_name ?? "value") };
}

/** Unpivots columns into (variable, value) rows. */
export const melt: Operation = {
  name: "melt",
  description: "Turns columns into rows: id_vars: [id], value_vars: [q1, q2] gives id, variable, value.",
  resourceHint: "cpu_bound",
  params: {
    id_vars: { ...COLUMN_LIST, description: "Columns repeated on every output row." },
    value_vars: { ...COLUMN_LIST, description: "Columns turned into rows (default: every column not in id_vars)." },
    var_name: { type: "string", default: "variable", description: "Name of the column holding the former column names." },
    value_name: { type: "string", default: "value", description: "Name of the column holding the values." },
  },
  minInputs: 1,
  check(params) {
    const n = names(params, undefined);
    if (n.idVars.includes(n.varName) || n.idVars.includes(n.valueName) || n.varName === n.valueName) {
      return [{ param: "var_name", message: `output column names clash: ${[...n.idVars, n.varName, n.valueName].join(", ")}`, hint: "choose other var_name / value_name" }];
    }
    return [];
  },
  columns(ctx) {
    const n = names(ctx.params, ctx.input);
    if (ctx.input) {
      checkColumns(ctx, "id_vars", n.idVars, ctx.input);
      checkColumns(ctx, "value_vars", n.valueVars, ctx.input);
    }
    return [...n.idVars, n.varName, n.valueName];
  },
  run(ctx) {
    const table = inputTable(ctx);
    const n = names(ctx.params, table.columnNames());
    requireColumns(table, ctx, "id_vars", n.idVars);
    requireColumns(table, ctx, "value_vars", n.valueVars);
    const rows = rowList(table);
    const V = n.valueVars.length;
    const total = rows.length * V;
    const repeated = new Int32Array(total);
    for (let v = 0; v < V; v++) repeated.set(rows, v * rows.length);
    const variable = new Int32Array(total);
    for (let v = 0; v < V; v++) variable.fill(v, v * rows.length, (v + 1) * rows.length);
    const out: [string, ColumnInput][] = n.idVars.map((c) => [c, columnData(table, c).gather(repeated) as ColumnInput]);
    const dict = dictionaryValuesColumn(n.valueVars);
    out.push([n.varName, arrowDictionaryColumn(variable, null, 0, dict)]);
    out.push([n.valueName, concatColumn(n.valueVars.map((c) => ({ col: columnData(table, c), rows })), total)]);
    return makeTable(out);
  },
};
