import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { groupby_agg } from "./groupby_agg.ts";

const t = aq.table({
  cat: ["b", "a", "b", "a", null, "b", "a"],
  amount: [10, 1, null, 3, 7, 30, 2],
  name: ["x", "z", "y", null, "w", "x", "é"],
  day: [new Date("2024-01-02"), new Date("2024-01-01"), null, new Date("2024-02-01"), new Date("2023-01-01"), new Date("2024-01-05"), new Date("2024-01-03")],
}) as unknown as Table;

Deno.test("groupby_agg names columns <col>_<fn> in the order written, groups sorted with null last", async () => {
  const out = await runOp(groupby_agg, { by: ["cat"], agg: { amount: ["sum", "mean"] } }, t);
  assert.deepEqual(out.columnNames(), ["cat", "amount_sum", "amount_mean"]);
  assert.deepEqual(rowsOf(out), [
    { cat: "a", amount_sum: 6, amount_mean: 2 },
    { cat: "b", amount_sum: 40, amount_mean: 20 },
    { cat: null, amount_sum: 7, amount_mean: 7 },
  ]);
});

Deno.test("groupby_agg computes every function, skipping nulls", async () => {
  const fns = ["count", "min", "max", "median", "std", "var", "nunique", "first", "last"];
  const out = await runOp(groupby_agg, { by: "cat", agg: { amount: fns } }, t);
  const rows = rowsOf(out);
  // a: 1, 3, 2 → median 2, var 1, std 1; b: 10, null, 30 → median 20, var 200
  assert.deepEqual(rows[0], { cat: "a", amount_count: 3, amount_min: 1, amount_max: 3, amount_median: 2, amount_std: 1, amount_var: 1, amount_nunique: 3, amount_first: 1, amount_last: 2 });
  assert.equal(rows[1].amount_count, 2);
  assert.equal(rows[1].amount_median, 20);
  assert.equal(rows[1].amount_var, 200);
  assert.ok(Math.abs((rows[1].amount_std as number) - Math.sqrt(200)) < 1e-12);
  assert.equal(rows[1].amount_last, 30);
  // One value: std and var are null (sample statistics), median is the value.
  assert.deepEqual([rows[2].amount_std, rows[2].amount_var, rows[2].amount_median], [null, null, 7]);
});

Deno.test("groupby_agg min, max, first and last keep strings and dates", async () => {
  const out = await runOp(groupby_agg, { by: ["cat"], agg: { name: ["min", "max", "first", "last", "count"], day: ["min", "max"] } }, t);
  const rows = rowsOf(out);
  assert.deepEqual(rows[0], { cat: "a", name_min: "z", name_max: "é", name_first: "z", name_last: "é", name_count: 2, day_min: new Date("2024-01-01"), day_max: new Date("2024-02-01") });
  assert.deepEqual([rows[1].name_min, rows[1].name_max, rows[1].day_min, rows[1].day_max], ["x", "y", new Date("2024-01-02"), new Date("2024-01-05")]);
});

Deno.test("groupby_agg on several keys and with an all-null group", async () => {
  const u = aq.table({ k1: [1, 1, 2, 2, 1], k2: ["x", "y", "x", "x", "x"], v: [1, null, null, null, 5] }) as unknown as Table;
  const out = await runOp(groupby_agg, { by: ["k1", "k2"], agg: { v: ["sum", "count", "mean", "min", "first"] } }, u);
  assert.deepEqual(rowsOf(out), [
    { k1: 1, k2: "x", v_sum: 6, v_count: 2, v_mean: 3, v_min: 1, v_first: 1 },
    { k1: 1, k2: "y", v_sum: null, v_count: 0, v_mean: null, v_min: null, v_first: null },
    { k1: 2, k2: "x", v_sum: null, v_count: 0, v_mean: null, v_min: null, v_first: null },
  ]);
});

Deno.test("groupby_agg with by: [] aggregates the whole table, even when empty", async () => {
  const out = await runOp(groupby_agg, { by: [], agg: { amount: ["sum", "count"] } }, t);
  assert.deepEqual(rowsOf(out), [{ amount_sum: 53, amount_count: 6 }]);
  const empty = aq.table({ cat: [] as string[], amount: [] as number[] }) as unknown as Table;
  assert.deepEqual(rowsOf(await runOp(groupby_agg, { by: [], agg: { amount: ["sum", "count"] } }, empty)), [{ amount_sum: null, amount_count: 0 }]);
  const byCat = await runOp(groupby_agg, { by: ["cat"], agg: { amount: ["sum"] } }, empty);
  assert.deepEqual(byCat.columnNames(), ["cat", "amount_sum"]);
  assert.equal(byCat.numRows(), 0);
});

Deno.test("groupby_agg on Arrow-backed columns matches the plain table", async () => {
  const arrow = aq.fromArrow(flechette.tableFromArrays({
    cat: ["b", "a", "b", "a", null, "b", "a"],
    amount: [10, 1, null, 3, 7, 30, 2],
  }, { types: { cat: flechette.dictionary(flechette.utf8()), amount: flechette.float64() } }) as never) as unknown as Table;
  const params = { by: ["cat"], agg: { amount: ["sum", "mean", "count", "min", "max", "median", "nunique", "first", "last"] } };
  assert.deepEqual(rowsOf(await runOp(groupby_agg, params, arrow)), rowsOf(await runOp(groupby_agg, params, t)));
});

Deno.test("groupby_agg sums int64 beyond 2^53 exactly and orders BigInt keys", async () => {
  const big = 2n ** 62n;
  const u = aq.fromArrow(flechette.tableFromArrays({ k: BigInt64Array.from([big, 1n, big, -big]), v: BigInt64Array.from([big, 2n, 3n, 4n]) }, { useBigInt: true }) as never) as unknown as Table;
  const out = await runOp(groupby_agg, { by: ["k"], agg: { v: ["sum", "min", "max", "mean"] } }, u);
  assert.deepEqual(valuesOf(out, "k"), [-big, 1, big]);
  assert.deepEqual(valuesOf(out, "v_sum"), [4, 2, big + 3n]);
  assert.deepEqual(valuesOf(out, "v_min"), [4, 2, 3]);
  assert.deepEqual(valuesOf(out, "v_max"), [4, 2, big]);
  assert.equal(valuesOf(out, "v_mean")[2], Number(big + 3n) / 2);
});

Deno.test("groupby_agg refuses to sum strings, naming the column", async () => {
  await assert.rejects(() => runOp(groupby_agg, { by: ["cat"], agg: { name: ["sum"] } }, t), (e: Error) => {
    assert.equal(e.name, "DataError");
    assert.match(e.message, /agg\.name: .*cannot compute sum of the string/);
    return true;
  });
});

Deno.test("groupby_agg check() and columns() catch bad functions and missing columns", async () => {
  assert.match(groupby_agg.check!({ by: ["a"], agg: { x: ["sum", "avg"] } })[0].message, /unknown aggregate function "avg"/);
  assert.match(groupby_agg.check!({ by: ["a"], agg: {} })[0].message, /empty/);
  const r = await inferColumns(groupby_agg, { by: ["cat", "kat"], agg: { amount: ["sum", "mean"], amt: "max" } }, ["cat", "amount"]);
  assert.deepEqual(r.columns, ["cat", "kat", "amount_sum", "amount_mean", "amt_max"]);
  assert.deepEqual(r.missing, [{ param: "by", column: "kat" }, { param: "agg.amt", column: "amt" }]);
});
