/**
 * The operations of bench/ops_peers.ts in pfw, in this process: each
 * operation's `run()` from the default registry with a context built by hand,
 * on tables read by pfw's own read_csv. Every result is what the next step of
 * a pipeline would get (query and sort gather their rows: no lazy views).
 *
 * @module
 */
import { dirname, join } from "node:path";
import type { OpContext } from "../../lib/operation.ts";
import type { Table } from "../../lib/types.ts";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { type OpCheck, type OpMeasure, type OpName, SUM_COLUMNS } from "./op_result.ts";

/** The step each operation runs as: its registry name, params and inputs. */
interface PfwCase {
  params: Record<string, unknown>;
  inputs: "none" | "orders" | "orders+categories" | "parquet";
}

/** Options of {@link measurePfwOps}. */
export interface PfwOpsOptions {
  orders: string;
  categories: string;
  scratch: string;
  /** Timed runs per operation (after one warm-up). */
  reps: number;
  signal?: AbortSignal;
}

/** The row count and sums of numeric columns of a pfw table (untimed). */
export function pfwCheck(table: Table): OpCheck {
  const names = table.columnNames();
  const sums: Record<string, number> = {};
  for (const c of SUM_COLUMNS.filter((c) => names.includes(c))) {
    let s = 0;
    const values = table.array(c) as ArrayLike<unknown>;
    for (let i = 0; i < values.length; i++) s += Number(values[i] ?? 0);
    sums[c] = s;
  }
  return { rows: table.numRows(), sums };
}

/** Times every operation; returns runs (ms) and checks per operation. */
export async function measurePfwOps(options: PfwOpsOptions): Promise<Record<OpName, OpMeasure>> {
  const registry = createDefaultRegistry();
  const signal = options.signal ?? new AbortController().signal;
  const parquet = join(options.scratch, "pfw_orders.parquet");
  const run = async (name: string, params: Record<string, unknown>, inputs: Record<string, Table>): Promise<Table> => {
    const op = registry.get(name);
    if (!op) throw new Error(`operation ${name} is not in the default registry`);
    const ctx: OpContext = {
      params,
      input: Object.values(inputs)[0],
      inputs,
      signal,
      attempt: 1,
      step: name,
      baseDir: dirname(options.orders),
      progress() {},
      log() {},
    };
    return await op.run(ctx) as Table;
  };
  for (const op of registry.list()) op.prepare?.();
  const orders = await run("read_csv", { path: options.orders }, {});
  const categories = await run("read_csv", { path: options.categories }, {});
  const cases: Record<OpName, PfwCase> = {
    read_csv: { params: { path: options.orders }, inputs: "none" },
    query: { params: { expr: "value > 100" }, inputs: "orders" },
    groupby_agg: { params: { by: ["category"], agg: { amount: ["sum", "mean"] } }, inputs: "orders" },
    join: { params: { on: "category", how: "inner" }, inputs: "orders+categories" },
    sort: { params: { by: "value" }, inputs: "orders" },
    to_parquet: { params: { path: parquet, compression: "snappy" }, inputs: "orders" },
    read_parquet: { params: { path: parquet }, inputs: "none" },
  };
  const out = {} as Record<OpName, OpMeasure>;
  for (const [name, c] of Object.entries(cases) as [OpName, PfwCase][]) {
    const inputs: Record<string, Table> = c.inputs === "orders" ? { orders } : c.inputs === "orders+categories" ? { orders, categories } : {};
    const runs: number[] = [];
    let result: Table | undefined;
    for (let i = 0; i <= options.reps; i++) {
      signal.throwIfAborted();
      const t0 = performance.now();
      result = await run(name, c.params, inputs);
      if (i > 0) runs.push(performance.now() - t0);
    }
    // to_parquet returns its input (or nothing): check what it wrote by reading it back.
    const checked = name === "to_parquet" ? await run("read_parquet", { path: parquet }, {}) : result!;
    out[name] = { runs, check: pfwCheck(checked) };
  }
  return out;
}
