/**
 * What each runner of bench/ops_peers.ts reports per operation, and the
 * cross-engine check of those results (row counts, sums of numeric columns).
 *
 * @module
 */

/** The operations timed, in table order. */
export const OPS = ["read_csv", "query", "groupby_agg", "join", "sort", "to_parquet", "read_parquet"] as const;

/** One operation's name. */
export type OpName = typeof OPS[number];

/** Numeric columns whose sums are compared across engines (when a result has them). */
export const SUM_COLUMNS = ["id", "amount", "value", "amount_sum", "amount_mean", "margin"];

/** The row count of a result and the sums of its numeric columns. */
export interface OpCheck {
  rows: number;
  sums: Record<string, number>;
}

/** One runner's measurement of one operation: timed runs in ms and a check, or why it is not available. */
export type OpMeasure = { runs: number[]; check: OpCheck } | { na: string };

/** Relative tolerance of sums (absolute below 1): float sums in another order differ in the last bits. */
export const SUM_TOLERANCE = 1e-6;

/**
 * Differences between a candidate's check and the reference's: the row count,
 * and the sum of every column in SUM_COLUMNS that both have.
 */
export function compareChecks(reference: OpCheck, candidate: OpCheck): string[] {
  const problems: string[] = [];
  if (reference.rows !== candidate.rows) problems.push(`rows ${candidate.rows}, expected ${reference.rows}`);
  for (const c of SUM_COLUMNS) {
    const a = reference.sums[c];
    const b = candidate.sums[c];
    if (a === undefined || b === undefined) continue;
    if (Math.abs(a - b) > SUM_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) problems.push(`sum(${c}) ${b}, expected ${a}`);
  }
  return problems;
}
