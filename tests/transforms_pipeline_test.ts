import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Operation } from "../lib/operation.ts";
import { OperationRegistry } from "../lib/registry.ts";
import { decodeTable, encodeTable } from "../lib/table/transfer.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp } from "../lib/ops_util/test_util.ts";
import { float64Column, makeTable, stringColumn } from "../lib/ops_util/table_build.ts";
import { CONTROL_OPERATIONS } from "../ops/control.ts";
import { TRANSFORM_OPERATIONS } from "../ops/transforms.ts";

const byName = (name: string): Operation => TRANSFORM_OPERATIONS.find((o) => o.name === name)!;

/** 10,000 Arrow-backed rows: dictionary strings with nulls, float64 with nulls, int32, date32. */
function arrowSales(n = 10_000): { table: Table; rows: { region: string | null; amount: number | null; qty: number; day: Date }[] } {
  const regions = ["EU", "US", "Ásia", "日本"];
  const rows = Array.from({ length: n }, (_, i) => ({
    region: i % 17 === 0 ? null : regions[(i * 7) % 4],
    amount: i % 13 === 0 ? null : ((i * 37) % 1000) / 4,
    qty: (i * 11) % 9,
    day: new Date(Date.UTC(2024, 0, 1 + (i % 60))),
  }));
  const arrow = flechette.tableFromArrays({
    region: rows.map((r) => r.region),
    amount: rows.map((r) => r.amount),
    qty: Int32Array.from(rows.map((r) => r.qty)),
    day: rows.map((r) => r.day),
  }, { types: { region: flechette.dictionary(flechette.utf8()), amount: flechette.float64(), day: flechette.dateDay() } });
  return { table: aq.fromArrow(arrow as never) as unknown as Table, rows };
}

Deno.test("every transform registers once, runs cpu_bound and documents its params", () => {
  const registry = new OperationRegistry().registerAll(TRANSFORM_OPERATIONS).registerAll(CONTROL_OPERATIONS);
  const expected = ["cast", "concat", "derive", "distinct", "drop", "dropna", "fillna", "groupby_agg", "head", "join", "melt", "noop", "pivot", "query", "rename", "sample", "select", "shell", "sleep", "sort", "tail"];
  assert.deepEqual(registry.names(), expected);
  for (const alias of ["filter", "assign", "drop_duplicates"]) assert.ok(registry.has(alias), alias);
  for (const op of TRANSFORM_OPERATIONS) {
    assert.equal(op.resourceHint, "cpu_bound", op.name);
    assert.ok((op.minInputs ?? 0) >= 1, op.name);
    for (const r of op.required ?? []) assert.ok(r in op.params, `${op.name}.${r}`);
    for (const [p, schema] of Object.entries(op.params)) assert.ok(schema.description, `${op.name}.${p} lacks a description`);
    assert.equal(typeof op.columns, "function", op.name);
  }
  const shell = registry.get("shell")!;
  assert.equal(shell.resourceHint, "io_bound");
  assert.equal(shell.minInputs, 0);
});

Deno.test("query → derive → groupby_agg → sort → head on Arrow-backed data matches a hand computation", async () => {
  const { table, rows } = arrowSales();
  const q = await runOp(byName("query"), { expr: "amount > 50 and region is not null and day >= '2024-01-15'" }, table);
  const d = await runOp(byName("derive"), { columns: { total: "amount * qty", month: "month(day)" } }, q);
  const g = await runOp(byName("groupby_agg"), { by: ["region", "month"], agg: { total: ["sum", "count"], amount: ["max"] } }, d);
  const s = await runOp(byName("sort"), { by: ["total_sum"], ascending: false }, g);
  const h = await runOp(byName("head"), { n: 3 }, s);

  const want = new Map<string, { region: string; month: number; total_sum: number; total_count: number; amount_max: number }>();
  for (const r of rows) {
    if (r.amount === null || !(r.amount > 50) || r.region === null || r.day < new Date("2024-01-15")) continue;
    const month = r.day.getUTCMonth() + 1;
    const key = `${r.region}|${month}`;
    const e = want.get(key) ?? { region: r.region, month, total_sum: 0, total_count: 0, amount_max: -Infinity };
    e.total_sum += r.amount * r.qty;
    e.total_count++;
    e.amount_max = Math.max(e.amount_max, r.amount);
    want.set(key, e);
  }
  const top = [...want.values()].sort((a, b) => b.total_sum - a.total_sum).slice(0, 3);
  assert.deepEqual(h.columnNames(), ["region", "month", "total_sum", "total_count", "amount_max"]);
  const got = rowsOf(h);
  assert.equal(got.length, 3);
  for (let i = 0; i < 3; i++) {
    assert.equal(got[i].region, top[i].region);
    assert.equal(got[i].month, top[i].month);
    assert.ok(Math.abs((got[i].total_sum as number) - top[i].total_sum) < 1e-6);
    assert.equal(got[i].total_count, top[i].total_count);
    assert.equal(got[i].amount_max, top[i].amount_max);
  }
});

Deno.test("transform outputs survive the engine's Arrow transfer between threads", async () => {
  const { table } = arrowSales(500);
  const outputs = [
    await runOp(byName("query"), { expr: "qty > 3" }, table),
    await runOp(byName("sort"), { by: ["region", "amount"] }, table),
    await runOp(byName("derive"), { columns: { label: "coalesce(region, '?') + '/' + qty", half: "amount / 2" } }, table),
    await runOp(byName("groupby_agg"), { by: ["region"], agg: { amount: ["sum", "mean", "min"], day: ["max"] } }, table),
    await runOp(byName("join"), { on: "region", how: "left" }, undefined, {
      a: table,
      b: aq.table({ region: ["EU", "日本"], note: ["e", "j"] }) as unknown as Table,
    }),
  ];
  for (const out of outputs) {
    const back = decodeTable(encodeTable(out));
    assert.deepEqual(back.columnNames(), out.columnNames());
    const a = rowsOf(out), b = rowsOf(back);
    assert.equal(b.length, a.length);
    // Dates may come back as numbers (epoch ms) depending on the decoder's options: compare by time.
    const norm = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.getTime() : v])));
    assert.deepEqual(norm(b), norm(a));
  }
});

Deno.test("columns() follows column names through a chain of transforms and reports every missing column", async () => {
  let cols: string[] | undefined = ["id", "region", "amount", "qty", "day"];
  const missing: string[] = [];
  const steps: [string, Record<string, unknown>][] = [
    ["query", { expr: "amount > 1 and regoin == 'EU'" }],
    ["derive", { columns: { total: "amount * qty" } }],
    ["rename", { columns: { total: "revenue" } }],
    ["select", { columns: ["region", "revenue", "day"] }],
    ["groupby_agg", { by: ["region"], agg: { revenue: ["sum"], total: ["mean"] } }],
    ["sort", { by: "revenue_sum" }],
  ];
  for (const [name, params] of steps) {
    const r = await inferColumns(byName(name), params, cols);
    missing.push(...r.missing.map((m) => `${name}.${m.param}:${m.column}`));
    cols = r.columns;
  }
  assert.deepEqual(cols, ["region", "revenue_sum", "total_mean"]);
  assert.deepEqual(missing, ["query.expr:regoin", "groupby_agg.agg.total:total"]);
});

Deno.test("every transform accepts an empty table", async () => {
  // (aq.fromArrow cannot wrap a dictionary column without batches, which flechette makes for 0 rows.)
  const empty = makeTable([
    ["k", stringColumn([])],
    ["v", float64Column(new Float64Array(0))],
    ["d", flechette.columnFromArray([], flechette.dateDay()) as flechette.Column<unknown>],
  ]);
  const cases: [string, Record<string, unknown>, string[] | undefined][] = [
    ["query", { expr: "v > 1" }, ["k", "v", "d"]],
    ["derive", { columns: { w: "v * 2", n: "row_number()" }, order_by: "v" }, ["k", "v", "d", "w", "n"]],
    ["select", { columns: ["v"] }, ["v"]],
    ["drop", { columns: ["v"] }, ["k", "d"]],
    ["rename", { columns: { v: "x" } }, ["k", "x", "d"]],
    ["groupby_agg", { by: ["k"], agg: { v: ["sum", "median", "nunique"], d: ["max"] } }, ["k", "v_sum", "v_median", "v_nunique", "d_max"]],
    ["sort", { by: ["k", "v"] }, ["k", "v", "d"]],
    ["head", { n: 3 }, ["k", "v", "d"]],
    ["tail", { n: 3 }, ["k", "v", "d"]],
    ["sample", { frac: 0.5, seed: 1 }, ["k", "v", "d"]],
    ["distinct", {}, ["k", "v", "d"]],
    ["fillna", { values: { v: 0, k: "?" } }, ["k", "v", "d"]],
    ["dropna", {}, ["k", "v", "d"]],
    ["cast", { columns: { v: "string", k: "int" } }, ["k", "v", "d"]],
    ["concat", {}, ["k", "v", "d"]],
    ["pivot", { index: "k", columns: "d", values: "v", agg: "sum" }, ["k"]],
    ["melt", { id_vars: ["k"], value_vars: ["v"] }, ["k", "variable", "value"]],
  ];
  for (const [name, params, columns] of cases) {
    const out = await runOp(byName(name), params, empty);
    assert.equal(out.numRows(), 0, name);
    assert.deepEqual(out.columnNames(), columns, name);
  }
  const joined = await runOp(byName("join"), { on: "k", how: "outer" }, undefined, { a: empty, b: empty });
  assert.deepEqual([joined.numRows(), joined.columnNames()], [0, ["k", "v_x", "d_x", "v_y", "d_y"]]);
});

Deno.test("transforms read Arrow columns split into several batches", async () => {
  const arrow = flechette.tableFromArrays({
    k: ["b", "a", null, "b", "c", "a", "b"],
    v: [5, 1, 2, null, 4, 3, 7],
    d: [new Date("2024-01-03"), new Date("2024-01-01"), null, new Date("2024-01-02"), new Date("2024-01-01"), new Date("2024-01-05"), new Date("2024-01-04")],
  }, { types: { k: flechette.dictionary(flechette.utf8()), v: flechette.float64(), d: flechette.dateDay() }, maxBatchRows: 3 });
  assert.equal(arrow.getChild("v").data.length, 3);
  const t = aq.fromArrow(arrow as never) as unknown as Table;
  assert.deepEqual(rowsOf(await runOp(byName("query"), { expr: "v >= 3 and d > '2024-01-01'" }, t)).map((r) => r.v), [5, 3, 7]);
  assert.deepEqual(rowsOf(await runOp(byName("sort"), { by: "d", ascending: false }, t)).map((r) => r.v), [3, 7, 5, null, 1, 4, 2]);
  assert.deepEqual(rowsOf(await runOp(byName("groupby_agg"), { by: "k", agg: { v: ["sum", "count"] } }, t)), [
    { k: "a", v_sum: 4, v_count: 2 },
    { k: "b", v_sum: 12, v_count: 2 },
    { k: "c", v_sum: 4, v_count: 1 },
    { k: null, v_sum: 2, v_count: 1 },
  ]);
});

Deno.test("every transform gives the same rows on query's masked output and sort's ordered view as on those rows copied out", async () => {
  const { table } = arrowSales(2_000);
  const masked = await runOp(byName("query"), { expr: "qty > 2 and region != 'US'" }, table);
  assert.equal(masked.isFiltered(), true, "query masks a plain input");
  const sorted = await runOp(byName("sort"), { by: ["amount", "day"], ascending: [false, true] }, table);
  assert.equal(sorted.isOrdered(), true, "sort orders a view, copying no row");
  assert.equal(sorted.column("amount"), table.column("amount"));
  const sortedMasked = await runOp(byName("sort"), { by: ["region", "qty"] }, masked);
  for (const view of [masked, sorted, sortedMasked]) await sameAsCopied(view, table);
});

async function sameAsCopied(view: Table, table: Table): Promise<void> {
  const masked = view;
  const copied = decodeTable(encodeTable(view));
  assert.equal(copied.isFiltered() || copied.isOrdered(), false);
  assert.deepEqual(rowsOf(copied), rowsOf(view));
  const other = aq.table({ region: ["EU", "日本", "Ásia"], note: ["e", "j", "a"] }) as unknown as Table;
  const cases: [string, Record<string, unknown>][] = [
    ["query", { expr: "amount > 100" }],
    ["derive", { columns: { total: "amount * qty", m: "month(day)" } }],
    ["derive", { columns: { n: "row_number()", prev: "lag(amount)" }, partition_by: ["region"], order_by: ["day"] }],
    ["select", { columns: ["qty", "region"] }],
    ["drop", { columns: ["amount"] }],
    ["rename", { columns: { qty: "n" } }],
    ["groupby_agg", { by: ["region"], agg: { amount: ["sum", "mean", "median", "nunique", "first", "last"], qty: ["count", "std"] } }],
    ["sort", { by: ["amount", "qty"], ascending: [false, true] }],
    ["head", { n: 7 }],
    ["tail", { n: 7 }],
    ["sample", { n: 20, seed: 3 }],
    ["distinct", { columns: ["region", "qty"] }],
    ["fillna", { values: { amount: 0 } }],
    ["dropna", {}],
    ["cast", { columns: { qty: "float", amount: "string" } }],
    ["pivot", { index: "region", columns: "qty", values: "amount", agg: "sum" }],
    ["melt", { id_vars: ["region"], value_vars: ["qty"] }],
  ];
  for (const [name, params] of cases) {
    const a = rowsOf(await runOp(byName(name), params, masked));
    const b = rowsOf(await runOp(byName(name), params, copied));
    assert.deepEqual(a, b, `${name} ${JSON.stringify(params)}`);
  }
  for (const how of ["inner", "left", "outer", "anti"]) {
    const a = rowsOf(await runOp(byName("join"), { on: "region", how }, undefined, { a: masked, b: other }));
    const b = rowsOf(await runOp(byName("join"), { on: "region", how }, undefined, { a: copied, b: other }));
    assert.deepEqual(a, b, `join ${how}`);
  }
  const c1 = rowsOf(await runOp(byName("concat"), {}, undefined, { a: masked, b: table }));
  const c2 = rowsOf(await runOp(byName("concat"), {}, undefined, { a: copied, b: table }));
  assert.deepEqual(c1, c2, "concat");
}
