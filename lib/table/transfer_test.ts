import assert from "node:assert/strict";
import { aq, flechette } from "../deps.ts";
import { tableToArrow } from "./arrow_export.ts";
import { arrowColumnOf } from "./arrow_table.ts";
import type { Table } from "../types.ts";
import { parseCsv } from "./csv_reader.ts";
import { decodeTable, encodeTable, packetBytes } from "./transfer.ts";
import { parquetToTable, tableToParquet } from "./parquet.ts";

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

// deno-lint-ignore no-explicit-any
const batchOf = (t: { column(name: string): unknown }, name: string): any => arrowColumnOf(t.column(name))!.data[0];

Deno.test("a packet shares the CSV reader's columns: no byte is copied, on either side", async () => {
  const t = await parseCsv("id,s,x,day\n1,a,1.5,2024-01-01\n2,b,,2024-01-02\n3,a,2.5,2024-01-03\n");
  const packet = encodeTable(t);
  for (const name of ["id", "s", "x", "day"]) {
    const source = batchOf(t, name).values as Uint8Array;
    assert.ok(source.buffer instanceof SharedArrayBuffer, `${name} is read into shared memory`);
    const sent = packet.columns![t.columnNames().indexOf(name)].batches[0].values!;
    assert.equal(sent.buffer, source.buffer, `${name} travels as it is`);
    assert.equal(batchOf(decodeTable(packet), name).values.buffer, source.buffer, `${name} is decoded in place`);
  }
  // postMessage clones a packet the way structuredClone does: the memory stays shared
  const posted = structuredClone(packet);
  const before = t.get("x", 0);
  (posted.columns![2].batches[0].values as Float64Array)[0] = 42;
  assert.equal(t.get("x", 0), 42, "the clone sees the same memory");
  (posted.columns![2].batches[0].values as Float64Array)[0] = before;
  assert.ok(packetBytes(packet) >= 3 * (4 + 4 + 8 + 4));
});

Deno.test("columns outside shared memory are copied into it once, by encode", () => {
  const values = Float64Array.from([1, 2, 3]);
  const packet = encodeTable(aq.table({ x: values, s: ["a", "b", "a"] }));
  for (const c of packet.columns!) for (const b of c.batches) assert.ok(b.values!.buffer instanceof SharedArrayBuffer);
  assert.notEqual(packet.columns![0].batches[0].values!.buffer, values.buffer);
  assert.deepEqual(decodeTable(structuredClone(packet)).objects(), [{ x: 1, s: "a" }, { x: 2, s: "b" }, { x: 3, s: "a" }]);
});

Deno.test("a decoded dictionary table can be written as Arrow IPC and Parquet", async () => {
  const t = await parseCsv("s,n\na,1\nb,2\na,3\n");
  const back = decodeTable(structuredClone(encodeTable(t)));
  const ipc = flechette.tableToIPC(tableToArrow(back), { format: "stream" })!;
  assert.deepEqual(aq.fromArrow(flechette.tableFromIPC(ipc) as never).objects(), t.objects());
  const parquet = await tableToParquet(back);
  assert.deepEqual((await parquetToTable(parquet)).objects(), t.objects());
});

Deno.test("a column type without a buffer form makes the table travel as Arrow IPC", () => {
  const arrow = flechette.tableFromArrays({ l: [[1, 2], [3], []], n: Int32Array.from([1, 2, 3]) });
  const t = aq.fromArrow(arrow as never) as unknown as Table;
  const packet = encodeTable(t);
  assert.equal(packet.columns, undefined);
  assert.ok(packet.ipc!.buffer instanceof SharedArrayBuffer);
  const back = decodeTable(structuredClone(packet));
  assert.deepEqual(Array.from(back.array("n") as ArrayLike<number>), [1, 2, 3]);
  assert.deepEqual((back.array("l") as unknown as ArrayLike<number>[]).map((x) => Array.from(x)), [[1, 2], [3], []]);
});

Deno.test("encode with views sends a filtered table as its columns plus its rows, with no row copied; a sorted one is copied", async () => {
  const t = await parseCsv("a,s,x\n" + Array.from({ length: 40 }, (_, i) => `${i},${i % 3 ? "p" : "q"},${i / 2}`).join("\n") + "\n");
  const base = arrowColumnOf(t.column("x"))!.data[0].values!.buffer;
  for (const sorted of [t.orderby(aq.desc("x")), t.filter((r: { a: number }) => r.a > 9).orderby(aq.desc("s"), "a")]) {
    const packet = encodeTable(sorted, { views: true });
    assert.equal(packet.view, undefined);
    assert.deepEqual(decodeTable(packet).objects(), sorted.objects());
  }
  const views: [string, Table][] = [
    ["filtered", t.filter((r: { a: number }) => r.a % 2 === 0)],
    ["filtered more", t.filter((r: { a: number }) => r.a > 9)],
  ];
  for (const [what, view] of views) {
    const packet = encodeTable(view, { views: true });
    assert.ok(packet.view, what);
    assert.equal(packet.rows, view.numRows());
    assert.equal(packet.columns![2].batches[0].values!.buffer, base, `${what}: the columns are shared, not copied`);
    const back = decodeTable(packet);
    assert.deepEqual(back.objects(), view.objects(), what);
    // a plain table again when asked without views
    assert.equal(encodeTable(view).view, undefined);
  }
  // a view of few rows is copied out: the receiver would keep every row alive for it
  const few = encodeTable(t.filter((r: { a: number }) => r.a < 5), { views: true });
  assert.equal(few.view, undefined);
  assert.equal(decodeTable(few).numRows(), 5);
});

Deno.test("small dictionaries travel with their strings decoded; the decoded table still writes two dictionaries apart", async () => {
  const t = await parseCsv("c,r\nx,north\ny,south\nx,east\n");
  const packet = encodeTable(t);
  assert.deepEqual(packet.columns!.map((c) => c.batches[0].dictionary?.strings), [["x", "y"], ["north", "south", "east"]]);
  const back = decodeTable(packet);
  assert.deepEqual(back.objects(), t.objects());
  const again = await parquetToTable(await tableToParquet(back));
  assert.deepEqual(again.objects(), t.objects());
});
