import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { dropna } from "./dropna.ts";

const t = aq.table({ id: [1, 2, 3, 4], a: [1, null, NaN, 4], s: ["x", "y", "z", null] }) as unknown as Table;

Deno.test("dropna removes rows with a null or NaN in any column", async () => {
  assert.deepEqual(valuesOf(await runOp(dropna, {}, t), "id"), [1]);
});

Deno.test("dropna on chosen columns", async () => {
  assert.deepEqual(valuesOf(await runOp(dropna, { columns: ["s"] }, t), "id"), [1, 2, 3]);
  assert.deepEqual(valuesOf(await runOp(dropna, { columns: "a" }, t), "id"), [1, 4]);
});

Deno.test("dropna on Arrow columns and NaN without a validity bitmap", async () => {
  const arrow = aq.fromArrow(flechette.tableFromArrays({ v: Float64Array.from([1, NaN, 3]), k: ["a", null, "c"] }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  assert.deepEqual(valuesOf(await runOp(dropna, { columns: "v" }, arrow), "v"), [1, 3]);
  assert.deepEqual(valuesOf(await runOp(dropna, {}, arrow), "k"), ["a", "c"]);
  assert.deepEqual((await inferColumns(dropna, { columns: ["q"] }, ["v"])).missing, [{ param: "columns", column: "q" }]);
});
