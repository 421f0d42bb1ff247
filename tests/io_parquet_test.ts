import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// an independent Parquet reader (dev dependency), named here only
// deno-lint-ignore no-import-prefix
import { parquetMetadata, parquetReadObjects } from "npm:hyparquet@1.33.0";
import { aq, flechette } from "../lib/deps.ts";
import { arrowColumnOf } from "../lib/table/arrow_table.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { parquetFileColumnNames } from "../lib/table/file_columns.ts";
import { parquetToTable, tableToParquet } from "../lib/table/parquet.ts";

const d = (s: string) => new Date(s);

/** One column of every type, with nulls. */
async function everyType() {
  return await parseCsv(
    "i32,i64,f,s,b,day,ts\n" +
      "1,9007199254740993,1.5,alpha,true,2024-01-02,2024-01-02T03:04:05.123Z\n" +
      ",,,,,,\n" +
      "-2147483648,-9223372036854775808,-0.25,é😀,false,1969-12-31,1960-06-01T00:00:00Z\n" +
      "2147483647,9223372036854775807,1e300,alpha,true,2000-02-29,2038-01-19T03:14:08Z\n",
  );
}

const EXPECTED = [
  { i32: 1, i64: 9007199254740993n, f: 1.5, s: "alpha", b: true, day: d("2024-01-02T00:00:00Z"), ts: d("2024-01-02T03:04:05.123Z") },
  { i32: null, i64: null, f: null, s: null, b: null, day: null, ts: null },
  { i32: -2147483648, i64: -9223372036854775808n, f: -0.25, s: "é😀", b: false, day: d("1969-12-31T00:00:00Z"), ts: d("1960-06-01T00:00:00Z") },
  { i32: 2147483647, i64: 9223372036854775807n, f: 1e300, s: "alpha", b: true, day: d("2000-02-29T00:00:00Z"), ts: d("2038-01-19T03:14:08Z") },
];

Deno.test("parquet round trip keeps every type and null, for every compression", async () => {
  const t = await everyType();
  assert.deepEqual(t.objects(), EXPECTED);
  for (const compression of ["snappy", "zstd", "gzip", "none"] as const) {
    const back = await parquetToTable(await tableToParquet(t, { compression }));
    assert.deepEqual(back.objects(), EXPECTED, compression);
    const types = back.columnNames().map((n) => (arrowColumnOf(back.column(n))!.type as { typeId: number }).typeId);
    const T = flechette.Type;
    assert.deepEqual(types, [T.Int, T.Int, T.Float, T.Dictionary, T.Bool, T.Date, T.Timestamp], compression);
  }
});

Deno.test("parquet we write is read back by hyparquet with the same values", async () => {
  const t = await everyType();
  for (const compression of ["snappy", "none"] as const) {
    const bytes = await tableToParquet(t, { compression });
    const file = bytes.slice().buffer;
    const rows = await parquetReadObjects({ file });
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.map((r) => r.i32), [1, null, -2147483648, 2147483647]);
    assert.deepEqual(rows.map((r) => r.i64), [9007199254740993n, null, -9223372036854775808n, 9223372036854775807n]);
    assert.deepEqual(rows.map((r) => r.f), [1.5, null, -0.25, 1e300]);
    assert.deepEqual(rows.map((r) => r.s), ["alpha", null, "é😀", "alpha"]);
    assert.deepEqual(rows.map((r) => r.b), [true, null, false, true]);
    assert.deepEqual(rows.map((r) => r.day), [d("2024-01-02T00:00:00Z"), null, d("1969-12-31T00:00:00Z"), d("2000-02-29T00:00:00Z")]);
    assert.deepEqual(rows.map((r) => (r.ts as Date | null)?.getTime() ?? null), [d("2024-01-02T03:04:05.123Z").getTime(), null, d("1960-06-01T00:00:00Z").getTime(), d("2038-01-19T03:14:08Z").getTime()]);
  }
});

Deno.test("row_group_size splits row groups and the table reads back whole", async () => {
  const n = 2500;
  const t = aq.table({ k: Array.from({ length: n }, (_, i) => i), s: Array.from({ length: n }, (_, i) => `v${i % 7}`) });
  const bytes = await tableToParquet(t, { rowGroupSize: 1000 });
  const meta = parquetMetadata(bytes.slice().buffer);
  assert.equal(meta.row_groups.length, 3);
  const back = await parquetToTable(bytes);
  assert.equal(back.numRows(), n);
  assert.deepEqual(back.array("k"), Array.from({ length: n }, (_, i) => i));
  assert.equal(back.get("s", 2499), `v${2499 % 7}`);
  await assert.rejects(tableToParquet(t, { rowGroupSize: 0 }), RangeError);
});

Deno.test("read_parquet columns picks columns in order and names a missing one", async () => {
  const bytes = await tableToParquet(await everyType());
  const back = await parquetToTable(bytes, { columns: ["s", "i32"] });
  assert.deepEqual(back.columnNames(), ["s", "i32"]);
  assert.deepEqual(back.array("i32"), [1, null, -2147483648, 2147483647]);
  await assert.rejects(parquetToTable(bytes, { columns: ["nope"], file: "x.parquet" }), /x\.parquet.*no column "nope"; available: i32, i64/);
  await assert.rejects(parquetToTable(new TextEncoder().encode("not parquet"), { file: "y.parquet" }), /y\.parquet.*cannot read as Parquet/);
});

Deno.test("the Parquet schema is read from the footer alone", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-pq-"));
  try {
    const file = join(dir, "t.parquet");
    writeFileSync(file, await tableToParquet(await everyType()));
    assert.deepEqual(await parquetFileColumnNames(file), ["i32", "i64", "f", "s", "b", "day", "ts"]);
    writeFileSync(join(dir, "bad.parquet"), "hello");
    await assert.rejects(parquetFileColumnNames(join(dir, "bad.parquet")), /not end with a Parquet footer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("tables of plain JS columns write to parquet with inferred types", async () => {
  const t = aq.table({
    n: [1, 2, null],
    x: [0.5, null, 2],
    s: ["a", null, "b"],
    flag: [true, false, null],
    when: [d("2024-01-01T00:00:00Z"), null, d("2024-03-01T00:00:00Z")],
    at: [d("2024-01-01T10:00:00Z"), d("2024-01-01T11:30:00Z"), null],
  });
  const back = await parquetToTable(await tableToParquet(t));
  assert.deepEqual(back.objects(), t.objects());
  assert.equal((arrowColumnOf(back.column("when"))!.type as { typeId: number }).typeId, flechette.Type.Date);
  assert.equal((arrowColumnOf(back.column("at"))!.type as { typeId: number }).typeId, flechette.Type.Timestamp);
});

Deno.test("parquet-wasm loads from a Deno script outside the repository", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-outside-"));
  try {
    const lib = new URL("../lib/table/parquet.ts", import.meta.url).href;
    const csv = new URL("../lib/table/csv_reader.ts", import.meta.url).href;
    writeFileSync(
      join(dir, "script.ts"),
      `import { tableToParquet, parquetToTable } from ${JSON.stringify(lib)};
import { parseCsv } from ${JSON.stringify(csv)};
const t = await parseCsv("a,b\\n1,x\\n2,y\\n");
const back = await parquetToTable(await tableToParquet(t));
console.log(JSON.stringify(back.objects()));
`,
    );
    const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", "script.ts"], cwd: dir, stdout: "piped", stderr: "piped" }).output();
    const stdout = new TextDecoder().decode(out.stdout).trim();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(stdout, '[{"a":1,"b":"x"},{"a":2,"b":"y"}]');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("hyparquet reads a larger file with plain (unique) and dictionary (repeating) columns", async () => {
  const n = 5000;
  const t = aq.table({
    id: Array.from({ length: n }, (_, i) => i * 3),
    x: Array.from({ length: n }, (_, i) => i / 7),
    grp: Array.from({ length: n }, (_, i) => `g${i % 4}`),
    day: Array.from({ length: n }, (_, i) => d(`2024-01-0${1 + (i % 9)}T00:00:00Z`)),
  });
  const bytes = await tableToParquet(t, { rowGroupSize: 2000 });
  const rows = await parquetReadObjects({ file: bytes.slice().buffer });
  assert.equal(rows.length, n);
  for (const i of [0, 1, 1999, 2000, 4999]) {
    assert.equal(rows[i].id, i * 3);
    assert.equal(rows[i].x, i / 7);
    assert.equal(rows[i].grp, `g${i % 4}`);
    assert.deepEqual(rows[i].day, d(`2024-01-0${1 + (i % 9)}T00:00:00Z`));
  }
  assert.deepEqual((await parquetToTable(bytes)).objects({ limit: 3 }), t.objects({ limit: 3 }));
});
