/**
 * Checks that two engines computed the same outputs: the same columns, the
 * same rows (matched by key columns) and equal values — numbers within a
 * relative tolerance (sums over a million floats differ in the last bits
 * when added in another order), everything else exactly. Files are read back
 * with DuckDB (Parquet or CSV, by extension), independently of pfw's readers.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type { DuckdbReader } from "../peers.ts";
import type { WorkflowOutput } from "./catalog.ts";

/** Relative tolerance for numbers (absolute below 1). */
export const TOLERANCE = 1e-6;

/** The outcome of comparing one output of two engines. */
export interface Comparison {
  output: string;
  ok: boolean;
  /** Rows in the reference and in the candidate. */
  rows: [number, number];
  /** Empty when ok; else the first differences found (at most 5). */
  problems: string[];
}

function sqlFile(path: string): string {
  const p = path.replaceAll("'", "''");
  return path.endsWith(".csv") ? `read_csv('${p}')` : `read_parquet('${p}')`;
}

function normalize(v: unknown): unknown {
  // A date written as a timestamp at midnight is the same date.
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z?$/.test(v)) return v.slice(0, 10);
  return v;
}

function keyOf(row: Record<string, unknown>, keys: string[]): string {
  return keys.map((k) => String(normalize(row[k]))).join("\u0001");
}

function sameValue(a: unknown, b: unknown): boolean {
  a = normalize(a);
  b = normalize(b);
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (a === null || a === undefined) return b === null || b === undefined;
  return String(a) === String(b);
}

/**
 * Compares `candidate`'s file of one output with `reference`'s.
 * `referenceFile` and `candidateFile` are .parquet or .csv paths.
 */
export async function compareOutput(
  db: DuckdbReader,
  output: WorkflowOutput,
  referenceFile: string,
  candidateFile: string,
): Promise<Comparison> {
  const problems: string[] = [];
  for (const f of [referenceFile, candidateFile]) {
    if (!existsSync(f)) return { output: output.name, ok: false, rows: [0, 0], problems: [`missing output file ${f}`] };
  }
  const ref = await db.rows(`SELECT * FROM ${sqlFile(referenceFile)}`);
  const got = await db.rows(`SELECT * FROM ${sqlFile(candidateFile)}`);
  const rows: [number, number] = [ref.length, got.length];
  if (ref.length !== got.length) problems.push(`row count ${got.length}, expected ${ref.length}`);
  const refCols = Object.keys(ref[0] ?? {});
  const gotCols = Object.keys(got[0] ?? {});
  const missing = refCols.filter((c) => !gotCols.includes(c));
  const extra = gotCols.filter((c) => !refCols.includes(c));
  if (missing.length) problems.push(`missing columns ${missing.join(", ")}`);
  if (extra.length) problems.push(`extra columns ${extra.join(", ")}`);
  const byKey = new Map(got.map((r) => [keyOf(r, output.keys), r]));
  for (const r of ref) {
    if (problems.length >= 5) break;
    const k = keyOf(r, output.keys);
    const g = byKey.get(k);
    if (!g) {
      problems.push(`no row for key ${k.replaceAll("\u0001", ", ")}`);
      continue;
    }
    for (const c of refCols) {
      if (!(c in g) || sameValue(r[c], g[c])) continue;
      problems.push(`key ${k.replaceAll("\u0001", ", ")}: ${c} = ${String(g[c])}, expected ${String(r[c])}`);
      break;
    }
  }
  return { output: output.name, ok: problems.length === 0, rows, problems: problems.slice(0, 5) };
}
