/**
 * A deterministic sample table for examples, `pfw init` and tests:
 * columns id, category, amount, value, date. About half the rows have
 * `value > 100` (the seed pipeline's filter).
 *
 * @module
 */
import { mulberry32 } from "../ops_util/random.ts";

/** The categories used, in order. */
export const SAMPLE_CATEGORIES: readonly string[] = [
  "books",
  "electronics",
  "garden",
  "grocery",
  "health",
  "music",
  "outdoors",
  "toys",
];

/** Options of {@link sampleCsv}. */
export interface SampleCsvOptions {
  /** Data rows (default 1000). */
  rows?: number;
  /** PRNG seed; the same seed and rows give the same bytes (default 42). */
  seed?: number;
}


/**
 * The CSV text, header included, `\n` line ends.
 *
 * @example
 * ```ts
 * const csv = sampleCsv({ rows: 3 });
 * csv.split("\n")[0]; // "id,category,amount,value,date"
 * ```
 * @throws {RangeError} when rows is not a non-negative integer.
 */
export function sampleCsv(options: SampleCsvOptions = {}): string {
  const rows = options.rows ?? 1000;
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  const rand = mulberry32(options.seed ?? 42);
  const start = Date.UTC(2024, 0, 1);
  const parts: string[] = ["id,category,amount,value,date\n"];
  for (let i = 1; i <= rows; i++) {
    const category = SAMPLE_CATEGORIES[Math.floor(rand() * SAMPLE_CATEGORIES.length)];
    const amount = (Math.floor(rand() * 50_000) + 100) / 100;
    const value = Math.floor(rand() * 201);
    const date = new Date(start + Math.floor(rand() * 366) * 86_400_000).toISOString().slice(0, 10);
    parts.push(`${i},${category},${amount.toFixed(2)},${value},${date}\n`);
  }
  return parts.join("");
}
