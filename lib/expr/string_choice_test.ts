import { deepStrictEqual, ok } from "node:assert/strict";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { testContext, valuesOf } from "../ops_util/test_util.ts";
import { derive } from "../../ops/derive.ts";
import { parseExpr } from "./mod.ts";
import { compileStringChoice } from "./string_choice.ts";

const table = aq.table({ x: [1, null, 7, 3, NaN], g: ["a", "a", "b", "b", "b"] }) as unknown as Table;

function run(columns: Record<string, string>, extra: Record<string, unknown> = {}): Table {
  return derive.run(testContext({ columns, ...extra }, table)) as Table;
}

Deno.test("derive if(cond, 'a', 'b') gives the row-by-row values, null conditions taking else", () => {
  ok(compileStringChoice(parseExpr("if(x >= 3, 'hi', 'lo')"), table));
  const out = run({ b: "if(x >= 3, 'hi', 'lo')", slow: "coalesce(if(x >= 3, 'hi', 'lo'))" });
  deepStrictEqual(valuesOf(out, "b"), ["lo", "lo", "hi", "hi", "lo"]);
  deepStrictEqual(valuesOf(out, "b"), valuesOf(out, "slow"));
});

Deno.test("derive if() with a null branch or equal branches", () => {
  const out = run({ a: "if(x > 2, 'big', null)", b: "if(x > 2, null, 'small')", c: "if(x > 2, 'same', 'same')" });
  deepStrictEqual(valuesOf(out, "a"), [null, null, "big", "big", null]);
  deepStrictEqual(valuesOf(out, "b"), ["small", "small", null, null, "small"]);
  deepStrictEqual(valuesOf(out, "c"), ["same", "same", "same", "same", "same"]);
});

Deno.test("derive if() with a window function in the condition still works", () => {
  ok(!compileStringChoice(parseExpr("if(row_number() == 1, 'first', 'other')"), table));
  const out = run({ f: "if(row_number() == 1, 'first', 'other')" }, { partition_by: ["g"] });
  deepStrictEqual(valuesOf(out, "f"), ["first", "other", "first", "other", "other"]);
});
