import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp } from "../lib/ops_util/test_util.ts";
import { select } from "./select.ts";
import { drop } from "./drop.ts";
import { rename } from "./rename.ts";

const t = aq.table({ a: [1, 2], "b c": ["x", null], d: [true, false] }) as unknown as Table;

Deno.test("select keeps columns in the order given", async () => {
  const out = await runOp(select, { columns: ["d", "a"] }, t);
  assert.deepEqual(rowsOf(out), [{ d: true, a: 1 }, { d: false, a: 2 }]);
});

Deno.test("select with a mapping renames on the way", async () => {
  const out = await runOp(select, { columns: { "b c": "bc", a: "A" } }, t);
  assert.deepEqual(rowsOf(out), [{ bc: "x", A: 1 }, { bc: null, A: 2 }]);
});

Deno.test("select materializes a filtered input", async () => {
  const view = t.filter((d: { a: number }) => d.a > 1) as unknown as Table;
  const out = await runOp(select, { columns: "a" }, view);
  assert.deepEqual(rowsOf(out), [{ a: 2 }]);
  assert.equal(out.isFiltered(), false);
});

Deno.test("select columns() reports missing names and returns the output names", async () => {
  const r = await inferColumns(select, { columns: { a: "x", nope: "y" } }, ["a", "b c", "d"]);
  assert.deepEqual(r.columns, ["x", "y"]);
  assert.deepEqual(r.missing, [{ param: "columns", column: "nope" }]);
  assert.match(select.check!({ columns: { a: "x", d: "x" } })[0].message, /twice/);
  await assert.rejects(() => runOp(select, { columns: ["zz"] }, t), /columns names column "zz"/);
});

Deno.test("drop removes columns and refuses unknown ones", async () => {
  assert.deepEqual((await runOp(drop, { columns: ["b c"] }, t)).columnNames(), ["a", "d"]);
  assert.deepEqual((await runOp(drop, { columns: "a" }, t)).columnNames(), ["b c", "d"]);
  await assert.rejects(() => runOp(drop, { columns: ["x"] }, t), /"x"/);
  const r = await inferColumns(drop, { columns: ["a", "x"] }, ["a", "b c", "d"]);
  assert.deepEqual(r.columns, ["b c", "d"]);
  assert.deepEqual(r.missing, [{ param: "columns", column: "x" }]);
});

Deno.test("rename keeps positions and values", async () => {
  const out = await runOp(rename, { columns: { a: "alpha", d: "delta" } }, t);
  assert.deepEqual(rowsOf(out), [{ alpha: 1, "b c": "x", delta: true }, { alpha: 2, "b c": null, delta: false }]);
  await assert.rejects(() => runOp(rename, { columns: { a: "d" } }, t), /two columns called "d"/);
  const r = await inferColumns(rename, { columns: { a: "z", q: "w" } }, ["a", "b c", "d"]);
  assert.deepEqual(r.columns, ["z", "b c", "d"]);
  assert.deepEqual(r.missing, [{ param: "columns", column: "q" }]);
});
