/**
 * The input files of the four benchmark workflows, generated deterministically
 * (same row count, same bytes):
 *
 * | file | rows | columns |
 * |---|---|---|
 * | orders.csv | R | id, category (100 values), region (5), amount, value, date (bench/make_data.ts, seed 42) |
 * | orders_b.csv | R / 2 | same columns, seed 43 (a second shard, for the ETL workflow) |
 * | shipments.csv | ~R / 2 | id (an order id), carrier (8 values), ship_cost, ship_days (1–14) |
 * | categories.csv | 100 | category, department (10 values), margin |
 *
 * Files are written to a temporary name and renamed; a folder that already
 * holds the inputs for the same R (see `inputs.json`) is reused.
 *
 *     deno run -A bench/workflows/make_inputs.ts <dir> [rows=1000000]
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { makeCsv, mulberry32 } from "../make_data.ts";

/** Bumped whenever the generated files change, so stale folders are rebuilt. */
const FORMAT = 1;

/** The input files, by their name in the workflows. */
export const INPUT_FILES = ["orders.csv", "orders_b.csv", "shipments.csv", "categories.csv"] as const;

/** Options of {@link makeInputs}. */
export interface MakeInputsOptions {
  /** Rows of orders.csv (R); the other files scale from it. */
  rows: number;
  /** Rebuild even when the folder already holds these inputs. */
  force?: boolean;
}

/** What {@link makeInputs} made: the folder, R, and each file's size in bytes. */
export interface InputsInfo {
  dir: string;
  rows: number;
  bytes: Record<string, number>;
  /** Rows per file. */
  fileRows: Record<string, number>;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** shipments.csv: each order id ships with probability 1/2 (seed 44). Returns the text and the row count. */
export function shipmentsCsv(orders: number): { text: string; rows: number } {
  const rand = mulberry32(44);
  const parts = ["id,carrier,ship_cost,ship_days\n"];
  let chunk = "";
  let rows = 0;
  for (let id = 1; id <= orders; id++) {
    const ships = rand() < 0.5;
    const carrier = 1 + Math.floor(rand() * 8);
    const cost = (Math.floor(rand() * 5000) / 100).toFixed(2);
    const days = 1 + Math.floor(rand() * 14);
    if (!ships) continue;
    rows++;
    chunk += `${id},carrier_${carrier},${cost},${days}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return { text: parts.join(""), rows };
}

/** categories.csv: the 100 categories of orders.csv, each with a department and a margin. */
export function categoriesCsv(): string {
  let text = "category,department,margin\n";
  for (let i = 0; i < 100; i++) {
    const margin = (5 + ((i * 37) % 46)) / 100;
    text += `cat_${String(i).padStart(3, "0")},dept_${i % 10},${margin.toFixed(2)}\n`;
  }
  return text;
}

/** Writes the inputs for `rows` into `dir` (reusing them when already there). */
export function makeInputs(dir: string, options: MakeInputsOptions): InputsInfo {
  const rows = options.rows;
  if (!Number.isInteger(rows) || rows < 2) throw new RangeError(`Cannot make inputs of ${rows} rows: use a whole number ≥ 2`);
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, "inputs.json");
  if (!options.force && existsSync(manifest)) {
    try {
      const info = JSON.parse(readFileSync(manifest, "utf8"));
      if (info.format === FORMAT && info.rows === rows && INPUT_FILES.every((f) => existsSync(join(dir, f)))) {
        return { dir, rows, bytes: info.bytes, fileRows: info.fileRows };
      }
    } catch { /* rebuild */ }
  }
  const half = Math.floor(rows / 2);
  writeAtomic(join(dir, "orders.csv"), makeCsv({ rows, seed: 42 }));
  writeAtomic(join(dir, "orders_b.csv"), makeCsv({ rows: half, seed: 43 }));
  const ship = shipmentsCsv(rows);
  writeAtomic(join(dir, "shipments.csv"), ship.text);
  writeAtomic(join(dir, "categories.csv"), categoriesCsv());
  const bytes = Object.fromEntries(INPUT_FILES.map((f) => [f, statSync(join(dir, f)).size]));
  const fileRows = { "orders.csv": rows, "orders_b.csv": half, "shipments.csv": ship.rows, "categories.csv": 100 };
  writeAtomic(manifest, JSON.stringify({ format: FORMAT, rows, bytes, fileRows }, null, 2));
  return { dir, rows, bytes, fileRows };
}

if (import.meta.main) {
  const [dir, rows] = process.argv.slice(2);
  const usage = "usage: deno run -A bench/workflows/make_inputs.ts <dir> [rows=1000000]";
  if (dir === "-h" || dir === "--help") {
    console.log(usage);
    process.exit(0);
  }
  if (!dir || dir.startsWith("-") || (rows !== undefined && !(Number(rows) > 0))) {
    console.error(usage);
    process.exit(2);
  }
  const info = makeInputs(dir, { rows: rows ? Number(rows) : 1_000_000, force: true });
  console.log(JSON.stringify(info, null, 2));
}
