/**
 * The files `pfw init` writes, embedded as strings (a compiled binary has no
 * repository to copy them from). examples/custom/ holds the same operation
 * module; a test keeps the two identical.
 *
 * @module
 */

/** The scaffold's custom operation module: plain TypeScript, no imports. */
export const INIT_OPS_TS = `/**
 * Custom operations for pfw. Every named export that is an object with a
 * run(ctx) function becomes an operation of that name; the pipeline lists
 * this file under \`modules:\`. No import of pfw is needed.
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

/** Adds a \`tier\` column from \`value\`: low, mid or high. Runs on the CPU worker pool. */
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
`;

/** The scaffold's pipeline; `schemaRef` goes into the yaml-language-server header. */
export function initPipelineYaml(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A pfw pipeline: read a CSV, tag rows with a custom TypeScript operation
# (ops.ts), aggregate, then write Parquet and print the result in parallel.
# Run it with: pfw run pipeline.yml
settings:
  engine: parallel
  max_parallel: 4
  retry_policy:
    max_attempts: 2
    backoff_ms: [200]

variables:
  out: output.parquet

modules:
  - ops.ts

pipeline:
  - name: load
    operation: read_csv
    resource_hint: io_bound
    params:
      path: data.csv

  - name: tiered
    operation: add_tier
    depends_on: [load]
    params:
      low: 50
      high: 150

  - name: by_tier
    operation: groupby_agg
    depends_on: [tiered]
    params:
      by: [category, tier]
      agg: {amount: [sum, mean], value: [max]}

  - name: save
    operation: to_parquet
    depends_on: [by_tier]
    params:
      path: \${out}

  - name: show
    operation: print_rows
    depends_on: [by_tier]
    params:
      limit: 6
`;
}

/** The scaffold's README. */
export const INIT_README = `# A pfw pipeline

- pipeline.yml: the pipeline (settings, modules, steps)
- ops.ts: two custom operations written in TypeScript
- data.csv: sample data (id, category, amount, value, date)
- pipeline.schema.json: the JSON Schema editors use to complete and check pipeline.yml

Commands:

    pfw validate pipeline.yml
    pfw graph pipeline.yml --format text
    pfw run pipeline.yml --var out=result.parquet
    pfw runs pipeline.yml
`;
