import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { inferColumns, rowsOf, runOp } from "../lib/ops_util/test_util.ts";
import { pivot } from "./pivot.ts";

const t = aq.table({
  region: ["EU", "US", "EU", "EU", "US", "ÁS"],
  year: [2024, 2023, 2023, 2024, 2023, null],
  amount: [10, 5, 7, 1, 2, 9],
}) as unknown as Table;

Deno.test("pivot spreads values into columns named by the values, sorted", async () => {
  const out = await runOp(pivot, { index: "region", columns: "year", values: "amount", agg: "sum" }, t);
  assert.deepEqual(out.columnNames(), ["region", "2023", "2024"]);
  assert.deepEqual(rowsOf(out), [
    { region: "EU", 2023: 7, 2024: 11 },
    { region: "US", 2023: 7, 2024: null },
    { region: "ÁS", 2023: null, 2024: null },
  ]);
});

Deno.test("pivot default agg is first; count gives 0 for empty cells", async () => {
  assert.deepEqual(rowsOf(await runOp(pivot, { index: ["region"], columns: "year", values: "amount" }, t))[0], { region: "EU", 2023: 7, 2024: 10 });
  assert.deepEqual(rowsOf(await runOp(pivot, { index: "region", columns: "year", values: "amount", agg: "count" }, t))[1], { region: "US", 2023: 2, 2024: 0 });
});

Deno.test("pivot columns() checks the named columns; output depends on the data", async () => {
  const r = await inferColumns(pivot, { index: "reg", columns: "year", values: "amount" }, ["region", "year", "amount"]);
  assert.equal(r.columns, undefined);
  assert.deepEqual(r.missing, [{ param: "index", column: "reg" }]);
});
