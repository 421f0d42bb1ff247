/**
 * Helpers for tests of operations: contexts, running an op, reading rows.
 *
 * @module
 */
import type { ColumnContext, Operation, OpContext } from "../operation.ts";
import type { Table } from "../types.ts";
import { columnData } from "./column_data.ts";
import { rowList } from "./rows.ts";

/** An OpContext for tests; `logs` collects ctx.log lines. */
export function testContext(params: Record<string, unknown>, input?: Table, inputs: Record<string, Table> = {}, signal = new AbortController().signal): OpContext & { logs: string[] } {
  const logs: string[] = [];
  return {
    params,
    input: input ?? Object.values(inputs)[0],
    inputs: input && Object.keys(inputs).length === 0 ? { in: input } : inputs,
    signal,
    attempt: 1,
    step: "t",
    baseDir: ".",
    progress() {},
    log: (m: string) => void logs.push(m),
    logs,
  };
}

/** Runs `op` on `input` with `params` and returns the output table. */
export async function runOp(op: Operation, params: Record<string, unknown>, input?: Table, inputs?: Record<string, Table>): Promise<Table> {
  return await op.run(testContext(params, input, inputs)) as Table;
}

/** The rows of a table as plain objects, values as expressions see them (Dates, BigInt beyond 2^53). */
export function rowsOf(table: Table): Record<string, unknown>[] {
  const names = table.columnNames();
  const cols = names.map((n) => columnData(table, n));
  return Array.from(rowList(table), (r) => Object.fromEntries(names.map((n, i) => [n, cols[i].get(r)])));
}

/** One column's values, in row order. */
export function valuesOf(table: Table, name: string): unknown[] {
  const col = columnData(table, name);
  return Array.from(rowList(table), (r) => col.get(r));
}

/** Runs `op.columns` with known input columns; returns the result and every missing() report. */
export async function inferColumns(
  op: Operation,
  params: Record<string, unknown>,
  input?: string[],
  inputs: Record<string, string[] | undefined> = input ? { in: input } : {},
): Promise<{ columns: string[] | undefined; missing: { param: string; column: string }[] }> {
  const missing: { param: string; column: string }[] = [];
  const ctx: ColumnContext = { params, input, inputs, baseDir: ".", missing: (param, column) => void missing.push({ param, column }) };
  const columns = await op.columns?.(ctx);
  return { columns, missing };
}
