import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { distinct } from "./distinct.ts";

const t = aq.table({ a: [1, 1, 2, null, null, 1], b: ["x", "x", "x", "y", "y", "z"], n: [1, 2, 3, 4, 5, 6] }) as unknown as Table;

Deno.test("distinct keeps the first row of each combination of all columns", async () => {
  const u = aq.table({ a: [1, 1, 2, 1], b: ["x", "x", "y", "x"] }) as unknown as Table;
  assert.deepEqual(rowsOf(await runOp(distinct, {}, u)), [{ a: 1, b: "x" }, { a: 2, b: "y" }]);
});

Deno.test("distinct on a subset keeps every column; nulls are equal", async () => {
  assert.deepEqual(valuesOf(await runOp(distinct, { columns: ["a", "b"] }, t), "n"), [1, 3, 4, 6]);
  assert.deepEqual(valuesOf(await runOp(distinct, { columns: "a" }, t), "n"), [1, 3, 4]);
  assert.equal((await runOp(distinct, {}, aq.table({ a: [] }) as unknown as Table)).numRows(), 0);
});

Deno.test("distinct reports missing columns and has the drop_duplicates alias", async () => {
  assert.deepEqual((await inferColumns(distinct, { columns: ["q"] }, ["a"])).missing, [{ param: "columns", column: "q" }]);
  assert.deepEqual(distinct.aliases, ["drop_duplicates"]);
});
