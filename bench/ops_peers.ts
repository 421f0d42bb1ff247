/**
 * Issue 3's operation benchmark (not a test): every operation of the seed
 * and a few more, pfw vs DuckDB (default threads and 1) vs pandas, then the
 * seed pipeline end to end as whole processes.
 *
 *     deno run -A bench/ops_peers.ts                 # 1M rows, 5 timed runs per op, 3 pipeline rounds
 *     deno run -A bench/ops_peers.ts --rows 10000000 # 10M rows (~450 MB CSV, generated once)
 *     deno run -A bench/ops_peers.ts --quick         # 20k rows, smoke
 *
 * Options: --rows N, --reps N (per op), --pipeline-reps N, --no-pipeline, --no-ops.
 *
 * Part 1, in-process: each operation alone on data already in memory, a
 * warm-up then the median of --reps runs: pfw (bench/ops/pfw_ops.ts: the op's
 * run() from the registry), DuckDB (bench/ops/duckdb_ops.ts: `CREATE TABLE r
 * AS …` or `COPY … TO`), pandas (bench/ops/pandas_ops.py, one python3 process
 * timing with perf_counter). Results are checked: row counts and sums of the
 * numeric columns, against DuckDB's (default threads).
 * Part 2: the seed pipeline as whole processes (bench/ops/seed_processes.ts).
 * Prints markdown tables and writes bench/results/ops_peers.json (other
 * sizes: ops_peers_rows-N.json; quick: bench/results/quick/ops_peers.json).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { measureDuckdbOps } from "./ops/duckdb_ops.ts";
import { compareChecks, type OpMeasure, type OpName, OPS } from "./ops/op_result.ts";
import { measurePfwOps } from "./ops/pfw_ops.ts";
import { measureSeedPipeline, type SeedResult } from "./ops/seed_processes.ts";
import { DuckdbReader, pandasStatus, PYTHON } from "./peers.ts";
import { makeInputs } from "./workflows/make_inputs.ts";
import { stat, writeJson } from "./workflows/stats.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

const quick = Deno.args.includes("--quick");
const rows = Number(flag("--rows") ?? (quick ? 20_000 : 1_000_000));
const reps = Number(flag("--reps") ?? (quick ? 3 : 5));
const pipelineReps = Number(flag("--pipeline-reps") ?? (quick ? 1 : 3));
const doOps = !Deno.args.includes("--no-ops");
const doPipeline = !Deno.args.includes("--no-pipeline");
const pandas = pandasStatus();

/** Runner columns of the operations table. */
const OP_RUNNERS = ["pfw", "duckdb", "duckdb_1t", "pandas"] as const;
type OpRunner = typeof OP_RUNNERS[number];
const OP_LABELS: Record<OpRunner, string> = { pfw: "pfw", duckdb: "DuckDB", duckdb_1t: "DuckDB 1 thread", pandas: "pandas" };

const median = (m: OpMeasure | undefined): number | undefined => (m && "runs" in m && m.runs.length ? stat(m.runs).median : undefined);
const fmt = (ms: number | undefined): string => (ms === undefined ? "n/a" : ms >= 100 ? Math.round(ms).toLocaleString("en-US") : ms.toFixed(1));

function pandasOps(orders: string, categories: string, scratch: string): Record<OpName, OpMeasure> {
  const r = spawnSync(PYTHON, [join(ROOT, "bench/ops/pandas_ops.py"), orders, categories, scratch, String(reps)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`pandas_ops.py failed: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout).ops;
}

const env = {
  date: new Date().toISOString(),
  commit: spawnSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim(),
  cpu: cpus()[0]?.model ?? "unknown",
  cores: navigator.hardwareConcurrency,
  memGiB: Math.round(totalmem() / 2 ** 30),
  deno: Deno.version.deno,
  duckdb: JSON.parse(readFileSync(join(ROOT, "node_modules/@duckdb/node-api/package.json"), "utf8")).version,
  pandas: pandas.ok ? pandas.version : "unavailable",
  loadAvgStart: loadavg()[0],
  loadAvgEnd: 0,
  command: `deno run -A bench/ops_peers.ts ${Deno.args.join(" ")}`.trim(),
};
console.log(`pfw operations vs DuckDB and pandas: ${rows.toLocaleString("en-US")} rows, median of ${reps} runs per op, ${pipelineReps} pipeline round(s)`);
console.log(`machine: ${env.cores} cores (${env.cpu}), ${env.memGiB} GiB; Deno ${env.deno}, DuckDB node-api ${env.duckdb}, pandas ${env.pandas}; load average ${env.loadAvgStart.toFixed(1)}`);

const scratch = mkdtempSync(join(tmpdir(), "pfw-ops-peers-"));
const db = new DuckdbReader();
const controller = new AbortController();
Deno.addSignalListener("SIGINT", () => controller.abort());
const problems: string[] = [];
let exitCode = 0;
try {
  const t0 = performance.now();
  const inputs = makeInputs(join(tmpdir(), "pfw-bench", `rows-${rows}`), { rows });
  const orders = join(inputs.dir, "orders.csv");
  const categories = join(inputs.dir, "categories.csv");
  console.log(`inputs: ${orders} (${(inputs.bytes["orders.csv"] / 2 ** 20).toFixed(0)} MiB) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  let ops: Partial<Record<OpRunner, Record<OpName, OpMeasure>>> = {};
  const opRows: Record<string, unknown>[] = [];
  if (doOps) {
    console.log("\n== operations, in process ==");
    ops.pfw = await measurePfwOps({ orders, categories, scratch, reps, signal: controller.signal });
    console.log("  pfw done");
    ops.duckdb = await measureDuckdbOps({ orders, categories, scratch, reps });
    console.log("  DuckDB done");
    ops.duckdb_1t = await measureDuckdbOps({ orders, categories, scratch, reps, threads: 1 });
    console.log("  DuckDB 1 thread done");
    if (pandas.ok) {
      ops.pandas = pandasOps(orders, categories, scratch);
      console.log("  pandas done");
    }
    console.log(`\nIn-process time of each operation alone, ms, median of ${reps}; pfw ÷ best peer above 1 = pfw slower.\n`);
    console.log(`| Operation | ${OP_RUNNERS.map((r) => OP_LABELS[r]).join(" | ")} | pfw ÷ best peer |`);
    console.log(`|---|${OP_RUNNERS.map(() => "---:|").join("")}---:|`);
    for (const op of OPS) {
      const ms = Object.fromEntries(OP_RUNNERS.map((r) => [r, median(ops[r]?.[op])])) as Record<OpRunner, number | undefined>;
      const peers = OP_RUNNERS.filter((r) => r !== "pfw" && ms[r] !== undefined).map((r) => ms[r]!);
      const best = peers.length ? Math.min(...peers) : undefined;
      const ratio = ms.pfw !== undefined && best ? ms.pfw / best : undefined;
      console.log(`| ${op} | ${OP_RUNNERS.map((r) => fmt(ms[r])).join(" | ")} | ${ratio === undefined ? "n/a" : ratio.toFixed(2) + "×"} |`);
      const ref = ops.duckdb?.[op];
      for (const r of OP_RUNNERS) {
        const m = ops[r]?.[op];
        if (r === "duckdb" || !m || !ref || !("check" in m) || !("check" in ref)) continue;
        for (const p of compareChecks(ref.check, m.check)) problems.push(`${op} ${OP_LABELS[r]}: ${p}`);
      }
      opRows.push({ op, medianMs: ms, pfwOverBestPeer: ratio, checks: Object.fromEntries(OP_RUNNERS.map((r) => [r, ops[r]?.[op]])) });
    }
  } else ops = {};

  let seed: SeedResult[] = [];
  if (doPipeline) {
    console.log("\n== seed pipeline, whole processes ==");
    seed = await measureSeedPipeline({ orders, scratch, reps: pipelineReps, pandas: pandas.ok, db, log: console.log, signal: controller.signal });
    console.log(`\nSeed pipeline (read_csv → query value > 100 → groupby category → Parquet), whole process, ms, median (min–max) of ${pipelineReps}:\n`);
    console.log("| Runner | wall ms | peak RSS MiB | ÷ pfw | output |");
    console.log("|---|---:|---:|---:|---|");
    const pfwMs = seed.find((s) => s.id === "pfw" && s.runs.length) ? stat(seed.find((s) => s.id === "pfw")!.runs).median : undefined;
    for (const s of seed) {
      const st = s.runs.length ? stat(s.runs) : undefined;
      const range = st ? `${fmt(st.median)} (${fmt(st.min)}–${fmt(st.max)})` : "failed";
      const ratio = st && pfwMs ? (st.median / pfwMs).toFixed(2) + "×" : "n/a";
      console.log(`| ${s.label} | ${range} | ${s.peakRssKb ? Math.round(s.peakRssKb / 1024) : "?"} | ${ratio} | ${s.ok ? "matches DuckDB" : "MISMATCH"} |`);
      for (const p of s.problems) problems.push(`seed pipeline ${s.label}: ${p}`);
    }
  }

  env.loadAvgEnd = loadavg()[0];
  if (problems.length) {
    console.log("\n== results that differ ==");
    for (const p of problems) console.log(`- ${p}`);
    exitCode = 1;
  } else console.log("\nall results agree with DuckDB's (row counts; sums within 1e-6 relative; pipeline outputs by category)");
  if (!pandas.ok) console.log(`note: ${pandas.note}`);
  console.log(`load average ${env.loadAvgStart.toFixed(1)} → ${env.loadAvgEnd.toFixed(1)}`);
  const name = rows === 1_000_000 || quick ? "ops_peers.json" : `ops_peers_rows-${rows}.json`;
  const file = fileURLToPath(new URL(`./results/${quick ? "quick/" : ""}${name}`, import.meta.url));
  writeJson(file, { env, rows, reps, pipelineReps, ops: opRows, seed: seed.map((s) => ({ ...s, stat: s.runs.length ? stat(s.runs) : null })), problems });
  console.log(`wrote ${file}`);
} finally {
  db.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
