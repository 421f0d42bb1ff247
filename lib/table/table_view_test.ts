import assert from "node:assert/strict";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { rowIndex, viewOfRows } from "./table_view.ts";

Deno.test("viewOfRows() shows exactly the rows listed, in their order: a filter, an order, both, or the table itself", () => {
  const base = aq.table({ a: [10, 11, 12, 13, 14] }) as unknown as Table;
  const shown = (rows: number[]) => viewOfRows(base, Uint32Array.from(rows)).array("a");
  assert.deepEqual(shown([0, 2, 3]), [10, 12, 13]);
  assert.deepEqual(shown([4, 3, 2, 1, 0]), [14, 13, 12, 11, 10]);
  assert.deepEqual(shown([3, 0, 4]), [13, 10, 14]);
  assert.equal(viewOfRows(base, Uint32Array.from([0, 1, 2, 3, 4])), base);
  const both = viewOfRows(base, Uint32Array.from([3, 0, 4]));
  assert.ok(both.isFiltered() && both.isOrdered());
  assert.deepEqual(both.objects(), [{ a: 13 }, { a: 10 }, { a: 14 }]);
});

Deno.test("rowIndex() lists a filtered view's rows as Arquero's indices() does, and caches them", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const n of [0, 1, 31, 32, 33, 64, 1000, 4099]) {
    const base = aq.table({ a: Array.from({ length: n }, (_, i) => i) }) as unknown as Table;
    for (const keep of [0, 0.03, 0.5, 0.97, 1]) {
      const picked = (i: number) => (keep === 1 || i % 32 === 31 ? keep > 0 : random() < keep);
      const filtered = () => base.filter(aq.escape((d: { a: number }) => picked(d.a))) as unknown as Table;
      seed = 7;
      const expected = Array.from(filtered().indices());
      seed = 7;
      const view = filtered();
      const rows = rowIndex(view);
      assert.deepEqual(Array.from(rows), expected, `${n} rows, keep ${keep}`);
      assert.equal(view.indices(), rows, "Arquero's indices() returns the same array");
    }
  }
  const sorted = aq.table({ a: [3, 1, 2] }).orderby("a") as unknown as Table;
  assert.deepEqual(Array.from(rowIndex(sorted)), [1, 2, 0]);
});
