/**
 * The peers pfw is compared with: DuckDB (through `@duckdb/node-api`, a dev
 * dependency; it loads in Deno with `--allow-ffi`) and pandas (through
 * `/usr/bin/python3`, where Debian's python3-pandas is installed).
 *
 * As a program it runs one DuckDB script as a whole process, which is how
 * bench/run.ts times DuckDB:
 *
 *     deno run -A bench/peers.ts duckdb SCRIPT.sql DATA_DIR OUT_DIR [THREADS]
 *
 * THREADS omitted = DuckDB's default (all cores).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import process from "node:process";
// A dev dependency (package.json), used by the benchmarks only: not part of lib/deps.ts.
import { DuckDBInstance } from "@duckdb/node-api";

/** The Python that sees Debian's pandas (a python3 elsewhere on the PATH may not). */
export const PYTHON = "/usr/bin/python3";

/** A DuckDB script with `${name}` placeholders replaced (values are quoted for SQL string literals). */
export function fillScript(sql: string, vars: Record<string, string>): string {
  return sql.replace(/\$\{(\w+)\}/g, (m, name: string) => (name in vars ? vars[name].replaceAll("'", "''") : m));
}

/** Options of {@link runDuckdb}. */
export interface DuckdbOptions {
  /** Threads (default: DuckDB's own default, the core count). */
  threads?: number;
}

/** Runs a (multi-statement) DuckDB script in an in-memory database, in this process. */
export async function runDuckdb(sql: string, options: DuckdbOptions = {}): Promise<void> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A reusable in-process DuckDB for reading results back (verification): rows as JSON-safe objects. */
export class DuckdbReader {
  #instance?: DuckDBInstance;
  #connection?: Awaited<ReturnType<DuckDBInstance["connect"]>>;

  /** Rows of a query; numbers stay numbers, BIGINTs become numbers, dates become ISO strings. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    if (!this.#connection) {
      this.#instance = await DuckDBInstance.create(":memory:", { threads: "1" });
      this.#connection = await this.#instance.connect();
    }
    const reader = await this.#connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = jsValue(v);
      return out;
    });
  }

  /** Frees the database. */
  close(): void {
    this.#connection?.closeSync();
    this.#instance?.closeSync();
    this.#connection = undefined;
    this.#instance = undefined;
  }
}

function jsValue(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds() ? 19 : 10);
  return v;
}

/** Whether pandas can run here, and if not, why (the note printed with the results). */
export function pandasStatus(): { ok: true; version: string } | { ok: false; note: string } {
  if (!existsSync(PYTHON)) return { ok: false, note: `${PYTHON} not found: pandas runs skipped (apt-get install python3-pandas)` };
  const r = spawnSync(PYTHON, ["-c", "import pandas; print(pandas.__version__)"], { encoding: "utf8" });
  if (r.status !== 0) return { ok: false, note: `pandas not importable by ${PYTHON}: pandas runs skipped (apt-get install python3-pandas)` };
  return { ok: true, version: r.stdout.trim() };
}

if (import.meta.main) {
  const [engine, script, data, out, threads] = process.argv.slice(2);
  if (engine !== "duckdb" || !script || !data || !out) {
    console.error("usage: deno run -A bench/peers.ts duckdb SCRIPT.sql DATA_DIR OUT_DIR [THREADS]");
    process.exit(2);
  }
  const t0 = performance.now();
  await runDuckdb(fillScript(readFileSync(script, "utf8"), { data, out }), { threads: threads ? Number(threads) : undefined });
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
}
