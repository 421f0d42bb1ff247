import assert from "node:assert/strict";
import { aq, flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { compileDerive, compileFilter } from "./compile.ts";
import { ExprError } from "./error.ts";
import { parseExpr } from "./parser.ts";

const plain = aq.table({
  n: [1, 2, null, 4, NaN],
  s: ["a", "Béla", null, "ABC", "x y"],
  b: [true, false, null, true, false],
  d: [new Date("2024-01-31"), new Date("2023-12-01"), null, new Date("2024-02-29T10:30:00Z"), new Date("2020-06-15")],
}) as unknown as Table;

/** The same data Arrow-backed: float64 with a validity bitmap, dictionary strings, date32 days. */
const arrow = aq.fromArrow(flechette.tableFromArrays({
  n: [1, 2, null, 4, NaN],
  s: ["a", "Béla", null, "ABC", "x y"],
  b: [true, false, null, true, false],
  d: [new Date("2024-01-31"), new Date("2023-12-01"), null, new Date("2024-02-29T00:00:00Z"), new Date("2020-06-15")],
}, { types: { n: flechette.float64(), s: flechette.dictionary(flechette.utf8()), d: flechette.dateDay() } }) as never) as unknown as Table;

function evalAll(src: string, table: Table): unknown[] {
  const f = compileDerive(parseExpr(src), table, { source: src });
  return Array.from({ length: table.totalRows() }, (_, i) => f(i));
}

function keep(src: string, table: Table): number[] {
  const p = compileFilter(parseExpr(src), table, { source: src });
  return Array.from({ length: table.totalRows() }, (_, i) => i).filter((i) => p(i));
}

Deno.test("comparisons with null are false, != and not in included", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(keep("n > 1", t), [1, 3]);
    assert.deepEqual(keep("n < 3", t), [0, 1]);
    assert.deepEqual(keep("n != 2", t), [0, 3]);
    assert.deepEqual(keep("n == 2", t), [1]);
    assert.deepEqual(keep("n not in [1]", t), [1, 3]);
    assert.deepEqual(keep("s != 'a'", t), [1, 3, 4]);
    assert.deepEqual(keep("s not in ['a', 'ABC']", t), [1, 4]);
    assert.deepEqual(keep("not (n > 1)", t), [0, 2, 4]);
  }
});

Deno.test("is null is true for null, NaN and missing dates", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(keep("n is null", t), [2, 4]);
    assert.deepEqual(keep("n is not null", t), [0, 1, 3]);
    assert.deepEqual(keep("s is null", t), [2]);
    assert.deepEqual(keep("d is null or b is null", t), [2]);
  }
});

Deno.test("arithmetic with null gives null and IEEE results otherwise", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(evalAll("n * 2 + 1", t).map((v) => (typeof v === "number" && isNaN(v) ? "NaN" : v)), [3, 5, null, 9, "NaN"]);
    assert.deepEqual(evalAll("n / 0", t).slice(0, 3), [Infinity, Infinity, null]);
    assert.deepEqual(evalAll("n % 2", t).slice(0, 4), [1, 0, null, 0]);
    assert.deepEqual(evalAll("2 ** n", t).slice(0, 3), [2, 4, null]);
    assert.deepEqual(evalAll("-n", t).slice(0, 3), [-1, -2, null]);
  }
});

Deno.test("string functions handle unicode and nulls", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(evalAll("lower(s)", t), ["a", "béla", null, "abc", "x y"]);
    assert.deepEqual(evalAll("upper(s)", t), ["A", "BÉLA", null, "ABC", "X Y"]);
    assert.deepEqual(evalAll("length(s)", t), [1, 4, null, 3, 3]);
    assert.deepEqual(evalAll("s + '!'", t), ["a!", "Béla!", null, "ABC!", "x y!"]);
    assert.deepEqual(evalAll("contains(s, 'é')", t), [false, true, null, false, false]);
    assert.deepEqual(evalAll("startswith(s, 'AB')", t), [false, false, null, true, false]);
    assert.deepEqual(evalAll("endswith(s, 'y')", t), [false, false, null, false, true]);
    assert.deepEqual(evalAll("substring(s, 1, 2)", t), ["", "él", null, "BC", " y"]);
    assert.deepEqual(evalAll("substring(s, -2)", t), ["a", "la", null, "BC", " y"]);
    assert.deepEqual(evalAll("replace(s, ' ', '_')", t), ["a", "Béla", null, "ABC", "x_y"]);
    assert.deepEqual(evalAll("trim('  x ')", t)[0], "x");
  }
  assert.deepEqual(evalAll("length('😀é')", plain)[0], 2);
});

Deno.test("date functions and date comparisons with strings", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(evalAll("year(d)", t), [2024, 2023, null, 2024, 2020]);
    assert.deepEqual(evalAll("month(d)", t), [1, 12, null, 2, 6]);
    assert.deepEqual(evalAll("day(d)", t), [31, 1, null, 29, 15]);
    assert.deepEqual(keep("d >= '2024-01-01'", t), [0, 3]);
    assert.deepEqual(keep("d < date('2021-01-01')", t), [4]);
    assert.deepEqual(keep("d == '2023-12-01'", t), [1]);
  }
  assert.deepEqual(evalAll("date(d)", plain)[3], new Date("2024-02-29T00:00:00Z"));
  assert.deepEqual(evalAll("year('2001-02-03')", plain)[0], 2001);
});

Deno.test("coalesce, if and numeric functions", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(evalAll("coalesce(n, 0)", t).slice(0, 4), [1, 2, 0, 4]);
    assert.deepEqual(evalAll("coalesce(n, 0)", t)[4], 0); // NaN counts as null
    assert.deepEqual(evalAll("if(n > 1, 'big', 'small')", t), ["small", "big", "small", "big", "small"]);
    assert.deepEqual(evalAll("abs(0 - n)", t).slice(0, 4), [1, 2, null, 4]);
  }
  const one = aq.table({ x: [2.345, -2.5, 1.005, 16] }) as unknown as Table;
  assert.deepEqual(evalAll("round(x, 2)", one), [2.35, -2.5, 1.01, 16]);
  assert.deepEqual(evalAll("round(x)", one), [2, -3, 1, 16]);
  assert.deepEqual(evalAll("floor(x)", one), [2, -3, 1, 16]);
  assert.deepEqual(evalAll("ceil(x)", one), [3, -2, 2, 16]);
  assert.equal(evalAll("sqrt(x)", one)[3], 4);
  assert.equal(evalAll("log(x, 2)", one)[3], 4);
  assert.equal(evalAll("exp(0)", one)[0], 1);
  assert.ok(Math.abs((evalAll("log(exp(x))", one)[0] as number) - 2.345) < 1e-12);
});

Deno.test("and, or, not treat null as false and return booleans", () => {
  for (const t of [plain, arrow]) {
    assert.deepEqual(evalAll("b and true", t), [true, false, false, true, false]);
    assert.deepEqual(evalAll("b or n > 3", t), [true, false, false, true, false]);
    assert.deepEqual(evalAll("not b", t), [false, true, true, false, true]);
    assert.deepEqual(keep("b", t), [0, 3]);
  }
});

Deno.test("strings and numbers are never equal and never ordered", () => {
  const t = aq.table({ x: ["10", "9", 10] }) as unknown as Table;
  assert.deepEqual(keep("x == 10", t), [2]);
  assert.deepEqual(keep("x > 5", t), [2]);
  assert.deepEqual(keep("x != 10", t), [0, 1]);
  assert.deepEqual(keep("x in ['10', 9]", t), [0]);
});

Deno.test("BigInt values beyond 2^53 compare and add exactly", () => {
  const big = 2n ** 60n;
  const t = aq.fromArrow(flechette.tableFromArrays({ v: BigInt64Array.from([big, 5n, -big]) }, { useBigInt: true }) as never) as unknown as Table;
  assert.deepEqual(evalAll("v + 1", t), [big + 1n, 6, -big + 1n]);
  assert.deepEqual(evalAll("v * 2", t), [big * 2n, 10, -big * 2n]);
  assert.deepEqual(evalAll("v / 4", t), [Number(big) / 4, 1.25, -Number(big) / 4]);
  assert.deepEqual(keep("v > 9007199254740993", t), [0]);
  assert.deepEqual(keep("v < 0", t), [2]);
});

Deno.test("compile reports unknown columns with the closest name and the offset", () => {
  assert.throws(() => compileFilter(parseExpr("n > 1 and amout > 2"), aq.table({ n: [1], amount: [2] }) as unknown as Table, { source: "n > 1 and amout > 2" }), (e: unknown) => {
    assert.ok(e instanceof ExprError);
    assert.equal(e.offset, 10);
    assert.match(e.message, /unknown column "amout"/);
    assert.match(e.hint ?? "", /did you mean "amount"/);
    return true;
  });
});

Deno.test("window functions are refused in filters", () => {
  assert.throws(() => compileFilter(parseExpr("row_number() < 3"), plain), /derive only/);
});

Deno.test("a function given the wrong type fails with the row number", () => {
  const t = aq.table({ x: [1, "a"] }) as unknown as Table;
  assert.throws(() => evalAll("abs(x)", t), (e: unknown) => {
    assert.ok(e instanceof ExprError);
    assert.match(e.message, /abs\(\) needs a number, got the string "a" \(row 2\)/);
    return true;
  });
});

Deno.test("columns named like JavaScript internals are plain columns", () => {
  const t = aq.table({ ["__proto__"]: [1, 2], constructor: [3, 4] }) as unknown as Table;
  assert.deepEqual(evalAll("`__proto__` + `constructor`", t), [4, 6]);
  assert.throws(() => compileFilter(parseExpr("toString == 1"), t), /unknown column "toString"/);
});

Deno.test("window functions: row_number, rank, lag, lead, cumsum by partition and order", () => {
  const t = aq.table({
    g: ["a", "b", "a", "b", "a", "a"],
    v: [3, 10, 1, 20, 3, null],
  }) as unknown as Table;
  const w = (src: string, options = {}) => {
    const f = compileDerive(parseExpr(src), t, { source: src, partitionBy: ["g"], orderBy: [{ column: "v", ascending: true }], ...options });
    return Array.from({ length: 6 }, (_, i) => f(i));
  };
  // Partition a ordered by v: rows 2 (1), 0 (3), 4 (3), 5 (null, last); partition b: rows 1 (10), 3 (20).
  assert.deepEqual(w("row_number()"), [2, 1, 1, 2, 3, 4]);
  assert.deepEqual(w("rank()"), [2, 1, 1, 2, 2, 4]);
  assert.deepEqual(w("lag(v)"), [1, null, null, 10, 3, 3]);
  assert.deepEqual(w("lag(v, 2, 0)"), [0, 0, 0, 0, 1, 3]);
  assert.deepEqual(w("lead(v)"), [3, 20, 3, null, null, null]);
  assert.deepEqual(w("cumsum(v)"), [4, 10, 1, 30, 7, null]);
  assert.deepEqual(w("v - lag(v)"), [2, null, null, 10, 0, null]);
  // No partition, table order.
  const f = compileDerive(parseExpr("cumsum(v)"), t, {});
  assert.deepEqual(Array.from({ length: 6 }, (_, i) => f(i)), [3, 13, 14, 34, 37, null]);
  assert.throws(() => compileDerive(parseExpr("lag(lag(v))"), t, {}), /cannot be nested/);
  assert.throws(() => compileDerive(parseExpr("lag(v, -1)"), t, {}), /whole number/);
});
