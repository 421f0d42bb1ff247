/**
 * Turning what an operation returned into a table (or nothing).
 *
 * @module
 */
import { aq } from "../deps.ts";
import type { OpOutput } from "../operation.ts";
import type { Table } from "../types.ts";

/** Whether a value looks like an Arquero table (duck-typed: user modules may load their own copy of Arquero). */
export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null &&
    typeof (value as Table).numRows === "function" && typeof (value as Table).columnNames === "function";
}

/**
 * An operation's output as a table: a table as is, an array of row objects through `aq.from`,
 * nothing as undefined.
 * @throws {TypeError} for any other value, saying what to return instead.
 */
export function toTable(value: OpOutput | unknown, step: string): Table | undefined {
  if (value === undefined || value === null) return undefined;
  if (isTable(value)) return value;
  if (Array.isArray(value)) return aq.from(value) as Table;
  throw new TypeError(
    `step "${step}": the operation returned ${typeof value}; return an Arquero table, an array of row objects, or nothing`,
  );
}
