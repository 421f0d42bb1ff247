/**
 * Reading transform params and checking the columns they name, shared by the
 * operations in ops/.
 *
 * @module
 */
import { DataError } from "../errors.ts";
import type { ColumnContext, Operation, OpContext, ParamSchema } from "../operation.ts";
import type { Table } from "../types.ts";
import { ExprError } from "../expr/error.ts";

/** Schema of a param that takes one column name or a list of them. */
export const COLUMN_LIST: ParamSchema = {
  anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
};

/** A param given as one string or a list of strings, as a list (empty when absent). */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [String(value)];
}

/** A param given as one boolean or a list, expanded to `n` entries (default true). */
export function boolList(value: unknown, n: number): boolean[] {
  if (Array.isArray(value)) return Array.from({ length: n }, (_, i) => value[i] === undefined ? true : Boolean(value[i]));
  const b = value === undefined ? true : Boolean(value);
  return Array.from({ length: n }, () => b);
}

/** An object param as its entries (keys in the order written). */
export function mapping(value: unknown): [string, unknown][] {
  if (value === undefined || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>);
}

/**
 * Reports every name in `names` missing from `available` through
 * `ctx.missing`; returns true when all exist.
 */
export function checkColumns(ctx: ColumnContext, param: string, names: readonly string[], available: readonly string[]): boolean {
  let ok = true;
  for (const name of names) {
    if (!available.includes(name)) {
      ctx.missing(param, name, [...available]);
      ok = false;
    }
  }
  return ok;
}

/** The column names a param gives: a list (or one name), or a mapping's keys. */
export function namedColumns(params: Record<string, unknown>, param: string, kind: "list" | "keys" = "list"): string[] {
  const value = params[param];
  return kind === "list" ? stringList(value) : mapping(value).map(([k]) => k);
}

/**
 * {@link Operation.columns} for operations whose output has their input's
 * columns (sort, cast, fillna, distinct, dropna): reports the columns `param`
 * names that the input lacks, and passes the input's columns on.
 */
export function sameColumns(param: string, kind: "list" | "keys" = "list"): NonNullable<Operation["columns"]> {
  return (ctx) => {
    if (!ctx.input) return undefined;
    checkColumns(ctx, param, namedColumns(ctx.params, param, kind), ctx.input);
    return ctx.input;
  };
}

/**
 * Throws a {@link DataError} naming the step, the param and the column when
 * `table` lacks one of `names`.
 */
export function requireColumns(table: Table, ctx: Pick<OpContext, "step">, param: string, names: readonly string[]): void {
  const available = table.columnNames();
  for (const name of names) {
    if (!available.includes(name)) {
      throw new DataError(`step "${ctx.step}": ${param} names column "${name}", which the input does not have; available: ${available.join(", ")}`, { column: name });
    }
  }
}

/** The first input table, or a {@link DataError} saying the step needs one. */
export function inputTable(ctx: OpContext): Table {
  if (!ctx.input) throw new DataError(`step "${ctx.step}" needs an input table: add a step to depends_on`);
  return ctx.input;
}

/** Converts an {@link ExprError} met while running into a {@link DataError} naming the step and param. */
export function exprFailure(error: unknown, ctx: Pick<OpContext, "step">, param: string): never {
  if (error instanceof ExprError) {
    const hint = error.hint ? `\n    hint: ${error.hint}` : "";
    throw new DataError(`step "${ctx.step}", ${param}: ${error.message}${hint}`);
  }
  throw error;
}

/** A check() result for an ExprError: the message with the caret, and the hint. */
export function exprProblem(param: string, error: unknown): { param: string; message: string; hint?: string } {
  if (error instanceof ExprError) return { param, message: error.message, hint: error.hint };
  return { param, message: error instanceof Error ? error.message : String(error) };
}
