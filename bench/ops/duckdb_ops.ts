/**
 * The operations of bench/ops_peers.ts in DuckDB (`@duckdb/node-api`, in this
 * process), on tables already loaded. Each timed statement materialises its
 * result: `CREATE TABLE r AS …` (read_csv and read_parquet included), or a
 * `COPY … TO` file for to_parquet; the result is dropped, untimed, between runs.
 *
 * @module
 */
import { join } from "node:path";
// A dev dependency (package.json), used by the benchmarks only: not part of lib/deps.ts.
import { DuckDBInstance } from "@duckdb/node-api";
import { fillScript } from "../peers.ts";
import { type OpCheck, type OpMeasure, type OpName, SUM_COLUMNS } from "./op_result.ts";

/** The timed statement per operation (`${orders}`, `${categories}`, `${parquet}` filled in). */
export const DUCKDB_SQL: Record<OpName, string> = {
  read_csv: "CREATE TABLE r AS SELECT * FROM read_csv('${orders}')",
  query: "CREATE TABLE r AS SELECT * FROM orders WHERE value > 100",
  groupby_agg: "CREATE TABLE r AS SELECT category, sum(amount) AS amount_sum, avg(amount) AS amount_mean FROM orders GROUP BY category",
  join: "CREATE TABLE r AS SELECT * FROM orders JOIN categories USING (category)",
  sort: "CREATE TABLE r AS SELECT * FROM orders ORDER BY value",
  to_parquet: "COPY orders TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)",
  read_parquet: "CREATE TABLE r AS SELECT * FROM read_parquet('${parquet}')",
};

/** Options of {@link measureDuckdbOps}. */
export interface DuckdbOpsOptions {
  orders: string;
  categories: string;
  scratch: string;
  /** Timed runs per operation (after one warm-up). */
  reps: number;
  /** Threads; undefined = DuckDB's default (all cores). */
  threads?: number;
}

/** Times every operation in a fresh in-memory DuckDB; returns runs (ms) and checks per operation. */
export async function measureDuckdbOps(options: DuckdbOpsOptions): Promise<Record<OpName, OpMeasure>> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(":memory:", config);
  const con = await instance.connect();
  const parquet = join(options.scratch, `duckdb_${options.threads ?? "default"}.parquet`);
  const vars = { orders: options.orders, categories: options.categories, parquet };
  try {
    await con.run(fillScript("CREATE TABLE orders AS SELECT * FROM read_csv('${orders}'); CREATE TABLE categories AS SELECT * FROM read_csv('${categories}')", vars));
    const check = async (from: string): Promise<OpCheck> => {
      const cols = (await con.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${from})`)).getRowsJS().map((r) => String(r[0]));
      const summed = SUM_COLUMNS.filter((c) => cols.includes(c));
      const sql = `SELECT count(*)${summed.map((c) => `, sum(${c})::DOUBLE`).join("")} FROM ${from}`;
      const row = (await con.runAndReadAll(sql)).getRowsJS()[0];
      return { rows: Number(row[0]), sums: Object.fromEntries(summed.map((c, i) => [c, Number(row[i + 1])])) };
    };
    const out = {} as Record<OpName, OpMeasure>;
    for (const [op, template] of Object.entries(DUCKDB_SQL) as [OpName, string][]) {
      const sql = fillScript(template, vars);
      const runs: number[] = [];
      for (let i = 0; i <= options.reps; i++) {
        await con.run("DROP TABLE IF EXISTS r");
        const t0 = performance.now();
        await con.run(sql);
        if (i > 0) runs.push(performance.now() - t0);
      }
      out[op] = { runs, check: await check(op === "to_parquet" ? `read_parquet('${parquet.replaceAll("'", "''")}')` : "r") };
    }
    return out;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
