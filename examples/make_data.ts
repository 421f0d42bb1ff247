/**
 * Writes the examples' deterministic data.csv (id, category, amount, value, date).
 *
 *     deno run -A examples/make_data.ts [--rows N] [--out PATH]
 *
 * Defaults: 100,000 rows into examples/seed/data.csv. The same arguments
 * always give the same bytes. The file is written to a temporary name and
 * renamed, so a reader never sees half of it.
 *
 * @module
 */
import { renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { sampleCsv } from "../lib/cli/sample_data.ts";

/** Writes `rows` sample rows to `path` (atomically). */
export function makeData(path: string, rows: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, sampleCsv({ rows }));
  renameSync(tmp, path);
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  let rows = 100_000;
  let out = fileURLToPath(new URL("./seed/data.csv", import.meta.url));
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--rows") rows = Number(args[++i]);
    else if (args[i] === "--out") out = args[++i];
    else {
      console.error(`unknown argument ${args[i]}; usage: make_data.ts [--rows N] [--out PATH]`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(rows) || rows < 0) {
    console.error("--rows needs a whole number");
    process.exit(2);
  }
  makeData(out, rows);
  console.log(`wrote ${rows} rows to ${out}`);
}
