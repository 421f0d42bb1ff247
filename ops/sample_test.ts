import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { sample } from "./sample.ts";

const t = aq.table({ i: Array.from({ length: 100 }, (_, i) => i) }) as unknown as Table;

Deno.test("sample with a seed picks the same rows every time, in table order", async () => {
  const a = valuesOf(await runOp(sample, { n: 10, seed: 42 }, t), "i") as number[];
  const b = valuesOf(await runOp(sample, { n: 10, seed: 42 }, t), "i") as number[];
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, 10);
  assert.deepEqual(a, [...a].sort((x, y) => x - y));
  const c = valuesOf(await runOp(sample, { n: 10, seed: 43 }, t), "i");
  assert.notDeepEqual(a, c);
});

Deno.test("sample by fraction and beyond the table size", async () => {
  assert.equal((await runOp(sample, { frac: 0.25, seed: 1 }, t)).numRows(), 25);
  assert.equal((await runOp(sample, { n: 1000, seed: 1 }, t)).numRows(), 100);
  assert.equal((await runOp(sample, { n: 3, seed: 1 }, aq.table({ i: [] }) as unknown as Table)).numRows(), 0);
});

Deno.test("sample check() wants exactly one of n and frac", () => {
  assert.match(sample.check!({})[0].message, /needs n or frac/);
  assert.match(sample.check!({ n: 1, frac: 0.5 })[0].message, /not both/);
  assert.match(sample.check!({ frac: 2 })[0].message, /above 1/);
  assert.deepEqual(sample.check!({ n: 5, seed: 3 }), []);
});
