import assert from "node:assert/strict";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { mulberry32 } from "./random.ts";
import { sortRows, topRows } from "./sort_index.ts";

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

Deno.test("topRows gives the first k rows of sortRows: floats, ints, strings, ties, nulls, both directions, any k", () => {
  const rand = mulberry32(11);
  const n = 5_000;
  const columns = {
    f: Array.from({ length: n }, () => (rand() < 0.03 ? null : (rand() - 0.5) * 1e6)),
    spread: Array.from({ length: n }, () => (rand() < 0.01 ? null : Math.exp(rand() * 40))),
    few: Array.from({ length: n }, () => Math.floor(rand() * 4)),
    i: Int32Array.from({ length: n }, () => Math.floor(rand() * 1e9) - 5e8),
    u: Uint32Array.from({ length: n }, () => Math.floor(rand() * 2 ** 32)),
    f32: Float32Array.from({ length: n }, () => (rand() - 0.5) * 100),
    s: Array.from({ length: n }, () => (rand() < 0.05 ? null : "k" + Math.floor(rand() * 30))),
    mostlyNull: Array.from({ length: n }, () => (rand() < 0.99 ? null : rand())),
  };
  const table = aq.table(columns) as unknown as Table;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const shuffled = all.slice().sort(() => rand() - 0.5);
  const keySets = [["f"], ["spread", "i"], ["few", "s", "i"], ["i"], ["u"], ["f32", "i"], ["s", "f"], ["mostlyNull", "i"]];
  for (const names of keySets) {
    for (const asc of [true, false]) {
      const keys = names.map((column, j) => ({ column, ascending: j === 0 ? asc : !asc }));
      for (const rows of [all, shuffled, null]) {
        const full = sortRows(table, rows ?? all, keys);
        for (const k of [0, 1, 7, 100, 1000, n - 1, n]) {
          assert.deepEqual(Array.from(topRows(table, rows, keys, k)), Array.from(full.subarray(0, k)), `${names} asc=${asc} k=${k}`);
        }
      }
    }
  }
});
