/**
 * Writes a deterministic CSV for benchmarks: id, category (100 values), region,
 * amount, value, date. The same seed and row count always give the same bytes.
 *
 * Usage: deno run -A bench/make_data.ts <out.csv> [rows=1000000] [seed=42]
 *
 * @module
 */
import { mulberry32 } from "../lib/ops_util/random.ts";

export { mulberry32 };
import { writeFileSync } from "node:fs";

/** Options of {@link makeCsv}. */
export interface MakeCsvOptions {
  /** Number of data rows (default 1,000,000). */
  rows?: number;
  /** PRNG seed (default 42). */
  seed?: number;
}

const REGIONS = ["north", "south", "east", "west", "central"];


/** Builds the CSV text of the benchmark table. */
export function makeCsv(options: MakeCsvOptions = {}): string {
  const rows = options.rows ?? 1_000_000;
  const rand = mulberry32(options.seed ?? 42);
  const categories = Array.from({ length: 100 }, (_, i) => `cat_${String(i).padStart(3, "0")}`);
  const day0 = Date.UTC(2020, 0, 1);
  const parts: string[] = ["id,category,region,amount,value,date\n"];
  let chunk = "";
  for (let i = 1; i <= rows; i++) {
    const category = categories[Math.floor(rand() * 100)];
    const region = REGIONS[Math.floor(rand() * REGIONS.length)];
    const amount = (Math.floor(rand() * 1_000_000) / 100).toFixed(2);
    const value = (rand() * 200).toFixed(3);
    const date = new Date(day0 + Math.floor(rand() * 1826) * 86_400_000).toISOString().slice(0, 10);
    chunk += `${i},${category},${region},${amount},${value},${date}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

if (import.meta.main) {
  const [out, rows, seed] = Deno.args;
  if (!out) {
    console.error("usage: deno run -A bench/make_data.ts <out.csv> [rows] [seed]");
    Deno.exit(2);
  }
  writeFileSync(out, makeCsv({ rows: rows ? Number(rows) : undefined, seed: seed ? Number(seed) : undefined }));
  console.log(`wrote ${out}`);
}
