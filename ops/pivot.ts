/**
 * `pivot {index, columns, values, agg}`: one row per distinct `index`
 * (sorted, like groupby_agg), one column per distinct value of `columns`
 * (sorted; named by the value as text; null values dropped), each cell the
 * aggregate (`agg`, default `first`) of `values` for that pair, or null.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { AGG_FUNCTIONS, type AggFunction, aggregate } from "../lib/ops_util/aggregate.ts";
import { columnData } from "../lib/ops_util/column_data.ts";
import { groupRows, ValueCoder } from "../lib/ops_util/keys.ts";
import { checkColumns, COLUMN_LIST, inputTable, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { activeRows } from "../lib/ops_util/rows.ts";
import { rankValues, sortPermutation } from "../lib/ops_util/sort_index.ts";
import { type ColumnInput, makeTable } from "../lib/ops_util/table_build.ts";
import { toText } from "../lib/expr/values.ts";

/** Spreads the values of one column into columns. */
export const pivot: Operation = {
  name: "pivot",
  description: "Spreads a column into columns: index: region, columns: year, values: amount, agg: sum.",
  resourceHint: "cpu_bound",
  params: {
    index: { ...COLUMN_LIST, description: "Column(s) identifying output rows." },
    columns: { type: "string", description: "Column whose distinct values become output columns." },
    values: { type: "string", description: "Column aggregated into the cells." },
    agg: { type: "string", enum: AGG_FUNCTIONS, default: "first", description: `How cells combine several rows (${AGG_FUNCTIONS.join(", ")}).` },
  },
  required: ["index", "columns", "values"],
  minInputs: 1,
  columns(ctx) {
    if (ctx.input) {
      checkColumns(ctx, "index", stringList(ctx.params.index), ctx.input);
      checkColumns(ctx, "columns", stringList(ctx.params.columns), ctx.input);
      checkColumns(ctx, "values", stringList(ctx.params.values), ctx.input);
    }
    return undefined; // output columns depend on the data
  },
  run(ctx) {
    const table = inputTable(ctx);
    const index = stringList(ctx.params.index);
    const spread = String(ctx.params.columns);
    const values = String(ctx.params.values);
    const agg = String(ctx.params.agg ?? "first") as AggFunction;
    requireColumns(table, ctx, "index", index);
    requireColumns(table, ctx, "columns", [spread]);
    requireColumns(table, ctx, "values", [values]);
    const rows = activeRows(table);
    // Rows: groups of the index columns, sorted by their values.
    const g = groupRows(table, index, rows);
    const firstRows = Int32Array.from(g.first, (p) => (rows ? rows[p] : p));
    const order = sortPermutation(table, firstRows, index.map((column) => ({ column, ascending: true })));
    const rowRank = new Int32Array(g.count);
    for (let i = 0; i < g.count; i++) rowRank[order[i]] = i;
    // Columns: distinct non-null values of `spread`, sorted.
    const coder = new ValueCoder();
    const codes = coder.codes(columnData(table, spread), rows);
    const distinct: unknown[] = new Array(coder.size);
    const spreadCol = columnData(table, spread);
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) distinct[codes[i]] ??= spreadCol.get(rows ? rows[i] : i);
    const colRank = rankValues(distinct);
    const C = distinct.length;
    const G = g.count;
    const ids = new Int32Array(codes.length);
    for (let i = 0; i < ids.length; i++) ids[i] = codes[i] < 0 ? -1 : rowRank[g.ids[i]] * C + colRank[codes[i]];
    const cells = makeTable([["cells", aggregate({ table, rows, ids, groups: G * C }, values, agg)]]);
    const cellData = columnData(cells, "cells");
    const sortedFirst = Int32Array.from(order, (grp) => firstRows[grp]);
    const out: [string, ColumnInput][] = index.map((name) => [name, columnData(table, name).gather(sortedFirst) as ColumnInput]);
    const names = new Array<string>(C);
    for (let c = 0; c < C; c++) names[colRank[c]] = toText(distinct[c]);
    for (let c = 0; c < C; c++) {
      const pick = new Int32Array(G);
      for (let r = 0; r < G; r++) pick[r] = r * C + c;
      out.push([names[c], cellData.gather(pick) as ColumnInput]);
    }
    const seen = new Set<string>();
    for (const [name] of out) {
      if (seen.has(name)) throw new DataError(`step "${ctx.step}": pivot would make two columns called "${name}"; rename the index column first`, { column: name });
      seen.add(name);
    }
    return makeTable(out);
  },
};
