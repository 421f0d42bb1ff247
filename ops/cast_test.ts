import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { cast } from "./cast.ts";

const t = aq.table({
  s: ["1", " 2 ", "", null, "-7"],
  f: ["1.5", "2e3", "inf", "", "NaN"],
  n: [1.9, -1.9, 0, null, 3],
  b: ["true", "No", "1", "f", null],
  d: ["2024-01-31", "2024-02-01T13:45:00Z", "", null, "1999-12-31 23:00:00"],
}) as unknown as Table;

Deno.test("cast to int and float parses strings; empty strings are null", async () => {
  const out = await runOp(cast, { columns: { s: "int", f: "float", n: "int" } }, t);
  assert.deepEqual(valuesOf(out, "s"), [1, 2, null, null, -7]);
  assert.deepEqual(valuesOf(out, "f"), [1.5, 2000, Infinity, null, null]);
  assert.deepEqual(valuesOf(out, "n"), [1, -1, 0, null, 3]);
  assert.equal((out.column("s") as unknown as flechette.Column<unknown>).type.typeId, flechette.Type.Int);
});

Deno.test("cast to string, bool, date and timestamp", async () => {
  const out = await runOp(cast, { columns: { n: "string", b: "bool", d: "date" } }, t);
  assert.deepEqual(valuesOf(out, "n"), ["1.9", "-1.9", "0", null, "3"]);
  assert.deepEqual(valuesOf(out, "b"), [true, false, true, false, null]);
  assert.deepEqual(valuesOf(out, "d"), [new Date("2024-01-31"), new Date("2024-02-01"), null, null, new Date("1999-12-31")]);
  const ts = await runOp(cast, { columns: { d: "timestamp" } }, t);
  assert.deepEqual(valuesOf(ts, "d")[1], new Date("2024-02-01T13:45:00Z"));
  assert.deepEqual(valuesOf(ts, "d")[4], new Date("1999-12-31T23:00:00Z"));
});

Deno.test("cast to int goes to int64 for values beyond int32 and keeps BigInt beyond 2^53", async () => {
  const u = aq.table({ x: ["3000000000", "9007199254740993", null] }) as unknown as Table;
  const out = await runOp(cast, { columns: { x: "int" } }, u);
  assert.deepEqual(valuesOf(out, "x"), [3000000000, 9007199254740993n, null]);
});

Deno.test("cast fails on a value it cannot convert, naming row and column", async () => {
  await assert.rejects(() => runOp(cast, { columns: { f: "int" } }, t), (e: Error) => {
    assert.equal(e.name, "DataError");
    assert.match(e.message, /column "f": step "t": cannot cast the string "1.5" \(row 1\) to int/);
    return true;
  });
  await assert.rejects(() => runOp(cast, { columns: { s: "bool" } }, aq.table({ s: ["maybe"] }) as unknown as Table), /cannot cast the string "maybe"/);
});

Deno.test("cast on dictionary columns converts each distinct value once", async () => {
  const arrow = aq.fromArrow(flechette.tableFromArrays({ k: ["1", "2", null, "1"] }, { types: { k: flechette.dictionary(flechette.utf8()) } }) as never) as unknown as Table;
  assert.deepEqual(valuesOf(await runOp(cast, { columns: { k: "float" } }, arrow), "k"), [1, 2, null, 1]);
});

Deno.test("cast check() and columns() catch unknown types and columns", async () => {
  assert.match(cast.check!({ columns: { a: "integer" } })[0].message, /unknown type "integer"/);
  assert.deepEqual((await inferColumns(cast, { columns: { q: "int" } }, ["s"])).missing, [{ param: "columns", column: "q" }]);
});
