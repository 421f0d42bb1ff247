import assert from "node:assert/strict";
import { ByteOut } from "./byte_out.ts";
import { shortDecimals } from "./cell_text.ts";
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { parseCsv } from "./csv_reader.ts";
import { writeCsv } from "./csv_writer.ts";
import { writeJsonTable } from "./json_table.ts";
import { decodeTable, encodeTable } from "./transfer.ts";

const dec = new TextDecoder();

// one buffer for every call: a fresh 1 MiB buffer per value would dominate the test
let text = "";
const shared = new ByteOut((b) => text += dec.decode(b));

function written(fn: (out: ByteOut) => void): string {
  text = "";
  fn(shared);
  shared.flush(true);
  return text;
}

Deno.test("ByteOut.fixed writes m / 10^k with a sign and leading zeros", () => {
  assert.equal(written((o) => o.fixed(-5, 2)), "-0.05");
  assert.equal(written((o) => o.fixed(1234, 0)), "1234");
  assert.equal(written((o) => o.fixed(1234, 1)), "123.4");
  assert.equal(written((o) => o.fixed(0, 0)), "0");
  assert.equal(written((o) => o.fixed(-2147483648, 0)), "-2147483648");
  assert.equal(written((o) => o.fixed(9007199254740991, 3)), "9007199254740.991");
  assert.equal(written((o) => o.int(-7)), "-7");
});

Deno.test("numbers written by the fast path are exactly what String(v) gives", () => {
  let seed = 99;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const values = [0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1e-6, 1.5e-6, 123456789.123456, 999999999.999999, -0.05, 2 ** 31 + 0.5, 123.456];
  for (let i = 0; i < 100000; i++) {
    const m = Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 15))) * (rand() < 0.3 ? -1 : 1);
    values.push(m / 10 ** Math.floor(rand() * 8), rand() * 1000, (rand() - 0.5) * 1e8);
  }
  let fast = 0;
  for (const v of values) {
    const k = shortDecimals(v);
    if (k < 0) continue;
    fast++;
    assert.equal(written((o) => o.fixed(k === 0 ? v : Math.round(v * 10 ** k), k)), String(v), `value ${v}`);
  }
  assert.ok(fast > values.length / 5, "the fast path should apply to many values");
  assert.equal(shortDecimals(-0), -1);
  assert.equal(shortDecimals(NaN), -1);
  assert.equal(shortDecimals(1e-7), -1);
});

Deno.test("CSV and JSON writers write a sorted or filtered view through its rows, as they write those rows copied out", async () => {
  const t = await parseCsv("id,name,when,score\n3,\"b, c\",2024-01-03,1.5\n1,a,,2\n2,é,2024-01-01,\n4,d,2024-01-04,7.25\n");
  const views = [t.orderby(aq.desc("id")), t.filter((r: { id: number }) => r.id !== 2), t.filter((r: { id: number }) => r.id > 1).orderby("name")];
  const text = async (table: Table, kind: "csv" | "ndjson") => {
    const chunks: Uint8Array[] = [];
    if (kind === "csv") await writeCsv(table, (b) => chunks.push(b.slice()));
    else await writeJsonTable(table, "ndjson", (b) => chunks.push(b.slice()));
    return new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  };
  for (const view of views) {
    const copied = decodeTable(encodeTable(view));
    assert.ok(!copied.isFiltered() && !copied.isOrdered());
    for (const kind of ["csv", "ndjson"] as const) assert.equal(await text(view, kind), await text(copied, kind));
  }
});
