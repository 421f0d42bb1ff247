import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, testContext } from "../lib/ops_util/test_util.ts";
import { join } from "./join.ts";

const orders = aq.table({ id: [1, 2, 3, 4, null], cust: ["a", "b", "a", "z", "b"], amount: [10, 20, 30, 40, 50] }) as unknown as Table;
const customers = aq.table({ cust: ["b", "a", "c", "a", null], name: ["Bob", "Ann", "Cé", "Ann2", "Nobody"], amount: [1, 2, 3, 4, 5] }) as unknown as Table;
const inputs = { orders, customers };

const run = (params: Record<string, unknown>, ins: Record<string, Table> = inputs) => runOp(join, params, undefined, ins);

Deno.test("inner join keeps left order, each left row's matches in right order; on-keys appear once", async () => {
  const out = await run({ on: "cust" });
  assert.deepEqual(out.columnNames(), ["id", "cust", "amount_x", "name", "amount_y"]);
  assert.deepEqual(rowsOf(out), [
    { id: 1, cust: "a", amount_x: 10, name: "Ann", amount_y: 2 },
    { id: 1, cust: "a", amount_x: 10, name: "Ann2", amount_y: 4 },
    { id: 2, cust: "b", amount_x: 20, name: "Bob", amount_y: 1 },
    { id: 3, cust: "a", amount_x: 30, name: "Ann", amount_y: 2 },
    { id: 3, cust: "a", amount_x: 30, name: "Ann2", amount_y: 4 },
    { id: null, cust: "b", amount_x: 50, name: "Bob", amount_y: 1 },
  ]);
});

Deno.test("left join keeps unmatched left rows with nulls", async () => {
  const out = await run({ on: ["cust"], how: "left", suffixes: ["_o", "_c"] });
  assert.deepEqual(out.columnNames(), ["id", "cust", "amount_o", "name", "amount_c"]);
  const rows = rowsOf(out);
  assert.equal(rows.length, 7);
  assert.deepEqual(rows[5], { id: 4, cust: "z", amount_o: 40, name: null, amount_c: null });
});

Deno.test("right join follows the right table and fills the key from the right", async () => {
  const out = await run({ on: "cust", how: "right" });
  assert.deepEqual(rowsOf(out).map((r) => [r.cust, r.id, r.name]), [
    ["b", 2, "Bob"],
    ["b", null, "Bob"],
    ["a", 1, "Ann"],
    ["a", 3, "Ann"],
    ["c", null, "Cé"],
    ["a", 1, "Ann2"],
    ["a", 3, "Ann2"],
    [null, null, "Nobody"],
  ]);
});

Deno.test("outer join is the left join plus unmatched right rows; null keys never match", async () => {
  const out = await run({ on: "cust", how: "outer" });
  const rows = rowsOf(out).map((r) => [r.id, r.cust, r.name]);
  assert.deepEqual(rows, [
    [1, "a", "Ann"],
    [1, "a", "Ann2"],
    [2, "b", "Bob"],
    [3, "a", "Ann"],
    [3, "a", "Ann2"],
    [4, "z", null],
    [null, "b", "Bob"],
    [null, "c", "Cé"],
    [null, null, "Nobody"],
  ]);
});

Deno.test("semi and anti joins return left columns only", async () => {
  const semi = await run({ on: "cust", how: "semi" });
  assert.deepEqual(semi.columnNames(), ["id", "cust", "amount"]);
  assert.deepEqual(rowsOf(semi).map((r) => r.id), [1, 2, 3, null]);
  const anti = await run({ on: "cust", how: "anti" });
  assert.deepEqual(rowsOf(anti), [{ id: 4, cust: "z", amount: 40 }]);
});

Deno.test("left_on/right_on keep both key columns; left/right params pick the inputs", async () => {
  const people = aq.table({ pid: [1, 2], who: ["P1", "P2"] }) as unknown as Table;
  const out = await run({ left_on: "id", right_on: "pid", left: "orders", right: "people" }, { people, orders });
  assert.deepEqual(rowsOf(out), [
    { id: 1, cust: "a", amount: 10, pid: 1, who: "P1" },
    { id: 2, cust: "b", amount: 20, pid: 2, who: "P2" },
  ]);
  const swapped = await run({ left_on: "pid", right_on: "id", left: "people", right: "orders", how: "left" }, { orders, people });
  assert.deepEqual(swapped.columnNames(), ["pid", "who", "id", "cust", "amount"]);
});

Deno.test("join on several keys and across Arrow dictionary / plain columns", async () => {
  const l = aq.fromArrow(flechette.tableFromArrays({ k: ["x", "y", "x"], n: Int32Array.from([1, 1, 2]), v: [1, 2, 3] }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  const r = aq.table({ k: ["x", "x", "y"], n: [2, 1, 2], w: ["x2", "x1", "y2"] }) as unknown as Table;
  const out = await run({ on: ["k", "n"], how: "left" }, { l, r });
  assert.deepEqual(rowsOf(out), [
    { k: "x", n: 1, v: 1, w: "x1" },
    { k: "y", n: 1, v: 2, w: null },
    { k: "x", n: 2, v: 3, w: "x2" },
  ]);
});

Deno.test("join with an empty side", async () => {
  const empty = aq.table({ cust: [] as string[], name: [] as string[] }) as unknown as Table;
  assert.equal((await run({ on: "cust" }, { orders, empty })).numRows(), 0);
  const left = await run({ on: "cust", how: "left" }, { orders, empty });
  assert.equal(left.numRows(), 5);
  assert.deepEqual(left.columnNames(), ["id", "cust", "amount", "name"]);
});

Deno.test("join check() and columns() catch key mistakes", async () => {
  assert.match(join.check!({})[0].message, /needs key columns/);
  assert.match(join.check!({ on: "a", left_on: "b" })[0].message, /not both/);
  assert.match(join.check!({ left_on: ["a", "b"], right_on: "c" })[0].message, /2 column/);
  const r = await inferColumns(join, { on: "cust", how: "left" }, undefined, { orders: ["id", "cust", "amount"], customers: ["cst", "name"] });
  assert.deepEqual(r.missing, [{ param: "on", column: "cust" }]);
  const ok = await inferColumns(join, { left_on: "id", right_on: "pid" }, undefined, { a: ["id", "x"], b: ["pid", "x"] });
  assert.deepEqual(ok.columns, ["id", "x_x", "pid", "x_y"]);
  assert.deepEqual((await inferColumns(join, { on: "id", how: "anti" }, undefined, { a: ["id", "x"], b: ["id", "y"] })).columns, ["id", "x"]);
  await assert.rejects(() => run({ on: "cust", right: "nope" }), /no input "nope"/);
});

Deno.test("a lookup join (each left row matches once) reuses the left columns", async () => {
  const facts = aq.fromArrow(flechette.tableFromArrays({ k: ["x", "y", "x", "z"], v: Float64Array.from([1, 2, 3, 4]) }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  const dim = aq.table({ k: ["z", "y", "x"], label: ["Z", "Y", "X"] }) as unknown as Table;
  const out = await run({ on: "k" }, { facts, dim });
  assert.deepEqual(rowsOf(out), [
    { k: "x", v: 1, label: "X" },
    { k: "y", v: 2, label: "Y" },
    { k: "x", v: 3, label: "X" },
    { k: "z", v: 4, label: "Z" },
  ]);
  const partial = await run({ on: "k", how: "left" }, { facts, dim: aq.table({ k: ["x"], label: ["X"] }) as unknown as Table });
  assert.deepEqual(rowsOf(partial).map((r) => r.label), ["X", null, "X", null]);
});

Deno.test("join makes only the output columns later steps read (ctx.columnsUsed)", async () => {
  for (const how of ["inner", "left", "outer"]) {
    const ctx = testContext({ on: "cust", how }, undefined, inputs);
    const full = await join.run(ctx) as Table;
    const some = await join.run({ ...ctx, columnsUsed: ["name", "amount_x"] }) as Table;
    assert.deepEqual(some.columnNames(), ["amount_x", "name"], how);
    assert.deepEqual(rowsOf(some), rowsOf(full.select("amount_x", "name")), how);
  }
});
