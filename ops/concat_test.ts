import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { concat } from "./concat.ts";

Deno.test("concat stacks inputs in order, matching columns by name, missing ones null", async () => {
  const a = aq.table({ x: [1, 2], y: ["a", "b"] }) as unknown as Table;
  const b = aq.table({ y: ["c"], z: [true] }) as unknown as Table;
  const out = await runOp(concat, {}, undefined, { a, b });
  assert.deepEqual(out.columnNames(), ["x", "y", "z"]);
  assert.deepEqual(rowsOf(out), [
    { x: 1, y: "a", z: null },
    { x: 2, y: "b", z: null },
    { x: null, y: "c", z: true },
  ]);
});

Deno.test("concat of Arrow inputs merges dictionaries and keeps typed columns", async () => {
  const mk = (k: (string | null)[], v: number[]) =>
    aq.fromArrow(flechette.tableFromArrays({ k, v: Float64Array.from(v) }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  const out = await runOp(concat, {}, undefined, { p: mk(["a", "b", null], [1, 2, 3]), q: mk(["c", "a"], [4, 5]) });
  assert.deepEqual(valuesOf(out, "k"), ["a", "b", null, "c", "a"]);
  assert.deepEqual(valuesOf(out, "v"), [1, 2, 3, 4, 5]);
  assert.ok(out.column("v") instanceof flechette.Column);
});

Deno.test("concat with mixed column types and empty inputs", async () => {
  const a = aq.table({ x: [1] }) as unknown as Table;
  const b = aq.table({ x: ["two"] }) as unknown as Table;
  const e = aq.table({ x: [] as number[] }) as unknown as Table;
  // Mixed kinds become text (the Arrow column needs one type).
  assert.deepEqual(valuesOf(await runOp(concat, {}, undefined, { a, e, b }), "x"), ["1", "two"]);
});

Deno.test("concat columns() is the union of the inputs' columns", async () => {
  const r = await inferColumns(concat, {}, undefined, { a: ["x", "y"], b: ["y", "z"] });
  assert.deepEqual(r.columns, ["x", "y", "z"]);
  assert.equal((await inferColumns(concat, {}, undefined, { a: ["x"], b: undefined })).columns, undefined);
});
