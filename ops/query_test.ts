import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { query } from "./query.ts";

const sales = aq.table({
  id: [1, 2, 3, 4, 5],
  region: ["EU", "US", null, "EU", "Ásia"],
  amount: [120, 80, 200, null, 150],
}) as unknown as Table;

Deno.test("query keeps the rows where the expression is true", async () => {
  const out = await runOp(query, { expr: "amount > 100 and region in ['EU', 'Ásia']" }, sales);
  assert.deepEqual(rowsOf(out), [
    { id: 1, region: "EU", amount: 120 },
    { id: 5, region: "Ásia", amount: 150 },
  ]);
});

Deno.test("query drops rows where the expression is null", async () => {
  const out = await runOp(query, { expr: "amount < 1000" }, sales);
  assert.deepEqual(valuesOf(out, "id"), [1, 2, 3, 5]);
  const none = await runOp(query, { expr: "region != 'EU'" }, sales);
  assert.deepEqual(valuesOf(none, "id"), [2, 5]);
});

Deno.test("query on a plain Arrow-backed table masks its rows instead of copying them", async () => {
  const arrow = aq.fromArrow(flechette.tableFromArrays({
    k: ["a", "b", "a", null, "c"],
    v: Float64Array.from([1, 2, 3, 4, 5]),
  }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  const out = await runOp(query, { expr: "k == 'a' or v >= 5" }, arrow);
  assert.deepEqual(rowsOf(out), [{ k: "a", v: 1 }, { k: "a", v: 3 }, { k: "c", v: 5 }]);
  assert.equal(out.isFiltered(), true);
  assert.equal(out.numRows(), 3);
  assert.deepEqual(Array.from(out.indices()), [0, 2, 4]);
  // the same Arrow columns, not copies
  assert.equal(out.column("v"), arrow.column("v"));
  assert.ok(out.column("v") instanceof flechette.Column);
  assert.equal(typeof (out.column("k") as unknown as { key: unknown }).key, "function"); // dictionary-encoded
  // the next step gets only the kept rows, and a filter of the filter copies them out
  const again = await runOp(query, { expr: "v > 1" }, out);
  assert.equal(again.isFiltered(), false);
  assert.deepEqual(rowsOf(again), [{ k: "a", v: 3 }, { k: "c", v: 5 }]);
  assert.equal(await runOp(query, { expr: "v > 0" }, arrow), arrow, "every row kept: the input itself");
});

Deno.test("query on an empty table and with no matches gives an empty table with the columns", async () => {
  const empty = aq.table({ a: [] as number[], b: [] as string[] }) as unknown as Table;
  const out1 = await runOp(query, { expr: "a > 1" }, empty);
  assert.deepEqual(out1.columnNames(), ["a", "b"]);
  assert.equal(out1.numRows(), 0);
  const out2 = await runOp(query, { expr: "amount > 1e9" }, sales);
  assert.equal(out2.numRows(), 0);
  assert.deepEqual(out2.columnNames(), ["id", "region", "amount"]);
});

Deno.test("query respects an Arquero filter and order already on the input", async () => {
  const view = sales.filter((d: { id: number }) => d.id > 1).orderby(aq.desc("id")) as unknown as Table;
  const out = await runOp(query, { expr: "amount is not null" }, view);
  assert.deepEqual(valuesOf(out, "id"), [5, 3, 2]);
});

Deno.test("query check() reports syntax errors with a caret and window functions", () => {
  const [p] = query.check!({ expr: "amount >> 3" });
  assert.equal(p.param, "expr");
  assert.equal(p.message, 'unexpected ">" at column 9\n  amount >> 3\n          ^');
  assert.deepEqual(query.check!({ expr: "amount > 3" }), []);
  assert.match(query.check!({ expr: "row_number() < 3" })[0].message, /derive only/);
});

Deno.test("query columns() passes columns through and reports missing ones", async () => {
  const r = await inferColumns(query, { expr: "amout > 1 and region == 'EU'" }, ["id", "region", "amount"]);
  assert.deepEqual(r.columns, ["id", "region", "amount"]);
  assert.deepEqual(r.missing, [{ param: "expr", column: "amout" }]);
  assert.equal((await inferColumns(query, { expr: "a > 1" })).columns, undefined);
});

Deno.test("query fails with the step and a caret when a column is missing at run time", async () => {
  await assert.rejects(() => runOp(query, { expr: "nope > 1" }, sales), (e: Error) => {
    assert.equal(e.name, "DataError");
    assert.match(e.message, /step "t", expr: unknown column "nope" at column 1/);
    return true;
  });
});

Deno.test("filter is an alias of query", () => {
  assert.deepEqual(query.aliases, ["filter"]);
});
