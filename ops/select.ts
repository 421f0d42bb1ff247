/**
 * `select {columns: [names] | {old: new}}`: keeps columns, in the order given,
 * optionally renaming them.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import type { Table } from "../lib/types.ts";
import { checkColumns, inputTable, mapping, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { activeRows } from "../lib/ops_util/rows.ts";
import { gatherTable, makeTable } from "../lib/ops_util/table_build.ts";

/** The (old, new) name pairs of select's `columns` param. */
export function selectPairs(columns: unknown): [string, string][] {
  if (columns && typeof columns === "object" && !Array.isArray(columns)) {
    return mapping(columns).map(([k, v]) => [k, String(v)]);
  }
  return stringList(columns).map((c) => [c, c]);
}

/** Keeps the named columns in the order given; a mapping renames them on the way. */
export const select: Operation = {
  name: "select",
  description: "Keeps columns in the order given: columns: [a, b] or columns: {old_name: new_name}.",
  resourceHint: "cpu_bound",
  params: {
    columns: {
      anyOf: [{ type: "array", items: { type: "string" } }, { type: "string" }, { type: "object", additionalProperties: { type: "string" } }],
      description: "Column names to keep, or a mapping old name → new name.",
    },
  },
  required: ["columns"],
  minInputs: 1,
  check(params) {
    const pairs = selectPairs(params.columns);
    if (pairs.length === 0) return [{ param: "columns", message: "columns is empty", hint: "name at least one column" }];
    const seen = new Set<string>();
    for (const [, to] of pairs) {
      if (seen.has(to)) return [{ param: "columns", message: `column "${to}" would appear twice in the output` }];
      seen.add(to);
    }
    return [];
  },
  columns(ctx) {
    const pairs = selectPairs(ctx.params.columns);
    if (ctx.input) checkColumns(ctx, "columns", pairs.map(([from]) => from), ctx.input);
    return pairs.map(([, to]) => to);
  },
  inputColumns(params) {
    return selectPairs(params.columns).map(([from]) => from);
  },
  // row i of the output is row i of the input
  inputRows: (_params, used) => used,
  run(ctx) {
    const table = inputTable(ctx);
    const pairs = selectPairs(ctx.params.columns);
    requireColumns(table, ctx, "columns", pairs.map(([from]) => from));
    return project(table, pairs);
  },
};

/** The columns `pairs` (from → to) of `table`, keeping Arquero filters as materialized rows. */
export function project(table: Table, pairs: [string, string][]): Table {
  const rows = activeRows(table);
  if (rows) {
    const gathered = gatherTable(table, rows, pairs.map(([from]) => from));
    return makeTable(pairs.map(([from, to]) => [to, gathered.column(from) as unknown as object] as const));
  }
  return makeTable(pairs.map(([from, to]) => [to, table.column(from) as unknown as object] as const));
}
