import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp } from "../lib/ops_util/test_util.ts";
import { melt } from "./melt.ts";

const t = aq.table({ id: [1, 2], q1: [10, null], q2: [20, 30] }) as unknown as Table;

Deno.test("melt turns value columns into rows, one column after the other", async () => {
  const out = await runOp(melt, { id_vars: ["id"], value_vars: ["q1", "q2"] }, t);
  assert.deepEqual(rowsOf(out), [
    { id: 1, variable: "q1", value: 10 },
    { id: 2, variable: "q1", value: null },
    { id: 1, variable: "q2", value: 20 },
    { id: 2, variable: "q2", value: 30 },
  ]);
});

Deno.test("melt defaults value_vars to the other columns and takes names", async () => {
  const out = await runOp(melt, { id_vars: "id", var_name: "quarter", value_name: "sales" }, t);
  assert.deepEqual(out.columnNames(), ["id", "quarter", "sales"]);
  assert.equal(out.numRows(), 4);
  const mixed = await runOp(melt, { id_vars: [], value_vars: ["id"] }, aq.table({ id: ["x"] }) as unknown as Table);
  assert.deepEqual(rowsOf(mixed), [{ variable: "id", value: "x" }]);
});

Deno.test("melt columns() and check()", async () => {
  const r = await inferColumns(melt, { id_vars: ["id", "nope"], value_vars: ["q1"] }, ["id", "q1", "q2"]);
  assert.deepEqual(r.columns, ["id", "nope", "variable", "value"]);
  assert.deepEqual(r.missing, [{ param: "id_vars", column: "nope" }]);
  assert.match(melt.check!({ id_vars: ["value"] })[0].message, /clash/);
});
