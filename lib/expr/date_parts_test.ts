import { deepStrictEqual } from "node:assert/strict";
import { flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { makeTable } from "../ops_util/table_build.ts";
import { arrowFixedColumn } from "../ops_util/column_data.ts";
import { testContext } from "../ops_util/test_util.ts";
import { derive } from "../../ops/derive.ts";
import { datePartOfDays } from "./date_parts.ts";
import { parseExpr } from "./mod.ts";
import { compileNumeric } from "./vector.ts";

/** Asserts that `expr` runs on the vectorized path (raw integers, no Date objects). */
function assertVectorized(table: Table, expr: string): void {
  const f = compileNumeric(parseExpr(expr), table);
  if (!f) throw new Error(`${expr} did not compile to the vectorized path`);
}

Deno.test("datePartOfDays agrees with Date's UTC parts from 1600 to 2400, leap days included", () => {
  const from = Date.UTC(1600, 0, 1) / 86400000, to = Date.UTC(2400, 11, 31) / 86400000;
  for (let d = from; d <= to; d++) {
    const js = new Date(d * 86400000);
    if (datePartOfDays(d, "year") !== js.getUTCFullYear() || datePartOfDays(d, "month") !== js.getUTCMonth() + 1 || datePartOfDays(d, "day") !== js.getUTCDate()) {
      throw new Error(`day ${d} (${js.toISOString()}): got ${datePartOfDays(d, "year")}-${datePartOfDays(d, "month")}-${datePartOfDays(d, "day")}`);
    }
  }
  // 2000-02-29 (a leap day of a century year), 1900-03-01 (1900 is not leap), the Date range's ends
  deepStrictEqual(["year", "month", "day"].map((p) => datePartOfDays(11016, p as "year")), [2000, 2, 29]);
  deepStrictEqual(["year", "month", "day"].map((p) => datePartOfDays(-25508, p as "year")), [1900, 3, 1]);
  deepStrictEqual(["year", "month", "day"].map((p) => datePartOfDays(-1e8, p as "year")), [-271821, 4, 20]);
  deepStrictEqual(["year", "month", "day"].map((p) => datePartOfDays(1e8, p as "year")), [275760, 9, 13]);
});

function run(table: Table, columns: Record<string, string>): Table {
  return derive.run(testContext({ columns }, table)) as Table;
}

const parts = { y: "year(d)", m: "month(d)", dd: "day(d)", ym: "year(d) * 100 + month(d)" };

Deno.test("derive year/month/day of a date32 column with nulls, before 1970 and on leap days", () => {
  const iso = ["1969-12-31", null, "1600-02-29", "2024-02-29", "1970-01-01", "1899-12-31", "2100-03-01"];
  const days = new Int32Array(iso.map((s) => (s ? Date.parse(s) / 86400000 : 0)));
  const validity = new Uint8Array([0b1111101]);
  const t = makeTable([["d", arrowFixedColumn(flechette.dateDay(), days, validity, 1)]]);
  for (const e of Object.values(parts)) assertVectorized(t, e);
  const out = run(t, parts);
  deepStrictEqual(Array.from(out.array("y") as ArrayLike<unknown>), [1969, null, 1600, 2024, 1970, 1899, 2100]);
  deepStrictEqual(Array.from(out.array("m") as ArrayLike<unknown>), [12, null, 2, 2, 1, 12, 3]);
  deepStrictEqual(Array.from(out.array("dd") as ArrayLike<unknown>), [31, null, 29, 29, 1, 31, 1]);
  deepStrictEqual(Array.from(out.array("ym") as ArrayLike<unknown>), [196912, null, 160002, 202402, 197001, 189912, 210003]);
});

Deno.test("derive year/month/day of timestamps in seconds, ms, µs and ns, before 1970 and with nulls", () => {
  const ms = [Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 12), 0, Date.UTC(1800, 0, 1, 0, 0, 0, 1), -1];
  const expected = {
    y: [1969, 2024, null, 1800, 1969],
    m: [12, 2, null, 1, 12],
    dd: [31, 29, null, 1, 31],
  };
  const cases: [flechette.TimeUnit_, number][] = [[flechette.TimeUnit.MILLISECOND, 1], [flechette.TimeUnit.MICROSECOND, 1000], [flechette.TimeUnit.NANOSECOND, 1e6]];
  for (const [unit, per] of cases) {
    const values = BigInt64Array.from(ms.map((v) => BigInt(v) * BigInt(per)));
    const t = makeTable([["d", arrowFixedColumn(flechette.timestamp(unit), values, new Uint8Array([0b11011]), 1)]]);
    assertVectorized(t, "day(d)");
    const out = run(t, { y: "year(d)", m: "month(d)", dd: "day(d)" });
    for (const k of ["y", "m", "dd"] as const) deepStrictEqual(Array.from(out.array(k) as ArrayLike<unknown>), expected[k], `unit ${unit} ${k}`);
  }
  const secs = BigInt64Array.from([-1n, 86400n * 366n]);
  const t = makeTable([["d", arrowFixedColumn(flechette.timestamp(flechette.TimeUnit.SECOND), secs, null, 0)]]);
  const out = run(t, { y: "year(d)", dd: "day(d)" });
  deepStrictEqual(Array.from(out.array("y") as ArrayLike<unknown>), [1969, 1971]);
  deepStrictEqual(Array.from(out.array("dd") as ArrayLike<unknown>), [31, 2]);
});

Deno.test("derive year(d) gives the same values as the row-by-row path", () => {
  const n = 5000;
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) days[i] = -200000 + i * 97;
  const t = makeTable([["d", arrowFixedColumn(flechette.dateDay(), days, null, 0)]]);
  // `coalesce(...)` keeps the expression off the vectorized path.
  const out = run(t, { y: "year(d)", slow: "coalesce(year(d))", m: "month(d)", slowm: "coalesce(month(d))" });
  deepStrictEqual(Array.from(out.array("y") as ArrayLike<unknown>), Array.from(out.array("slow") as ArrayLike<unknown>));
  deepStrictEqual(Array.from(out.array("m") as ArrayLike<unknown>), Array.from(out.array("slowm") as ArrayLike<unknown>));
});
