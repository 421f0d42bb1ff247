/**
 * `rename {columns: {old: new}}`: renames columns in place.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { checkColumns, inputTable, mapping, requireColumns } from "../lib/ops_util/params.ts";
import { project } from "./select.ts";

/** Renames columns, keeping their positions. */
export const rename: Operation = {
  name: "rename",
  description: "Renames columns, keeping their positions: columns: {old_name: new_name}.",
  resourceHint: "cpu_bound",
  params: {
    columns: { type: "object", additionalProperties: { type: "string" }, description: "Old name → new name." },
  },
  required: ["columns"],
  minInputs: 1,
  check(params) {
    return mapping(params.columns).length === 0 ? [{ param: "columns", message: "columns is empty", hint: "write columns: {old_name: new_name}" }] : [];
  },
  columns(ctx) {
    if (!ctx.input) return undefined;
    const map = new Map(mapping(ctx.params.columns).map(([k, v]) => [k, String(v)]));
    checkColumns(ctx, "columns", [...map.keys()], ctx.input);
    return ctx.input.map((c) => map.get(c) ?? c);
  },
  // row i of the output is row i of the input
  inputRows: (_params, used) => used,
  inputColumns(params, used) {
    if (!used) return undefined;
    const entries = mapping(params.columns);
    const back = new Map(entries.map(([from, to]) => [String(to), from]));
    const need = new Set(entries.map(([from]) => from));
    for (const c of used) need.add(back.get(c) ?? c);
    return need;
  },
  run(ctx) {
    const table = inputTable(ctx);
    const map = new Map(mapping(ctx.params.columns).map(([k, v]) => [k, String(v)]));
    requireColumns(table, ctx, "columns", [...map.keys()]);
    const pairs: [string, string][] = table.columnNames().map((c) => [c, map.get(c) ?? c]);
    const seen = new Set<string>();
    for (const [, to] of pairs) {
      if (seen.has(to)) throw new DataError(`step "${ctx.step}": renaming makes two columns called "${to}"; pick another name`);
      seen.add(to);
    }
    return project(table, pairs);
  },
};
