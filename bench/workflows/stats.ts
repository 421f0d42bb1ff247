/**
 * Small helpers shared by the benchmarks: medians and ranges, and writing
 * JSON results atomically.
 *
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import process from "node:process";

/** Median and range of repeated measurements. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** The median, min and max of `runs` (which must not be empty). */
export function stat(runs: number[]): Stat {
  if (runs.length === 0) throw new RangeError("Cannot summarise no measurements");
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

/** Writes `value` as JSON to `path` (parent folders created; a temporary name, then renamed). */
export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, path);
}

/** Milliseconds as "1,234 ms" or "12.3 ms". */
export function fmtMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms).toLocaleString("en-US")} ms` : `${ms.toFixed(1)} ms`;
}
