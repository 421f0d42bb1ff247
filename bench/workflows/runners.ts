/**
 * The ways a benchmark workflow is run, each as a whole process: pfw's CLI
 * with the sequential or the parallel engine (deno run, or the compiled
 * binary), DuckDB (default threads or one), pandas.
 *
 * @module
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { WorkflowDef } from "./catalog.ts";
import { type ProcessTiming, timeProcess } from "./run_process.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const PEERS = join(ROOT, "bench/peers.ts");
const MAIN = join(ROOT, "main.ts");
/** Where `compile.sh` puts the single binary. */
export const BINARY = join(ROOT, "dist/pfw");

/** Runner ids, in table order. */
export type RunnerId = "pfw_seq" | "pfw_par" | "pfw_bin" | "duckdb" | "duckdb_1t" | "pandas";

/** One way to run a workflow. */
export interface Runner {
  id: RunnerId;
  /** Column title in the results table. */
  label: string;
  /** Extension of the output files it writes. */
  ext: "parquet" | "csv";
  /** Whether it is pfw (its run prints per-step durations). */
  pfw: boolean;
  command(w: WorkflowDef, data: string, out: string, scratch: string): { cmd: string; args: string[] };
}

function pfwArgs(w: WorkflowDef, engine: "sequential" | "parallel", data: string, out: string, scratch: string): string[] {
  return ["run", w.yml, "--engine", engine, "--var", `data=${data}`, "--var", `out=${out}`, "--db", join(scratch, "pfw.db"), "--json"];
}

/** Every runner; `pfw_bin` only when the binary exists, `pandas` only when asked. */
export function allRunners(options: { pandas: boolean; binary: boolean }): Runner[] {
  const list: Runner[] = [
    { id: "pfw_seq", label: "pfw sequential", ext: "parquet", pfw: true, command: (w, d, o, s) => ({ cmd: DENO, args: ["run", "-A", MAIN, ...pfwArgs(w, "sequential", d, o, s)] }) },
    { id: "pfw_par", label: "pfw parallel", ext: "parquet", pfw: true, command: (w, d, o, s) => ({ cmd: DENO, args: ["run", "-A", MAIN, ...pfwArgs(w, "parallel", d, o, s)] }) },
  ];
  if (options.binary && existsSync(BINARY)) {
    list.push({ id: "pfw_bin", label: "pfw binary (parallel)", ext: "parquet", pfw: true, command: (w, d, o, s) => ({ cmd: BINARY, args: pfwArgs(w, "parallel", d, o, s) }) });
  }
  list.push(
    { id: "duckdb", label: "DuckDB", ext: "parquet", pfw: false, command: (w, d, o) => ({ cmd: DENO, args: ["run", "-A", PEERS, "duckdb", w.sql, d, o] }) },
    { id: "duckdb_1t", label: "DuckDB 1 thread", ext: "parquet", pfw: false, command: (w, d, o) => ({ cmd: DENO, args: ["run", "-A", PEERS, "duckdb", w.sql, d, o, "1"] }) },
  );
  if (options.pandas) {
    list.push({ id: "pandas", label: "pandas", ext: "csv", pfw: false, command: (w, d, o) => ({ cmd: "/usr/bin/python3", args: [w.py, d, o] }) });
  }
  return list;
}

/** One timed run. */
export interface RunRecord {
  ms: number;
  peakRssKb?: number;
  ok: boolean;
  error?: string;
  /** pfw only: each step's duration_ms from the run_finished event. */
  steps?: Record<string, number>;
}

/** The per-step durations from pfw's `--json` output (the run_finished line). */
export function pfwStepDurations(stdout: string): { status?: string; steps?: Record<string, number> } {
  const lines = stdout.trim().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const e = JSON.parse(lines[i]);
      if (e.event !== "run_finished") continue;
      const steps: Record<string, number> = {};
      for (const [name, s] of Object.entries(e.steps ?? {})) steps[name] = Number((s as { duration_ms?: number }).duration_ms ?? NaN);
      return { status: e.status, steps };
    } catch { /* not JSON */ }
  }
  return {};
}

/** Runs `w` with `runner` into a fresh `out` folder. */
export async function runWorkflow(runner: Runner, w: WorkflowDef, data: string, out: string, scratch: string, signal?: AbortSignal): Promise<RunRecord> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  const { cmd, args } = runner.command(w, data, out, scratch);
  let t: ProcessTiming;
  try {
    t = await timeProcess(cmd, args, { signal, env: { NO_COLOR: "1" } });
  } catch (e) {
    return { ms: NaN, ok: false, error: (e as Error).message };
  }
  const record: RunRecord = { ms: t.ms, peakRssKb: t.peakRssKb, ok: t.code === 0 };
  if (runner.pfw) {
    const parsed = pfwStepDurations(t.stdout);
    record.steps = parsed.steps;
    if (parsed.status !== "completed") record.ok = false;
  }
  if (!record.ok) {
    const tail = (t.stderr.trim() || t.stdout.trim()).split("\n").slice(-6).join("\n");
    record.error = `exit ${t.code}: ${tail}`;
  }
  return record;
}
