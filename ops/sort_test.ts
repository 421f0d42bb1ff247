import assert from "node:assert/strict";
import { aq, flechette } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { sort } from "./sort.ts";

const t = aq.table({
  id: [1, 2, 3, 4, 5, 6, 7],
  x: [3, null, -1.5, 3, NaN, 0, -0],
  s: ["b", "a", null, "é", "B", "a", "z"],
  d: [new Date("2024-01-02"), null, new Date("2020-05-05"), new Date("2024-01-01"), new Date("2030-01-01"), new Date("2024-01-01"), null],
}) as unknown as Table;

Deno.test("sort ascending puts nulls and NaN last and is stable", async () => {
  assert.deepEqual(valuesOf(await runOp(sort, { by: "x" }, t), "id"), [3, 6, 7, 1, 4, 2, 5]);
});

Deno.test("sort descending still puts nulls last", async () => {
  assert.deepEqual(valuesOf(await runOp(sort, { by: ["x"], ascending: false }, t), "id"), [1, 4, 6, 7, 3, 2, 5]);
});

Deno.test("sort strings by code units, dates by time", async () => {
  assert.deepEqual(valuesOf(await runOp(sort, { by: "s" }, t), "s"), ["B", "a", "a", "b", "z", "é", null]);
  assert.deepEqual(valuesOf(await runOp(sort, { by: "d", ascending: false }, t), "id"), [5, 1, 4, 6, 3, 2, 7]);
});

Deno.test("sort by several keys with mixed directions", async () => {
  const u = aq.table({ a: [1, 2, 1, 2, 1], b: ["x", "y", "z", "x", null] }) as unknown as Table;
  const out = await runOp(sort, { by: ["a", "b"], ascending: [false, true] }, u);
  assert.deepEqual([valuesOf(out, "a"), valuesOf(out, "b")], [[2, 2, 1, 1, 1], ["x", "y", "x", "z", null]]);
});

Deno.test("sort Arrow columns: int32, dictionary strings, int64 beyond 2^53", async () => {
  const big = 2n ** 60n;
  const arrow = aq.fromArrow(flechette.tableFromArrays({
    i: Int32Array.from([5, -2147483648, 2147483647, 0]),
    k: ["c", "a", null, "b"],
    b: BigInt64Array.from([big, -big, 3n, big - 1n]),
  }, { types: { k: flechette.dictionary(flechette.utf8()) }, useBigInt: true }) as never) as unknown as Table;
  assert.deepEqual(valuesOf(await runOp(sort, { by: "i" }, arrow), "i"), [-2147483648, 0, 5, 2147483647]);
  assert.deepEqual(valuesOf(await runOp(sort, { by: "k", ascending: false }, arrow), "k"), ["c", "b", "a", null]);
  assert.deepEqual(valuesOf(await runOp(sort, { by: "b" }, arrow), "b"), [-big, 3, big - 1n, big]);
});

Deno.test("sort a large random column matches Array.prototype.sort", async () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const xs = Array.from({ length: 5000 }, () => (rnd() < 0.05 ? null : Math.round((rnd() - 0.5) * 1e6) / 100));
  const out = await runOp(sort, { by: "x" }, aq.table({ x: xs }) as unknown as Table);
  const want = [...xs.filter((v) => v !== null)].sort((a, b) => a! - b!);
  assert.deepEqual(valuesOf(out, "x"), [...want, ...xs.filter((v) => v === null)]);
});

Deno.test("sort an empty table and report missing columns", async () => {
  const empty = aq.table({ x: [] as number[] }) as unknown as Table;
  assert.equal((await runOp(sort, { by: "x" }, empty)).numRows(), 0);
  const r = await inferColumns(sort, { by: ["x", "y"] }, ["x"]);
  assert.deepEqual(r.missing, [{ param: "by", column: "y" }]);
  assert.match(sort.check!({ by: ["a"], ascending: [true, false] })[0].message, /ascending has 2/);
});
