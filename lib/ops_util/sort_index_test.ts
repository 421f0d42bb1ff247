import assert from "node:assert/strict";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { mulberry32 } from "./random.ts";
import { sortRows } from "./sort_index.ts";

/** Rows 0..n-1 sorted by (a, b) with a comparator: nulls last in both directions, stable. */
function reference(a: (number | null)[], b: (string | null)[], ascA: boolean, ascB: boolean): number[] {
  const cmp = (x: number | string | null, y: number | string | null, asc: boolean) => {
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return asc ? c : -c;
  };
  return Array.from(a, (_, i) => i).sort((i, j) => cmp(a[i], a[j], ascA) || cmp(b[i], b[j], ascB) || i - j);
}

Deno.test("sortRows by two keys matches a comparator sort with few ties, many ties, nulls, both directions", () => {
  const rand = mulberry32(7);
  for (const distinct of [1_000_000, 50, 3]) {
    const n = 20_000;
    const a = Array.from({ length: n }, () => (rand() < 0.02 ? null : Math.floor(rand() * distinct) / 4));
    const b = Array.from({ length: n }, () => (rand() < 0.05 ? null : String.fromCharCode(97 + Math.floor(rand() * 5))));
    const table = aq.table({ a, b }) as unknown as Table;
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    for (const [ascA, ascB] of [[true, true], [false, true], [true, false], [false, false]]) {
      const got = Array.from(sortRows(table, rows, [{ column: "a", ascending: ascA }, { column: "b", ascending: ascB }]));
      assert.deepEqual(got, reference(a, b, ascA, ascB), `distinct ${distinct}, ${ascA}/${ascB}`);
    }
  }
});
