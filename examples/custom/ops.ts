/**
 * Custom operations for pfw. Every named export that is an object with a
 * run(ctx) function becomes an operation of that name; the pipeline lists
 * this file under `modules:`. No import of pfw is needed.
 *
 * ctx: params, input (first input table), inputs (by step name), signal,
 * attempt, step, progress(fraction), log(message). run may return an Arquero
 * table, an array of row objects, or nothing.
 */

interface Table {
  numRows(): number;
  objects(): Record<string, unknown>[];
}

interface Context {
  params: Record<string, unknown>;
  input?: Table;
  signal: AbortSignal;
  progress(fraction: number): void;
  log(message: string): void;
}

/** Adds a `tier` column from `value`: low, mid or high. Runs on the CPU worker pool. */
export const add_tier = {
  description: "Adds a tier column from value: low (< low), high (>= high), else mid.",
  resourceHint: "cpu_bound",
  params: {
    low: { type: "number", default: 50, description: "values below this are low" },
    high: { type: "number", default: 150, description: "values from this up are high" },
  },
  run(ctx: Context): Record<string, unknown>[] {
    const low = Number(ctx.params.low ?? 50);
    const high = Number(ctx.params.high ?? 150);
    const rows = ctx.input?.objects() ?? [];
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      if (i % 10_000 === 0) {
        ctx.signal.throwIfAborted();
        ctx.progress(i / rows.length);
      }
      const value = Number(rows[i].value);
      out[i] = { ...rows[i], tier: value < low ? "low" : value >= high ? "high" : "mid" };
    }
    return out;
  },
};

/** Logs one line per row of its input (a small summary table). Runs on the I/O pool. */
export const print_rows = {
  description: "Writes each row of its input to the step log.",
  resourceHint: "io_bound",
  params: {
    limit: { type: "integer", default: 50, description: "print at most this many rows" },
  },
  run(ctx: Context): void {
    const rows = ctx.input?.objects() ?? [];
    const limit = Number(ctx.params.limit ?? 50);
    for (const row of rows.slice(0, limit)) ctx.log(JSON.stringify(row));
  },
};
