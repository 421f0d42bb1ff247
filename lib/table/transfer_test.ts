import assert from "node:assert/strict";
import { aq, flechette } from "../deps.ts";
import { tableToArrow } from "./arrow_export.ts";
import { arrowColumnOf } from "./arrow_table.ts";
import { parseCsv } from "./csv_reader.ts";
import { decodeTable, encodeTable } from "./transfer.ts";

const d = (s: string) => new Date(s);

Deno.test("encode/decode round-trips an Arrow-backed table with every type and null", async () => {
  const t = await parseCsv("i,big,f,s,b,day,ts\n1,9007199254740993,1.5,x,true,2024-01-02,2024-01-02T03:04:05Z\n,,,,,,\n-7,5,NaN,y,false,1970-01-01,1970-01-01T00:00:01Z\n");
  const back = decodeTable(encodeTable(t));
  assert.deepEqual(back.objects(), t.objects());
  assert.equal(back.get("big", 0), 9007199254740993n);
  assert.ok(Number.isNaN(back.get("f", 2)));
  // still Arrow-backed, strings still dictionary-encoded
  assert.equal((arrowColumnOf(back.column("s"))!.type as { typeId: number }).typeId, flechette.Type.Dictionary);
});

Deno.test("encode reuses the Arrow columns of an unfiltered table, also after select and rename", async () => {
  const t = await parseCsv("a,s\n1,x\n2,y\n3,x\n");
  const arrow = tableToArrow(t);
  assert.equal(arrow.children[0], arrowColumnOf(t.column("a")));
  assert.equal(arrow.children[1], arrowColumnOf(t.column("s")));
  const renamed = tableToArrow(t.select("s").rename({ s: "label" }));
  assert.equal(renamed.children[0], arrowColumnOf(t.column("s")));
  assert.deepEqual(decodeTable(encodeTable(t)).array("a"), [1, 2, 3]);
});

Deno.test("encode of a filtered and sorted table keeps its rows in order", async () => {
  const t = await parseCsv("a,s,when,ok\n1,x,2024-01-01,true\n2,y,,false\n3,x,2024-01-03,\n4,z,2024-01-04,true\n");
  const f = t.filter((r: { a: number }) => r.a !== 2).orderby(aq.desc("a"));
  const back = decodeTable(encodeTable(f));
  assert.deepEqual(back.objects(), [
    { a: 4, s: "z", when: d("2024-01-04T00:00:00Z"), ok: true },
    { a: 3, s: "x", when: d("2024-01-03T00:00:00Z"), ok: null },
    { a: 1, s: "x", when: d("2024-01-01T00:00:00Z"), ok: true },
  ]);
});

Deno.test("encode types plain JS columns from their values", () => {
  const t = aq.table({
    n: [1, 2, 3],
    big: [1, 2 ** 40, null],
    x: [0.5, NaN, null],
    s: ["a", null, "a"],
    b: [true, null, false],
    when: [d("2024-01-01T00:00:00Z"), null, d("2024-01-02T00:00:00Z")],
    mixed: [1, "a", { k: 1 }],
  });
  const back = decodeTable(encodeTable(t));
  assert.deepEqual(back.array("n"), [1, 2, 3]);
  assert.deepEqual(back.array("big"), [1, 2 ** 40, null]);
  assert.deepEqual(back.array("s"), ["a", null, "a"]);
  assert.deepEqual(back.array("b"), [true, null, false]);
  assert.deepEqual(back.array("when"), [d("2024-01-01T00:00:00Z"), null, d("2024-01-02T00:00:00Z")]);
  assert.deepEqual(back.array("mixed"), ["1", "a", '{"k":1}']);
  const x = back.array("x") as (number | null)[];
  assert.equal(x[0], 0.5);
  assert.ok(Number.isNaN(x[1]));
  assert.equal(x[2], null);
  const type = (name: string) => (arrowColumnOf(back.column(name))!.type as { typeId: number; bitWidth?: number });
  assert.equal(type("n").bitWidth, 32);
  assert.equal(type("big").bitWidth, 64);
  assert.equal(type("when").typeId, flechette.Type.Date);
});

Deno.test("an empty table survives encode/decode", () => {
  const back = decodeTable(encodeTable(aq.table({ a: [] as number[] })));
  assert.equal(back.numRows(), 0);
  assert.deepEqual(back.columnNames(), ["a"]);
});

Deno.test("encode of a filtered table gathers plain string columns", async () => {
  const lines = ["k,v"];
  for (let i = 0; i < 70000; i++) lines.push(`${i % 9 === 0 ? "" : `u${i}`},${i}`);
  const t = await parseCsv(lines.join("\n"));
  assert.equal((arrowColumnOf(t.column("k"))!.type as { typeId: number }).typeId, flechette.Type.Utf8);
  const f = t.filter((r: { v: number }) => r.v % 2 === 1).orderby(aq.desc("v"));
  const back = decodeTable(encodeTable(f));
  assert.equal(back.numRows(), 35000);
  assert.equal(back.get("k", 0), "u69999");
  assert.equal(back.get("k", 3), null); // v = 69993 = 9 × 7777: an empty key
  assert.deepEqual(back.objects({ limit: 5 }), f.objects({ limit: 5 }));
  assert.equal((arrowColumnOf(back.column("k"))!.type as { typeId: number }).typeId, flechette.Type.Utf8);
});

Deno.test("typed array columns are wrapped without a copy", () => {
  const values = Float64Array.from([1.5, NaN, 3]);
  const t = aq.table({ x: values, n: Int32Array.from([1, 2, 3]) });
  const arrow = tableToArrow(t);
  assert.equal((arrow.children[0].data[0] as unknown as { values: Float64Array }).values.buffer, values.buffer);
  const back = decodeTable(encodeTable(t));
  assert.deepEqual([...back.array("n")], [1, 2, 3]);
  assert.ok(Number.isNaN(back.get("x", 1)));
});
