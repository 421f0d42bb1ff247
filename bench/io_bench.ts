/**
 * Table I/O benchmark: 1M-row CSV (bench/make_data.ts) read by pfw's parser vs
 * aq.loadCSV in the same run, Arrow transfer encode/decode, Parquet, CSV and
 * JSON writing. Prints medians (ms) and ratios. Noisy machines: compare
 * ratios within one run.
 *
 * Usage: deno run -A bench/io_bench.ts [--rows 1000000] [--runs 5] [--file path.csv]
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aq, flechette } from "../lib/deps.ts";
import { tableToArrow } from "../lib/table/arrow_export.ts";
import { readCsv } from "../lib/table/csv_reader.ts";
import { writeCsv } from "../lib/table/csv_writer.ts";
import { writeJsonTable } from "../lib/table/json_table.ts";
import { parquetToTable, tableToParquet } from "../lib/table/parquet.ts";
import { loadParquetWasm } from "../lib/table/parquet_wasm.ts";
import { decodeTable, encodeTable } from "../lib/table/transfer.ts";
import type { Table } from "../lib/types.ts";
import { makeCsv } from "./make_data.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

const rows = Number(arg("rows", "1000000"));
const runs = Number(arg("runs", "5"));
const dir = mkdtempSync(join(tmpdir(), "pfw-iobench-"));
const file = arg("file", join(dir, `data_${rows}.csv`));
if (!existsSync(file)) writeFileSync(file, makeCsv({ rows }));

const times = new Map<string, number[]>();
async function time<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  times.set(name, [...(times.get(name) ?? []), ms]);
  return r;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

await loadParquetWasm();
let table: Table | undefined;
for (let i = 0; i < runs; i++) {
  // interleaved, so that machine noise hits both sides alike
  table = await time("read_csv pfw (generated loop)", () => readCsv([file]));
  await time("read_csv pfw (generic loop)", () => readCsv([file], {}, { generic: true }));
  await time("aq.loadCSV", () => aq.loadCSV(file));
  const filtered = table.filter((d: { value: number }) => d.value > 100);
  const packet = await time("encodeTable 1M (shared columns)", () => encodeTable(table!));
  await time("decodeTable 1M", () => decodeTable(packet));
  await time("encodeTable filtered ~500K", () => encodeTable(filtered));
  await time("Arrow IPC encode (before packets)", () => flechette.tableToIPC(tableToArrow(table!), { format: "stream" }));
  await time("aq.toArrow + IPC (first encode)", () => flechette.tableToIPC(aq.toArrow(table!) as unknown as flechette.Table, { format: "stream" }));
  const pq = await time("to_parquet snappy", () => tableToParquet(table!));
  await time("read_parquet", () => parquetToTable(pq));
  await time("to_csv (to memory)", () => writeCsv(table!, () => {}));
  await time("to_json ndjson (to memory)", () => writeJsonTable(table!, "ndjson", () => {}));
  await time("tableToArrow (no copy)", () => tableToArrow(table!));
}

console.log(`pfw table I/O, ${table!.numRows().toLocaleString()} rows, ${runs} runs, medians (Deno ${Deno.version.deno})`);
console.log(`${"".padEnd(40)} ${"median".padStart(9)}    ${"first".padStart(9)}`);
for (const [name, xs] of times) console.log(`${name.padEnd(40)} ${median(xs).toFixed(1).padStart(9)} ms ${xs[0].toFixed(1).padStart(9)} ms`);
const m = (name: string) => median(times.get(name)!);
console.log(`read_csv speedup vs aq.loadCSV: ${(m("aq.loadCSV") / m("read_csv pfw (generated loop)")).toFixed(1)}x`);
console.log(`generated loop vs generic loop: ${(m("read_csv pfw (generic loop)") / m("read_csv pfw (generated loop)")).toFixed(2)}x`);
console.log(`packet encode vs Arrow IPC encode: ${(m("Arrow IPC encode (before packets)") / m("encodeTable 1M (shared columns)")).toFixed(1)}x`);
rmSync(dir, { recursive: true, force: true });
