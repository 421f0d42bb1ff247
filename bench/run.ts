/**
 * The whole benchmark in one command (not a test):
 *
 *     deno task bench          # full: 1M rows, 3 timed rounds, every runner and extra (≈ 10 min on 2 cores)
 *     deno task bench:quick    # CI: 20k rows, pfw vs DuckDB, one (cold) run each, fails only on gross regressions (≤ 60 s)
 *
 * Options: --rows N, --reps N, --only etl,aggregation,multi_join,transform,
 * --runners pfw_seq,pfw_par,pfw_bin,duckdb,duckdb_1t,pandas, --no-extras,
 * --no-binary-bench (skip bench/binary.ts, which builds the binary).
 *
 * Parts: the four workflows (bench/workflows/), each run by pfw (sequential,
 * parallel, compiled binary), DuckDB (default threads and 1) and pandas as
 * whole processes, outputs verified against DuckDB's; scheduling efficiency
 * (bench/scheduling.ts); table handoff between threads (bench/handoff.ts);
 * peak memory (bench/memory.ts); text-heavy data at half the rows (bench/text.ts);
 * engine overhead (bench/overhead.ts) and the binary (bench/binary.ts) when present. Prints one summary and writes
 * bench/results/summary.json (quick: bench/results/quick/summary.json).
 *
 * Exit code: 1 when an output differs from DuckDB's or a pfw run fails, or
 * (any mode) on a gross regression measured as a ratio inside this run: the
 * parallel engine more than 1.3× slower than the sequential one on
 * independent CPU-bound steps, or a scheduling efficiency under 0.5 on
 * steps that only wait. Speed goals are reported, never enforced: this
 * machine is shared and noisy.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { measureHandoff } from "./handoff.ts";
import { formatMemory, measureMemory, type MemoryRow } from "./memory.ts";
import { DuckdbReader, pandasStatus } from "./peers.ts";
import { measureScheduling } from "./scheduling.ts";
import { WORKFLOWS } from "./workflows/catalog.ts";
import { makeInputs } from "./workflows/make_inputs.ts";
import { formatProblems, formatStepBreakdown, formatWorkflowTable } from "./workflows/report.ts";
import { allRunners, BINARY, type RunnerId } from "./workflows/runners.ts";
import { writeJson } from "./workflows/stats.ts";
import { runSuite } from "./workflows/suite.ts";
import { checkRegressions, goalLines } from "./workflows/goals.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : "unavailable";
}

/** Whether dist/pfw is older than any source file it is built from. */
function binaryIsStale(): boolean {
  if (!existsSync(BINARY)) return false;
  const built = statSync(BINARY).mtimeMs;
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of Deno.readDirSync(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory) t = Math.max(t, newest(p));
      else if (/\.(ts|js)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
    }
    return t;
  };
  return Math.max(newest(join(ROOT, "lib")), newest(join(ROOT, "ops")), statSync(join(ROOT, "main.ts")).mtimeMs) > built;
}

const quick = Deno.args.includes("--quick");
const extras = !Deno.args.includes("--no-extras");
const rows = Number(flag("--rows") ?? (quick ? 20_000 : 1_000_000));
const reps = Number(flag("--reps") ?? (quick ? 0 : 3));
const only = flag("--only")?.split(",");
const pandas = pandasStatus();
const notes: string[] = [];
if (!pandas.ok) notes.push(pandas.note);
let runners = allRunners({ pandas: pandas.ok, binary: !quick });
const wanted = flag("--runners")?.split(",") ?? (quick ? ["pfw_seq", "pfw_par", "duckdb"] : undefined);
if (wanted) runners = runners.filter((r) => wanted.includes(r.id) || r.id === "duckdb");
if (!quick && !existsSync(BINARY)) notes.push("dist/pfw not found: the binary column is missing (run `bash compile.sh` first)");
if (runners.some((r) => r.id === "pfw_bin") && binaryIsStale()) notes.push("dist/pfw is older than the sources: its column measures an older build (run `bash compile.sh`)");
const workflows = WORKFLOWS.filter((w) => !only || only.includes(w.id));

const started = performance.now();
const env = {
  date: new Date().toISOString(),
  commit: version("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
  cpu: cpus()[0]?.model ?? "unknown",
  cores: navigator.hardwareConcurrency,
  memGiB: Math.round(totalmem() / 2 ** 30),
  deno: Deno.version.deno,
  bun: version(join(ROOT, "node_modules/.bin/bun"), ["--version"]),
  duckdb: JSON.parse(readFileSync(join(ROOT, "node_modules/@duckdb/node-api/package.json"), "utf8")).version,
  pandas: pandas.ok ? pandas.version : "unavailable",
  loadAvgStart: loadavg()[0],
  loadAvgEnd: 0,
  command: `deno task bench${quick ? ":quick" : ""} ${Deno.args.filter((a) => a !== "--quick").join(" ")}`.trim(),
};
console.log(`pfw benchmark${quick ? " (quick)" : ""}: ${workflows.length} workflows on ${rows.toLocaleString("en-US")} rows, ${reps ? `${reps} timed round(s) after a verified warm-up` : "one verified run each (cold)"}`);
console.log(`machine: ${env.cores} cores (${env.cpu}), ${env.memGiB} GiB; Deno ${env.deno}, Bun ${env.bun}, DuckDB node-api ${env.duckdb}, pandas ${env.pandas}; load average ${env.loadAvgStart.toFixed(1)}`);

const scratch = mkdtempSync(join(tmpdir(), "pfw-bench-run-"));
const db = new DuckdbReader();
const controller = new AbortController();
Deno.addSignalListener("SIGINT", () => controller.abort());
let exitCode = 0;
try {
  const t0 = performance.now();
  const inputs = makeInputs(join(tmpdir(), "pfw-bench", `rows-${rows}`), { rows });
  const mb = Object.values(inputs.bytes).reduce((a, b) => a + b, 0) / 2 ** 20;
  console.log(`inputs: ${inputs.dir} (${Object.entries(inputs.fileRows).map(([f, n]) => `${f} ${n.toLocaleString("en-US")} rows`).join(", ")}; ${mb.toFixed(0)} MiB of CSV) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  console.log(`\n== workflows (${runners.map((r) => r.id).join(", ")}) ==`);
  const suite = await runSuite({ inputs, runners, reps, scratch, db, workflows, log: console.log, signal: controller.signal });
  console.log(`\nWall time of the whole process, ms: ${reps ? `median (min–max) of ${reps} run(s)` : "one cold run each"}; ratios above 1 mean pfw parallel is faster.\n`);
  console.log(formatWorkflowTable(suite));
  console.log("\nWhere pfw's time goes (median step durations from the run results):");
  console.log(formatStepBreakdown(suite));
  const problems = formatProblems(suite);

  let scheduling, handoff, memory, overhead, binary, text;
  if (extras) {
    console.log("\n== scheduling efficiency ==");
    scheduling = await measureScheduling({ quick, log: console.log, signal: controller.signal });
    console.log("\n== table handoff between threads ==");
    handoff = await measureHandoff({ quick, log: console.log, signal: controller.signal });
    console.log("\n== peak memory ==");
    const known: MemoryRow[] = [];
    for (const w of suite) {
      for (const r of w.runners) {
        if (r.peakMiB !== undefined) known.push({ workflow: w.id, runner: r.runner as RunnerId, rows, inputMiB: NaN, peakMiB: r.peakMiB, perInput: NaN });
      }
    }
    memory = await measureMemory({
      sizes: quick ? [rows] : [Math.round(rows / 10), rows],
      runners: runners.map((r) => r.id).filter((id) => id !== "duckdb_1t" && id !== "pfw_bin"),
      known: known.filter((k) => k.runner !== "duckdb_1t" && k.runner !== "pfw_bin"),
      log: console.log,
      signal: controller.signal,
    });
    console.log(formatMemory(memory));
    if (!quick && existsSync(join(ROOT, "bench/overhead.ts"))) {
      console.log("\n== engine overhead (bench/overhead.ts) ==");
      const mod = await import("./overhead.ts");
      overhead = await mod.measureOverhead({ quick: true, log: console.log });
    }
    if (!quick) {
      console.log("\n== text-heavy data (bench/text.ts) ==");
      const mod = await import("./text.ts");
      text = await mod.measureText({ rows: Math.round(rows / 2), reps: Math.max(1, reps), log: console.log });
      console.log(mod.formatText(text.results));
      problems.push(...text.problems);
    }
    if (!quick && !Deno.args.includes("--no-binary-bench") && existsSync(join(ROOT, "bench/binary.ts"))) {
      console.log("\n== binary vs deno run (bench/binary.ts) ==");
      const mod = await import("./binary.ts");
      binary = await mod.measureBinary({ quick: true, log: console.log, signal: controller.signal });
      console.log(mod.formatBinaryResults(binary));
    }
  }

  env.loadAvgEnd = loadavg()[0];
  const regressions = checkRegressions({ suite, scheduling });
  console.log("\n== goals (issue 5), ratios from this run ==");
  for (const line of goalLines({ suite, scheduling, handoff, overhead })) console.log(line);
  for (const n of notes) console.log(`note: ${n}`);
  if (problems.length || regressions.length) {
    console.log("\n== FAILED ==");
    for (const p of [...problems, ...regressions]) console.log(`- ${p}`);
    exitCode = 1;
  }
  const totalS = (performance.now() - started) / 1000;
  console.log(`\ndone in ${totalS.toFixed(0)} s; load average ${env.loadAvgStart.toFixed(1)} → ${env.loadAvgEnd.toFixed(1)}`);
  const dir = fileURLToPath(new URL(quick ? "./results/quick/" : "./results/", import.meta.url));
  writeJson(join(dir, "workflows.json"), { env, rows, reps, inputs, workflows: suite });
  if (scheduling) writeJson(join(dir, "scheduling.json"), scheduling);
  if (handoff) writeJson(join(dir, "handoff.json"), handoff);
  if (memory) writeJson(join(dir, "memory.json"), memory);
  if (text) writeJson(join(dir, "text.json"), { date: env.date, ...text });
  writeJson(join(dir, "summary.json"), {
    env,
    rows,
    reps,
    totalSeconds: totalS,
    workflows: suite.map((w) => ({
      workflow: w.title,
      steps: w.steps,
      medianMs: Object.fromEntries(w.runners.map((r) => [r.runner, r.ms ? Math.round(r.ms.median) : null])),
      pandasOverPfwParallel: w.pandasOverPfw,
      duckdbOverPfwParallel: w.duckdbOverPfw,
      sequentialOverParallel: w.seqOverPar,
    })),
    scheduling: scheduling && { minEfficiency: scheduling.minEfficiency, medianEfficiency: scheduling.medianEfficiency, cpuSpeedup: scheduling.cpuParallel.speedup },
    handoff: handoff?.sizes.map((s) => ({ rows: s.rows, oneWayMs: s.oneWayMs.median, filterMs: s.filterMs.median, ratio: s.ratio })),
    overhead: overhead && { inlineUsPerStep: overhead.inlineUsPerStep, workerDispatchRatio: overhead.workerDispatchRatio, parallelSpeedup: overhead.parallel.speedup },
    text: text?.results.map((r) => ({ runner: r.runner, medianMs: Math.round(r.ms.median), peakMiB: r.peakMiB })),
    binary: binary?.comparisons.map((c: { what: string; speedup: number }) => ({ what: c.what, denoOverBinary: c.speedup })),
    problems,
    regressions,
    notes,
  });
  console.log(`wrote ${join(dir, "summary.json")}`);
} finally {
  db.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
