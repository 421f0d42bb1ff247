import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aq, flechette } from "../lib/deps.ts";
import { DataError } from "../lib/errors.ts";
import { arrowBytesToTable, arrowFileColumnNames, tableToArrowFile } from "../lib/table/arrow_file.ts";
import { arrowColumnOf } from "../lib/table/arrow_table.ts";
import { concatTables } from "../lib/table/concat_tables.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { writeCsv } from "../lib/table/csv_writer.ts";
import { parseJsonTable, writeJsonTable } from "../lib/table/json_table.ts";
import { parquetToTable, tableToParquet } from "../lib/table/parquet.ts";
import type { Table } from "../lib/types.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const d = (s: string) => new Date(s);

async function collect(fn: (write: (b: Uint8Array) => void) => Promise<void>): Promise<string> {
  const parts: Uint8Array[] = [];
  await fn((b) => parts.push(b.slice()));
  return parts.map((p) => dec.decode(p)).join("");
}

const typeId = (t: Table, name: string) => (arrowColumnOf(t.column(name))!.type as { typeId: number }).typeId;

Deno.test("read_json records: columns in first-seen order, types from values, dates from ISO strings", () => {
  const t = parseJsonTable(enc.encode('[{"a":1,"s":"x","day":"2024-01-02"},{"b":true,"a":2.5,"at":"2024-01-02T03:04:05Z"},{"nested":{"k":[1,2]}}]'), "records");
  assert.deepEqual(t.columnNames(), ["a", "s", "day", "b", "at", "nested"]);
  assert.deepEqual(t.objects(), [
    { a: 1, s: "x", day: d("2024-01-02T00:00:00Z"), b: null, at: null, nested: null },
    { a: 2.5, s: null, day: null, b: true, at: d("2024-01-02T03:04:05Z"), nested: null },
    { a: null, s: null, day: null, b: null, at: null, nested: '{"k":[1,2]}' },
  ]);
  assert.equal(typeId(t, "day"), flechette.Type.Date);
  assert.equal(typeId(t, "at"), flechette.Type.Timestamp);
});

Deno.test("read_json keeps integers beyond 2^53 exact", () => {
  const t = parseJsonTable(enc.encode('{"id":9007199254740993}\n{"id":1}\n'), "ndjson");
  assert.deepEqual(t.array("id"), [9007199254740993n, 1n]);
});

Deno.test("read_json errors name the file and the line", () => {
  assert.throws(() => parseJsonTable(enc.encode('{"a":1}\n\n{"a":\n'), "ndjson", "f.ndjson"), (e: Error) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.line, 3);
    assert.match(e.message, /f\.ndjson, line 3: invalid JSON/);
    return true;
  });
  assert.throws(() => parseJsonTable(enc.encode('{"a":1}'), "records", "r.json"), /must be an array of objects/);
  assert.throws(() => parseJsonTable(enc.encode("[1,2]"), "records"), /row 1 is not an object/);
  assert.equal(parseJsonTable(enc.encode(""), "records").numRows(), 0);
});

Deno.test("to_json writes dates as dates, timestamps in ISO, NaN as null", async () => {
  const t = await parseCsv("d,ts,x,s\n2024-01-02,2024-01-02T03:04:05Z,NaN,\"q\"\"\"\n,,1.5,\n");
  assert.equal(await collect((w) => writeJsonTable(t, "ndjson", w)), '{"d":"2024-01-02","ts":"2024-01-02T03:04:05.000Z","x":null,"s":"q\\""}\n{"d":null,"ts":null,"x":1.5,"s":null}\n');
  assert.equal(await collect((w) => writeJsonTable(aq.table({ a: [] as number[] }), "records", w)), "[]\n");
});

Deno.test("to_csv output reads back to the same table", async () => {
  const t = await parseCsv('i,f,s,b,day,ts,big\n1,0.1,"a,""b""",true,2024-01-02,2024-01-02T03:04:05.5Z,9007199254740993\n,,,,,,\n-5,-1e-7,"x\ny",false,1900-03-01,1901-01-01T00:00:00Z,-1\n');
  const csv = await collect((w) => writeCsv(t, w));
  assert.deepEqual((await parseCsv(csv)).objects(), t.objects());
});

Deno.test("Arrow IPC files and streams read back, and the schema is read from the head", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-arrow-"));
  try {
    const t = aq.table({ a: [1, 2, null], s: ["x", "y", "x"] });
    const file = join(dir, "t.arrow");
    writeFileSync(file, tableToArrowFile(t));
    assert.deepEqual(arrowFileColumnNames(file), ["a", "s"]);
    const stream = join(dir, "t.arrows");
    writeFileSync(stream, aq.toArrowIPC(t, { format: "stream" }));
    assert.deepEqual(arrowFileColumnNames(stream), ["a", "s"]);
    assert.deepEqual(arrowBytesToTable(tableToArrowFile(t)).objects(), t.objects());
    writeFileSync(join(dir, "bad.arrow"), "nope");
    assert.throws(() => arrowFileColumnNames(join(dir, "bad.arrow")), DataError);
    assert.throws(() => arrowBytesToTable(enc.encode("nope"), "bad.arrow"), /cannot read as Arrow IPC/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("concatenating Parquet parts merges string dictionaries and joins typed columns", async () => {
  const a = await parquetToTable(await tableToParquet(aq.table({ k: ["x", "y"], n: [1, 2], day: [d("2024-01-01T00:00:00Z"), null] })));
  const b = await parquetToTable(await tableToParquet(aq.table({ k: ["z", null, "x"], n: [3, 4, 5], day: [null, d("2024-02-01T00:00:00Z"), null] })));
  const t = concatTables([{ file: "a", table: a }, { file: "b", table: b }]);
  assert.deepEqual(t.array("k"), ["x", "y", "z", null, "x"]);
  assert.deepEqual(t.array("n"), [1, 2, 3, 4, 5]);
  assert.deepEqual(t.array("day"), [d("2024-01-01T00:00:00Z"), null, null, d("2024-02-01T00:00:00Z"), null]);
  assert.equal(typeId(t, "k"), flechette.Type.Dictionary);
  assert.throws(() => concatTables([{ file: "a", table: a }, { file: "c", table: aq.table({ other: [1] }) }]), /c: the columns differ/);
});

Deno.test("plain string columns from Parquet become dictionary columns unless mostly distinct", async () => {
  const n = 5000;
  const t = aq.table({ few: Array.from({ length: n }, (_, i) => `c${i % 3}`), many: Array.from({ length: n }, (_, i) => `u${i}`) });
  // write plain Utf8 (not dictionary) columns, like other tools do
  const plain = flechette.tableFromArrays({ few: t.array("few") as string[], many: t.array("many") as string[] }, { types: { few: flechette.utf8(), many: flechette.utf8() } });
  const { loadParquetWasm } = await import("../lib/table/parquet_wasm.ts");
  const pw = await loadParquetWasm();
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(flechette.tableToIPC(plain, { format: "stream" })!));
  const back = await parquetToTable(bytes);
  assert.equal(typeId(back, "few"), flechette.Type.Dictionary);
  assert.equal(typeId(back, "many"), flechette.Type.Utf8);
  assert.deepEqual(back.array("few").slice(0, 4), ["c0", "c1", "c2", "c0"]);
  assert.equal(back.get("many", 4999), "u4999");
});
