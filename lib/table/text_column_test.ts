import assert from "node:assert/strict";
import { aq, flechette } from "../deps.ts";
import { type ArrowColumn, arrowTable, dictionaryColumn, utf8Column, utf8ColumnOf, validityFromNulls } from "./arrow_build.ts";
import { arrowColumnOf, toArquero } from "./arrow_table.ts";
import { parseCsv } from "./csv_reader.ts";
import { TEXT_CHECK_ROWS } from "./csv_column.ts";
import { gatherUtf8, TextColumn, utf8Values } from "./text_column.ts";
import { decodeTable, encodeTable } from "./transfer.ts";
import { encodeUtf8Values } from "./utf8_strings.ts";
import { writeCsv } from "./csv_writer.ts";
import { runOp } from "../ops_util/test_util.ts";
import { sort } from "../../ops/sort.ts";
import { query } from "../../ops/query.ts";
import { groupby_agg } from "../../ops/groupby_agg.ts";
import type { Table } from "../types.ts";

/** A Utf8 column of strings and nulls, built from bytes (nothing decoded yet). */
function textColumn(values: (string | null)[]): ArrowColumn {
  const { bytes, offsets } = encodeUtf8Values(values.map((v) => v ?? ""));
  const nullRows = values.flatMap((v, i) => (v === null ? [i] : []));
  return utf8Column(bytes, offsets, nullRows.length ? { nullCount: nullRows.length, validity: validityFromNulls(nullRows, nullRows.length, values.length) } : {});
}

const VALUES = ["b@x.org", null, "é", "a,b", "", "😀", null, "z"];

Deno.test("utf8Values() decodes a column once, nulls included, into flechette's own value cache", () => {
  const col = textColumn(VALUES);
  const values = utf8Values(col);
  assert.deepEqual(values, VALUES);
  assert.equal(utf8Values(col), values);
  // flechette 2.6.0 keeps decoded values in _cache and hands them out from cache(): a flechette upgrade that renames it fails here
  assert.equal((col as unknown as { cache(): unknown[] }).cache(), values);
  assert.deepEqual(col.toArray(), VALUES);
});

Deno.test("toArquero() reads plain string columns through a TextColumn that still maps to its Arrow column", () => {
  const col = textColumn(VALUES);
  const table = toArquero(arrowTable(["s", "n"], [col, flechette.columnFromArray(Float64Array.from(VALUES, (_, i) => i))]));
  const wrapper = table.column("s");
  assert.ok(wrapper instanceof TextColumn);
  assert.equal(arrowColumnOf(wrapper), col);
  assert.deepEqual(table.array("s"), VALUES);
  assert.deepEqual([...(wrapper as TextColumn)], VALUES);
  assert.deepEqual(table.orderby("s").array("s"), [null, null, "", "a,b", "b@x.org", "z", "é", "😀"]); // Arquero's own order: nulls first
  assert.deepEqual(table.filter("d.s === 'z'").array("n"), [7]);
});

Deno.test("gatherUtf8() copies rows' bytes into shared memory, nulls and negative rows as null, and carries known strings", () => {
  const col = textColumn(VALUES);
  const rows = [7, 1, -1, 5, 0, 3];
  const want = rows.map((r) => (r < 0 ? null : VALUES[r]));
  const cold = gatherUtf8(col, rows);
  assert.ok((cold.data[0] as unknown as { values: Uint8Array }).values.buffer instanceof SharedArrayBuffer);
  assert.equal((cold as unknown as { _cache?: unknown })._cache, undefined); // the source was never decoded
  assert.deepEqual(cold.toArray(), want);
  assert.equal(cold.nullCount, 2);
  utf8Values(col);
  const warm = gatherUtf8(col, rows);
  assert.deepEqual((warm as unknown as { _cache?: unknown })._cache, want);
  assert.deepEqual(utf8Values(warm), want);
});

Deno.test("dictionaryColumn() and utf8ColumnOf() hand flechette dictionaries whose strings are already known", () => {
  const dict = utf8ColumnOf(["x", "ÿ", "long value that is longer than thirteen"]);
  const col = dictionaryColumn(Int32Array.from([2, 0, 1, 0]), 4, dict);
  assert.deepEqual(col.toArray(), ["long value that is longer than thirteen", "x", "ÿ", "x"]);
  const fromBytes = textColumn(["p", "q"]);
  dictionaryColumn(Int32Array.from([1]), 1, fromBytes);
  assert.deepEqual((fromBytes as unknown as { _cache?: unknown })._cache, ["p", "q"]);
});

Deno.test("a CSV column of mostly distinct strings reads, sorts, filters, moves between threads and writes as text", async () => {
  const n = TEXT_CHECK_ROWS + 10;
  let csv = "id,email\n";
  for (let i = 0; i < n; i++) csv += `${i},${i % 1000 === 7 ? "" : i % 1000 === 8 ? '"q""uote, café"' : `user${(i * 7919) % n}@example.com`}\n`;
  const table = await parseCsv(csv);
  const col = arrowColumnOf(table.column("email"))!;
  assert.equal((col.type as { typeId: number }).typeId, flechette.Type.Utf8);
  assert.ok(table.column("email") instanceof TextColumn);
  const back = decodeTable(encodeTable(table));
  assert.ok(back.column("email") instanceof TextColumn);
  assert.equal(arrowColumnOf(back.column("email"))!.data[0].values!.buffer, col.data[0].values!.buffer);
  assert.deepEqual(back.array("email"), table.array("email"));
  assert.equal(back.get("email", 8), 'q"uote, café');
  assert.equal(back.get("email", 7), null);
  // written back as CSV, the text is the input's (the quoted field re-quoted, the empty one empty)
  const chunks: Uint8Array[] = [];
  await writeCsv(back, (b) => chunks.push(b.slice()));
  assert.equal(new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))), csv);
  // pfw's sort and query on the column: nulls last, code-unit order, the same as on plain JS strings
  const strings = table.array("email") as (string | null)[];
  const sorted = await runOp(sort, { by: ["email"], ascending: false }, back);
  const want = strings.filter((s) => s !== null).sort().reverse();
  assert.deepEqual(sorted.array("email"), [...want, ...strings.filter((s) => s === null)]);
  const picked = await runOp(query, { expr: "email < 'user1'" }, back);
  assert.deepEqual(picked.array("email"), strings.filter((s) => s !== null && s < "user1"));
});

Deno.test("groupby_agg and sort on a plain string column give what they give on the same strings as JS values", async () => {
  const n = TEXT_CHECK_ROWS + 500;
  const names = Array.from({ length: n }, (_, i) => (i % 997 === 3 ? null : `name ${(i * 7919) % (n - 9)}${i % 5 === 0 ? " é" : ""}`));
  const amounts = Array.from({ length: n }, (_, i) => i % 13);
  const csv = "name,amount\n" + names.map((s, i) => `${s ?? ""},${amounts[i]}`).join("\n") + "\n";
  const text = await parseCsv(csv);
  assert.ok(text.column("name") instanceof TextColumn);
  const plain = aq.table({ name: names, amount: amounts }) as unknown as Table;
  const params = { by: ["name"], agg: { amount: ["sum", "count"] } };
  const a = await runOp(groupby_agg, params, text), b = await runOp(groupby_agg, params, plain);
  assert.deepEqual(a.objects(), b.objects());
  for (const ascending of [true, false]) {
    const s1 = await runOp(sort, { by: ["name", "amount"], ascending }, text), s2 = await runOp(sort, { by: ["name", "amount"], ascending }, plain);
    assert.deepEqual(s1.objects(), s2.objects());
  }
});

Deno.test("query compares an ASCII plain string column on its bytes and keeps the rows < and == keep", async () => {
  const n = TEXT_CHECK_ROWS + 100;
  const emails = Array.from({ length: n }, (_, i) => (i % 1001 === 5 ? null : `user${(i * 7919) % n}@example.com`));
  const table = await parseCsv("email\n" + emails.map((e) => e ?? "").join("\n") + "\n");
  assert.ok(table.column("email") instanceof TextColumn);
  for (const [expr, keep] of [
    ["email >= 'user5'", (e: string) => e >= "user5"],
    ["email == 'user77@example.com'", (e: string) => e === "user77@example.com"],
    ["'user3' > email", (e: string) => e < "user3"],
    ["email != 'user1@example.com'", (e: string) => e !== "user1@example.com"],
  ] as const) {
    const got = await runOp(query, { expr }, table);
    assert.deepEqual(got.array("email"), emails.filter((e): e is string => e !== null && keep(e)), expr);
  }
});
