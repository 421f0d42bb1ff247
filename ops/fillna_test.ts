import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { fillna } from "./fillna.ts";

Deno.test("fillna fills nulls and NaN per column, other columns untouched", async () => {
  const t = aq.table({ a: [1, null, NaN], s: ["x", null, "y"], d: [new Date("2024-01-01"), null, null], o: [null, 1, null] }) as unknown as Table;
  const out = await runOp(fillna, { values: { a: 0, s: "?", d: "2000-01-02" } }, t);
  assert.deepEqual(valuesOf(out, "a"), [1, 0, 0]);
  assert.deepEqual(valuesOf(out, "s"), ["x", "?", "y"]);
  assert.deepEqual(valuesOf(out, "d"), [new Date("2024-01-01"), new Date("2000-01-02"), new Date("2000-01-02")]);
  assert.deepEqual(valuesOf(out, "o"), [null, 1, null]);
});

Deno.test("fillna on Arrow columns keeps them typed and dictionary-encoded", async () => {
  const t = aq.fromArrow(flechette.tableFromArrays({ k: ["a", null, "b", null], v: [1.5, null, 2, null] }, { types: { k: flechette.dictionary(flechette.utf8()), v: flechette.float64() } }) as never) as unknown as Table;
  const out = await runOp(fillna, { values: { k: "b", v: -1 } }, t);
  assert.deepEqual(valuesOf(out, "k"), ["a", "b", "b", "b"]);
  assert.deepEqual(valuesOf(out, "v"), [1.5, -1, 2, -1]);
  assert.ok(out.column("v") instanceof flechette.Column);
  assert.equal(typeof (out.column("k") as unknown as { key: unknown }).key, "function");
});

Deno.test("fillna refuses a non-date for a date column and reports missing columns", async () => {
  const t = aq.table({ d: [new Date("2024-01-01"), null] }) as unknown as Table;
  await assert.rejects(() => runOp(fillna, { values: { d: "soon" } }, t), /not a date/);
  assert.deepEqual((await inferColumns(fillna, { values: { zz: 1 } }, ["d"])).missing, [{ param: "values", column: "zz" }]);
});
