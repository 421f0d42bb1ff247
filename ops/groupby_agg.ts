/**
 * `groupby_agg {by, agg: {col: [fn...]}}`: one row per distinct combination
 * of the `by` columns (sorted ascending by them, nulls last, null keys kept
 * as a group), then a column `<col>_<fn>` per aggregate in the order written.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { AGG_FUNCTIONS, type AggFunction, aggregate } from "../lib/ops_util/aggregate.ts";
import { groupIds } from "../lib/ops_util/keys.ts";
import { checkColumns, COLUMN_LIST, inputTable, mapping, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { activeRows } from "../lib/ops_util/rows.ts";
import { sortPermutation } from "../lib/ops_util/sort_index.ts";
import { type ColumnInput, makeTable } from "../lib/ops_util/table_build.ts";
import { columnData, columnDataOf } from "../lib/ops_util/column_data.ts";

/** The (column, function, output name) triples of an `agg` param, in the order written. */
export function aggSpecs(agg: unknown): { column: string; fn: string; name: string }[] {
  return mapping(agg).flatMap(([column, fns]) => stringList(fns).map((fn) => ({ column, fn, name: `${column}_${fn}` })));
}

/** Groups rows by key columns and aggregates other columns per group. */
export const groupby_agg: Operation = {
  name: "groupby_agg",
  description: "Groups by columns and aggregates: by: [category], agg: {amount: [sum, mean]} gives category, amount_sum, amount_mean.",
  resourceHint: "cpu_bound",
  params: {
    by: { ...COLUMN_LIST, description: "Key columns; an empty list aggregates the whole table into one row." },
    agg: {
      type: "object",
      additionalProperties: {
        anyOf: [{ type: "string", enum: AGG_FUNCTIONS }, { type: "array", items: { type: "string", enum: AGG_FUNCTIONS } }],
      },
      description: `Column → function or list of functions (${AGG_FUNCTIONS.join(", ")}).`,
    },
  },
  required: ["by", "agg"],
  minInputs: 1,
  check(params) {
    const problems = [];
    const specs = aggSpecs(params.agg);
    if (specs.length === 0) problems.push({ param: "agg", message: "agg is empty", hint: "write agg: {amount: [sum, mean]}" });
    const names = new Set(stringList(params.by));
    for (const s of specs) {
      if (!(AGG_FUNCTIONS as readonly string[]).includes(s.fn)) {
        problems.push({ param: `agg.${s.column}`, message: `unknown aggregate function "${s.fn}"`, hint: `use one of ${AGG_FUNCTIONS.join(", ")}` });
      }
      if (names.has(s.name)) problems.push({ param: `agg.${s.column}`, message: `output column "${s.name}" appears twice` });
      names.add(s.name);
    }
    return problems;
  },
  columns(ctx) {
    const by = stringList(ctx.params.by);
    const specs = aggSpecs(ctx.params.agg);
    if (ctx.input) {
      checkColumns(ctx, "by", by, ctx.input);
      for (const s of specs) checkColumns(ctx, `agg.${s.column}`, [s.column], ctx.input);
    }
    return [...by, ...specs.map((s) => s.name)];
  },
  inputColumns(params) {
    return [...stringList(params.by), ...aggSpecs(params.agg).map((s) => s.column)];
  },
  run(ctx) {
    const table = inputTable(ctx);
    const by = stringList(ctx.params.by);
    const specs = aggSpecs(ctx.params.agg);
    requireColumns(table, ctx, "by", by);
    requireColumns(table, ctx, "agg", specs.map((s) => s.column));
    const rows = activeRows(table);
    const n = rows ? rows.length : table.totalRows();
    let { ids, count, first } = groupIds(table, by, rows);
    if (by.length === 0 && n === 0) {
      // Whole-table aggregate of an empty table: still one row (count 0, others null).
      ids = new Int32Array(0);
      count = 1;
      first = Int32Array.of(0);
    }
    ctx.signal.throwIfAborted();
    // The groups that have rows, ordered by their key values.
    let k = 0;
    for (let g = 0; g < count; g++) if (first[g] >= 0) k++;
    const used = new Int32Array(k), firstRows = new Int32Array(k);
    for (let g = 0, j = 0; g < count; g++) {
      if (first[g] < 0) continue;
      used[j] = g;
      firstRows[j++] = rows ? rows[first[g]] : first[g];
    }
    const order = by.length ? sortPermutation(table, firstRows, by.map((column) => ({ column, ascending: true }))) : Int32Array.from(used, (_, i) => i);
    const groupOrder = new Int32Array(k), keyRows = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      groupOrder[j] = used[order[j]];
      keyRows[j] = firstRows[order[j]];
    }
    const out: [string, ColumnInput][] = by.map((name) => [name, columnData(table, name).gather(keyRows) as ColumnInput]);
    for (const s of specs) {
      ctx.signal.throwIfAborted();
      try {
        const perGroup = aggregate({ table, rows, ids, groups: count }, s.column, s.fn as AggFunction);
        out.push([s.name, columnDataOf(perGroup).gather(groupOrder) as ColumnInput]);
      } catch (e) {
        if (e instanceof DataError) throw Object.assign(new DataError(`step "${ctx.step}", agg.${s.column}: ${e.message}`), { column: s.column });
        throw e;
      }
    }
    return makeTable(out);
  },
};
