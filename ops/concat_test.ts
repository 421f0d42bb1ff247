import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp, testContext, valuesOf } from "../lib/ops_util/test_util.ts";
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

Deno.test("concat copies date, timestamp, int and dictionary columns of several filtered inputs exactly", async () => {
  const { arrowDictionaryColumn, arrowFixedColumn } = await import("../lib/ops_util/column_data.ts");
  const { makeTable } = await import("../lib/ops_util/table_build.ts");
  const day = (s: string) => Date.parse(s) / 86400000;
  const dict = (values: string[]) => flechette.columnFromArray(values, flechette.utf8()) as flechette.Column<unknown>;
  const bits = (...valid: number[]) => {
    const b = new Uint8Array(1);
    for (const i of valid) b[0] |= 1 << i;
    return b;
  };
  // p: 3 rows, nulls in every column; q: 3 rows, filtered to 2, another dictionary, no `n` column; r: 2 rows, no nulls.
  const p = makeTable([
    ["d", arrowFixedColumn(flechette.dateDay(), Int32Array.from([day("1969-12-31"), 0, day("2024-02-29")]), bits(0, 2), 1)],
    ["ts", arrowFixedColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND), BigInt64Array.from([-1n, 0n, 1709208000000n]), bits(0, 1), 1)],
    ["n", arrowFixedColumn(flechette.int32(), Int32Array.from([-5, 0, 7]), bits(0, 2), 1)],
    ["s", arrowDictionaryColumn(Int32Array.from([1, 0, 0]), bits(0, 1), 1, dict(["b", "a"]))],
  ]);
  const q0 = makeTable([
    ["d", arrowFixedColumn(flechette.dateDay(), Int32Array.from([day("1900-03-01"), day("2000-01-01"), day("2100-12-31")]), null, 0)],
    ["ts", arrowFixedColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND), BigInt64Array.from([1n, 2n, 3n]), null, 0)],
    ["s", arrowDictionaryColumn(Int32Array.from([0, 1, 2]), bits(0, 2), 1, dict(["c", "zz", "a"]))],
  ]);
  // deno-lint-ignore no-explicit-any
  const q = (q0 as any).filter("d => d.ts != 2") as Table;
  const r = makeTable([
    ["d", arrowFixedColumn(flechette.dateDay(), Int32Array.from([day("1600-02-29"), -1]), null, 0)],
    ["ts", arrowFixedColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND), BigInt64Array.from([-86400000n, 5n]), null, 0)],
    ["n", arrowFixedColumn(flechette.int32(), Int32Array.from([1, 2]), null, 0)],
    ["s", arrowDictionaryColumn(Int32Array.from([0, 0]), null, 0, dict(["a"]))],
  ]);
  const out = await runOp(concat, {}, undefined, { p, q, r });
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString().replace("T00:00:00.000Z", "") : v);
  assert.deepEqual(valuesOf(out, "d").map(iso), ["1969-12-31", null, "2024-02-29", "1900-03-01", "2100-12-31", "1600-02-29", "1969-12-31"]);
  assert.deepEqual(valuesOf(out, "ts").map((v) => (v instanceof Date ? v.getTime() : v)), [-1, 0, null, 1, 3, -86400000, 5]);
  assert.deepEqual(valuesOf(out, "n"), [-5, null, 7, null, null, 1, 2]);
  assert.deepEqual(valuesOf(out, "s"), ["a", "b", null, "c", "a", "a", "a"]);
  // The output keeps the Arrow types: date32 days, millisecond timestamps, int32.
  const col = (name: string) => out.column(name) as unknown as flechette.Column<unknown>;
  assert.equal((col("d").type as { typeId: number; unit: number }).unit, flechette.DateUnit.DAY);
  assert.equal((col("ts").type as { typeId: number }).typeId, flechette.Type.Timestamp);
  assert.ok(col("n").data[0].values instanceof Int32Array);
  assert.deepEqual(Array.from(col("d").data[0].values as Int32Array), [day("1969-12-31"), 0, day("2024-02-29"), day("1900-03-01"), day("2100-12-31"), day("1600-02-29"), -1]);
});

Deno.test("concat leaves out the columns no later step reads (ctx.columnsUsed), keeping one when none is read", async () => {
  const a = aq.table({ x: [1, 2], y: ["a", "b"], z: [0.5, 1.5] }) as unknown as Table;
  const b = aq.table({ z: [2.5], x: [3] }) as unknown as Table;
  const ctx = testContext({}, undefined, { a, b });
  const out = await concat.run({ ...ctx, columnsUsed: ["z", "x"] }) as Table;
  assert.deepEqual(out.columnNames(), ["x", "z"], "union order, not the order of columnsUsed");
  assert.deepEqual(rowsOf(out), [{ x: 1, z: 0.5 }, { x: 2, z: 1.5 }, { x: 3, z: 2.5 }]);
  const none = await concat.run({ ...ctx, columnsUsed: [] }) as Table;
  assert.deepEqual([none.columnNames(), none.numRows()], [["x"], 3]);
});
