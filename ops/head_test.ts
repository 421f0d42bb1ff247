import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { runOp, valuesOf } from "../lib/ops_util/test_util.ts";
import { head } from "./head.ts";
import { tail } from "./tail.ts";

const t = aq.table({ i: [1, 2, 3, 4, 5, 6, 7] }) as unknown as Table;

Deno.test("head keeps the first n rows (5 by default)", async () => {
  assert.deepEqual(valuesOf(await runOp(head, { n: 2 }, t), "i"), [1, 2]);
  assert.deepEqual(valuesOf(await runOp(head, {}, t), "i"), [1, 2, 3, 4, 5]);
  assert.deepEqual(valuesOf(await runOp(head, { n: 100 }, t), "i"), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal((await runOp(head, { n: 0 }, t)).numRows(), 0);
});

Deno.test("tail keeps the last n rows in order", async () => {
  assert.deepEqual(valuesOf(await runOp(tail, { n: 2 }, t), "i"), [6, 7]);
  assert.deepEqual(valuesOf(await runOp(tail, {}, t), "i"), [3, 4, 5, 6, 7]);
  assert.equal((await runOp(tail, { n: 0 }, t)).numRows(), 0);
});

Deno.test("head and tail follow an Arquero order on the input", async () => {
  const ordered = t.orderby(aq.desc("i")) as unknown as Table;
  assert.deepEqual(valuesOf(await runOp(head, { n: 2 }, ordered), "i"), [7, 6]);
  assert.deepEqual(valuesOf(await runOp(tail, { n: 2 }, ordered), "i"), [2, 1]);
});
