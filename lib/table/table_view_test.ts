import assert from "node:assert/strict";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { viewOfRows } from "./table_view.ts";

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
