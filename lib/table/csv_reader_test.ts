import assert from "node:assert/strict";
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { arrowColumnOf } from "./arrow_table.ts";
import { parseCsv } from "./csv_reader.ts";

const d = (s: string) => new Date(s);

/** Column type as a short name: int32, int64, float64, dict, bool, date, timestamp, utf8. */
function typeName(t: Table, name: string): string {
  const type = arrowColumnOf(t.column(name))!.type as { typeId: number; bitWidth?: number };
  switch (type.typeId) {
    case flechette.Type.Int:
      return `int${type.bitWidth}`;
    case flechette.Type.Float:
      return "float64";
    case flechette.Type.Dictionary:
      return "dict";
    case flechette.Type.Bool:
      return "bool";
    case flechette.Type.Date:
      return "date";
    case flechette.Type.Timestamp:
      return "timestamp";
    default:
      return String(type.typeId);
  }
}

Deno.test("read_csv infers int32, float64, string, bool, date and timestamp columns", async () => {
  const t = await parseCsv("a,b,c,d,e,f\n1,2.5,x,true,2024-01-02,2024-01-02T03:04:05Z\n-3,0.125,y,FALSE,1999-12-31,2024-01-02 03:04\n");
  assert.deepEqual(t.columnNames(), ["a", "b", "c", "d", "e", "f"]);
  assert.deepEqual(["a", "b", "c", "d", "e", "f"].map((n) => typeName(t, n)), ["int32", "float64", "dict", "bool", "date", "timestamp"]);
  assert.deepEqual(t.objects(), [
    { a: 1, b: 2.5, c: "x", d: true, e: d("2024-01-02T00:00:00Z"), f: d("2024-01-02T03:04:05Z") },
    { a: -3, b: 0.125, c: "y", d: false, e: d("1999-12-31T00:00:00Z"), f: d("2024-01-02T03:04:00Z") },
  ]);
});

Deno.test("read_csv handles doubled quotes and delimiters inside quotes", async () => {
  const t = await parseCsv('a,b\n"x,y","he said ""hi"""\n"",plain\n');
  assert.deepEqual(t.objects(), [{ a: "x,y", b: 'he said "hi"' }, { a: null, b: "plain" }]);
});

Deno.test("read_csv keeps LF, CRLF and CR inside quoted fields", async () => {
  const t = await parseCsv('a,b\n"line1\nline2",1\n"x\r\ny",2\n"p\rq",3\n');
  assert.deepEqual(t.objects(), [{ a: "line1\nline2", b: 1 }, { a: "x\r\ny", b: 2 }, { a: "p\rq", b: 3 }]);
});

Deno.test("read_csv accepts CRLF and lone CR line ends", async () => {
  assert.deepEqual((await parseCsv("a,b\r\n1,2\r\n3,4\r\n")).objects(), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  assert.deepEqual((await parseCsv("a,b\r1,2\r3,4")).objects(), [{ a: 1, b: 2 }, { a: 3, b: 4 }]);
});

Deno.test("read_csv skips a UTF-8 BOM", async () => {
  const t = await parseCsv("\uFEFFid,v\n1,2\n");
  assert.deepEqual(t.columnNames(), ["id", "v"]);
  assert.deepEqual(t.objects(), [{ id: 1, v: 2 }]);
});

Deno.test("read_csv reads empty fields and default null markers as null", async () => {
  const t = await parseCsv("a,b,c\n1,,x\n,2,NA\nnull,3,\n4,NA,y\n");
  assert.deepEqual(t.objects(), [
    { a: 1, b: null, c: "x" },
    { a: null, b: 2, c: null },
    { a: null, b: 3, c: null },
    { a: 4, b: null, c: "y" },
  ]);
  assert.equal(typeName(t, "a"), "int32");
  assert.equal(typeName(t, "b"), "int32");
});

Deno.test("read_csv null_values replaces the default markers", async () => {
  const t = await parseCsv("a,b\n-,NA\n2,x\n", { nullValues: ["-"] });
  assert.deepEqual(t.objects(), [{ a: null, b: "NA" }, { a: 2, b: "x" }]);
});

Deno.test("read_csv dtypes override inference", async () => {
  const t = await parseCsv("zip,n,flag,day\n007,1,true,2024-01-01\n010,2,false,2024-01-02\n", {
    dtypes: { zip: "string", n: "float", flag: "string", day: "timestamp" },
  });
  assert.deepEqual(t.objects(), [
    { zip: "007", n: 1, flag: "true", day: d("2024-01-01T00:00:00Z") },
    { zip: "010", n: 2, flag: "false", day: d("2024-01-02T00:00:00Z") },
  ]);
  assert.equal(typeName(t, "n"), "float64");
  assert.equal(typeName(t, "day"), "timestamp");
});

Deno.test("read_csv fails on a value that doesn't fit its dtype, naming line and column", async () => {
  await assert.rejects(parseCsv("a,b\n1,2\n3,4.5\n", { dtypes: { b: "int" } }), (e: Error) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.line, 3);
    assert.equal(e.column, "b");
    assert.match(e.message, /"4\.5" is not a whole number/);
    return true;
  });
  await assert.rejects(parseCsv("a\nyes\n", { dtypes: { a: "bool" } }), /line 2.*"yes" is not true or false/);
});

Deno.test("read_csv restarts with a string column when a late value is not a number", async () => {
  const lines = ["v,w"];
  for (let i = 0; i < 5000; i++) lines.push(`${i},${i * 2}`);
  lines.push("abc,1");
  const t = await parseCsv(lines.join("\n") + "\n");
  assert.equal(typeName(t, "v"), "dict");
  assert.equal(typeName(t, "w"), "int32");
  assert.equal(t.get("v", 0), "0");
  assert.equal(t.get("v", 4999), "4999");
  assert.equal(t.get("v", 5000), "abc");
  assert.equal(t.numRows(), 5001);
});

Deno.test("read_csv widens int to float in place", async () => {
  const t = await parseCsv("x\n1\n2\n3.5\n-4\n");
  assert.equal(typeName(t, "x"), "float64");
  assert.deepEqual(t.array("x"), [1, 2, 3.5, -4]);
});

Deno.test("read_csv keeps -2147483648 in int32 and moves past int32 to int64", async () => {
  const a = await parseCsv("x\n-2147483648\n2147483647\n");
  assert.equal(typeName(a, "x"), "int32");
  assert.deepEqual(a.array("x"), [-2147483648, 2147483647]);
  const b = await parseCsv("x\n1\n2147483648\n-2147483649\n");
  assert.equal(typeName(b, "x"), "int64");
  assert.deepEqual(b.array("x"), [1, 2147483648, -2147483649]);
});

Deno.test("read_csv reads integers beyond 2^53 exactly as BigInt", async () => {
  const t = await parseCsv("x\n9007199254740993\n1\n-9223372036854775808\n\n");
  assert.equal(typeName(t, "x"), "int64");
  assert.deepEqual(t.array("x"), [9007199254740993n, 1n, -9223372036854775808n]);
  const over = await parseCsv("x\n99999999999999999999\n1\n");
  assert.equal(typeName(over, "x"), "float64");
  assert.deepEqual(over.array("x"), [1e20, 1]);
});

Deno.test("read_csv reads unicode names and values", async () => {
  const t = await parseCsv("名前,città\n東京,Zürich\n😀,\"a,é\"\n");
  assert.deepEqual(t.columnNames(), ["名前", "città"]);
  assert.deepEqual(t.objects(), [{ "名前": "東京", "città": "Zürich" }, { "名前": "😀", "città": "a,é" }]);
});

Deno.test("read_csv reads an empty file and a header-only file", async () => {
  const empty = await parseCsv("");
  assert.equal(empty.numRows(), 0);
  assert.deepEqual(empty.columnNames(), []);
  const head = await parseCsv("a,b\n");
  assert.deepEqual(head.columnNames(), ["a", "b"]);
  assert.equal(head.numRows(), 0);
});

Deno.test("read_csv without a header names columns column_1..", async () => {
  const t = await parseCsv("1,x\n2,y\n", { header: false });
  assert.deepEqual(t.columnNames(), ["column_1", "column_2"]);
  assert.deepEqual(t.objects(), [{ column_1: 1, column_2: "x" }, { column_1: 2, column_2: "y" }]);
});

Deno.test("read_csv skip_rows skips preamble lines, columns picks and orders", async () => {
  const t = await parseCsv('report "draft\ngenerated today\na,b,c\n1,2,3\n', { skipRows: 2, columns: ["c", "a"] });
  assert.deepEqual(t.columnNames(), ["c", "a"]);
  assert.deepEqual(t.objects(), [{ c: 3, a: 1 }]);
  await assert.rejects(parseCsv("a,b\n1,2\n", { columns: ["z"] }), /columns names a column the file doesn't have; available: a, b/);
});

Deno.test("read_csv takes other delimiters", async () => {
  assert.deepEqual((await parseCsv("a;b\n1;x,y\n", { delimiter: ";" })).objects(), [{ a: 1, b: "x,y" }]);
  assert.deepEqual((await parseCsv("a\tb\n1\t2\n", { delimiter: "\t" })).objects(), [{ a: 1, b: 2 }]);
  await assert.rejects(parseCsv("a\n", { delimiter: "ab" }), RangeError);
});

Deno.test("read_csv skips blank lines and makes duplicate header names unique", async () => {
  const t = await parseCsv("a,a,\n\n1,2,3\n\n4,5,6\n");
  assert.deepEqual(t.columnNames(), ["a", "a_2", "column_3"]);
  assert.equal(t.numRows(), 2);
});

Deno.test("malformed rows fail with the file line", async () => {
  const cases: [string, number, RegExp][] = [
    ["a,b,c\n1,2,3\n4,5\n", 3, /has 2 fields but the header has 3/],
    ["a,b\n1,2\n3,4,5\n", 3, /more than 2 fields/],
    ['a,b\n"x\ny",1\n"open,2\n', 4, /quoted field is not closed/],
    ['a,b\n"x"y,1\n', 2, /after a closing quote/],
    ['a,b\n"multi\nline",1\nbad\n', 4, /has 1 field but the header has 2/],
  ];
  for (const [text, line, re] of cases) {
    await assert.rejects(parseCsv(text), (e: Error) => {
      assert.ok(e instanceof DataError, text);
      assert.equal(e.line, line, text);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("booleans, dates and timestamps promote as documented", async () => {
  const b = await parseCsv("x\ntrue\nmaybe\n");
  assert.equal(typeName(b, "x"), "dict");
  assert.deepEqual(b.array("x"), ["true", "maybe"]);
  const ts = await parseCsv("x\n2024-01-01\n2024-01-02T10:00:00+02:00\n");
  assert.equal(typeName(ts, "x"), "timestamp");
  assert.deepEqual(ts.array("x"), [d("2024-01-01T00:00:00Z"), d("2024-01-02T08:00:00Z")]);
  const bad = await parseCsv("x\n2024-02-30\n");
  assert.equal(typeName(bad, "x"), "dict");
});

Deno.test("an all-null column is an all-null string column", async () => {
  const t = await parseCsv("a,b\n1,\n2,NA\n");
  assert.equal(typeName(t, "b"), "dict");
  assert.deepEqual(t.array("b"), [null, null]);
});

Deno.test("float parsing equals parseFloat on random decimal strings", async () => {
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
  const values: string[] = [];
  for (let i = 0; i < 30000; i++) {
    const r = rand();
    const sign = rand() < 0.3 ? "-" : "";
    let s: string;
    if (r < 0.6) s = `${sign}${digits(1 + Math.floor(rand() * 8))}.${digits(1 + Math.floor(rand() * 7))}`;
    else if (r < 0.8) s = `${sign}${digits(1 + Math.floor(rand() * 3))}.${digits(10 + Math.floor(rand() * 10))}`;
    else if (r < 0.9) s = `${sign}${digits(1 + Math.floor(rand() * 4))}.${digits(2)}e${rand() < 0.5 ? "-" : ""}${Math.floor(rand() * 300)}`;
    else s = `${sign}0.${digits(1 + Math.floor(rand() * 17))}`;
    values.push(s);
  }
  const t = await parseCsv("x\n" + values.join("\n") + "\n");
  const got = t.array("x") as number[];
  let bad = 0;
  values.forEach((s, i) => {
    if (!Object.is(got[i], parseFloat(s))) bad++;
  });
  assert.equal(bad, 0);
});
