import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { arrowColumnOf } from "../lib/table/arrow_table.ts";
import { inferColumns, rowsOf, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { derive } from "./derive.ts";

const t = aq.table({
  g: ["a", "b", "a", "b", "a"],
  price: [2, 3, null, 5, 1.5],
  qty: [10, 1, 2, 0, 4],
  day: [new Date("2024-03-01"), new Date("2024-03-02"), new Date("2024-03-03"), new Date("2024-03-01"), new Date("2024-03-05")],
}) as unknown as Table;

Deno.test("derive adds columns in the order written; later ones see earlier ones", async () => {
  const out = await runOp(derive, { columns: { total: "price * qty", big: "total > 5", label: "upper(g) + '-' + qty" } }, t);
  assert.deepEqual(out.columnNames(), ["g", "price", "qty", "day", "total", "big", "label"]);
  assert.deepEqual(valuesOf(out, "total"), [20, 3, null, 0, 6]);
  assert.deepEqual(valuesOf(out, "big"), [true, false, false, false, true]);
  assert.deepEqual(valuesOf(out, "label"), ["A-10", "B-1", "A-2", "B-0", "A-4"]);
});

Deno.test("derive replaces an existing column in place", async () => {
  const out = await runOp(derive, { columns: { qty: "qty + 1", g2: "g" } }, t);
  assert.deepEqual(out.columnNames(), ["g", "price", "qty", "day", "g2"]);
  assert.deepEqual(valuesOf(out, "qty"), [11, 2, 3, 1, 5]);
  assert.deepEqual(valuesOf(out, "g2"), ["a", "b", "a", "b", "a"]);
});

Deno.test("derive stores typed Arrow columns: int32, float64 with nulls, dictionary strings, dates", async () => {
  const out = await runOp(derive, { columns: { i: "qty * 2", f: "price / 2", s: "lower(g)", d: "date(day)", y: "year(day)" } }, t);
  const type = (n: string) => (out.column(n) as unknown as flechette.Column<unknown>).type as { typeId: number; bitWidth?: number };
  assert.equal(type("i").typeId, flechette.Type.Int);
  assert.equal(type("f").typeId, flechette.Type.Float);
  assert.deepEqual(valuesOf(out, "f"), [1, 1.5, null, 2.5, 0.75]);
  assert.equal(arrowColumnOf(out.column("s"))!.type.typeId, flechette.Type.Dictionary);
  assert.deepEqual(valuesOf(out, "d")[0], new Date("2024-03-01"));
  assert.deepEqual(valuesOf(out, "y"), [2024, 2024, 2024, 2024, 2024]);
});

Deno.test("derive window functions with partition_by and order_by keep row order", async () => {
  const out = await runOp(derive, {
    columns: { n: "row_number()", prev: "lag(qty)", run: "cumsum(qty)", r: "rank()" },
    partition_by: "g",
    order_by: ["day"],
  }, t);
  // a: rows 0 (03-01), 2 (03-03), 4 (03-05); b: rows 3 (03-01), 1 (03-02)
  assert.deepEqual(valuesOf(out, "n"), [1, 2, 2, 1, 3]);
  assert.deepEqual(valuesOf(out, "prev"), [null, 0, 10, null, 2]);
  assert.deepEqual(valuesOf(out, "run"), [10, 1, 12, 0, 16]);
  assert.deepEqual(valuesOf(out, "r"), [1, 2, 2, 1, 3]);
  const desc = await runOp(derive, { columns: { n: "row_number()" }, order_by: "qty", ascending: false }, t);
  assert.deepEqual(valuesOf(desc, "n"), [1, 4, 3, 5, 2]);
});

Deno.test("derive on an empty table adds empty columns", async () => {
  const empty = aq.table({ x: [] as number[] }) as unknown as Table;
  const out = await runOp(derive, { columns: { y: "x * 2" } }, empty);
  assert.deepEqual(out.columnNames(), ["x", "y"]);
  assert.equal(out.numRows(), 0);
});

Deno.test("derive works on Arrow-backed input", async () => {
  const arrow = aq.fromArrow(flechette.tableFromArrays({ k: ["x", null, "y"], v: [1.5, null, 3] }, { types: { k: flechette.dictionary(flechette.utf8()), v: flechette.float64() } }) as never) as unknown as Table;
  const out = await runOp(derive, { columns: { w: "coalesce(v, 0) * 2", k2: "coalesce(k, '?')" } }, arrow);
  assert.deepEqual(rowsOf(out), [
    { k: "x", v: 1.5, w: 3, k2: "x" },
    { k: null, v: null, w: 0, k2: "?" },
    { k: "y", v: 3, w: 6, k2: "y" },
  ]);
});

Deno.test("derive check() reports each bad expression by its column", () => {
  const problems = derive.check!({ columns: { ok: "a + 1", bad: "a +", worse: "x.y" } });
  assert.deepEqual(problems.map((p) => p.param), ["columns.bad", "columns.worse"]);
  assert.match(problems[0].message, /ends too early at column 4/);
  assert.match(derive.check!({ columns: {} })[0].message, /empty/);
  assert.match(derive.check!({ columns: { a: "1" }, order_by: ["a", "b"], ascending: [true] })[0].message, /ascending has 1/);
});

Deno.test("derive columns() adds new names and reports missing references", async () => {
  const r = await inferColumns(derive, { columns: { total: "price * qtty", t2: "total * 2" }, partition_by: "grp" }, ["g", "price", "qty"]);
  assert.deepEqual(r.columns, ["g", "price", "qty", "total", "t2"]);
  assert.deepEqual(r.missing, [{ param: "partition_by", column: "grp" }, { param: "columns.total", column: "qtty" }]);
});

Deno.test("assign is an alias of derive", () => {
  assert.deepEqual(derive.aliases, ["assign"]);
});

Deno.test("numeric expressions give the same values block-wise as row by row", async () => {
  const u = aq.fromArrow(flechette.tableFromArrays({
    a: [1, -2.5, null, 4, 0, NaN, 7],
    b: Int32Array.from([2, 0, 3, -1, 0, 1, 5]),
  }, { types: { a: flechette.float64() } }) as never) as unknown as Table;
  for (const expr of ["a / b", "a * 2 + b", "-a % 3", "b ** 2", "abs(a) + sqrt(b)", "round(a * 1.5, 1)", "floor(a) - ceil(b / 2)", "exp(0) * log(b)", "b * 3"]) {
    const fast = await runOp(derive, { columns: { x: expr } }, u);
    const slow = await runOp(derive, { columns: { x: `if(true, ${expr}, 0)` } }, u);
    assert.deepEqual(valuesOf(fast, "x"), valuesOf(slow, "x"), expr);
    const t1 = (fast.column("x") as unknown as flechette.Column<unknown>).type.typeId;
    const t2 = (slow.column("x") as unknown as flechette.Column<unknown>).type.typeId;
    assert.equal(t1, t2, expr);
  }
  assert.deepEqual(valuesOf(await runOp(derive, { columns: { x: "a / b" } }, u), "x"), [0.5, -Infinity, null, -4, null, null, 1.4]);
});
