/**
 * The workflow benchmark: every workflow run by every runner as a whole
 * process — one untimed warm-up run each whose outputs are verified against
 * DuckDB's, then `reps` timed rounds (runner order rotated each round, so a
 * burst of load on this shared machine hits runners evenly) — and the
 * medians, ranges, ratios and pfw's per-step times.
 *
 * @module
 */
import { join } from "node:path";
import type { DuckdbReader } from "../peers.ts";
import { WORKFLOWS, type WorkflowDef, pipelineSteps } from "./catalog.ts";
import type { InputsInfo } from "./make_inputs.ts";
import { type Runner, type RunnerId, type RunRecord, runWorkflow } from "./runners.ts";
import { type Stat, stat } from "./stats.ts";
import { type Comparison, compareOutput } from "./verify.ts";

/** One runner's results on one workflow. */
export interface RunnerResult {
  runner: RunnerId;
  label: string;
  /** Wall time of the timed runs (ms), or undefined when a run failed. */
  ms?: Stat;
  /** Median peak RSS, MiB. */
  peakMiB?: number;
  /** The warm-up run's wall time (ms). */
  coldMs?: number;
  /** Outputs compared with DuckDB's (empty for DuckDB itself). */
  verified: Comparison[];
  errors: string[];
  /** pfw only: median duration of each step (ms), in file order. */
  stepMs?: Record<string, number>;
}

/** One workflow's results. */
export interface WorkflowResult {
  id: string;
  title: string;
  steps: number;
  rows: number;
  runners: RunnerResult[];
  /** pandas median ÷ pfw parallel median (above 1: pfw is faster). */
  pandasOverPfw?: number;
  /** DuckDB (default threads) median ÷ pfw parallel median (goal ≥ 1/1.5). */
  duckdbOverPfw?: number;
  /** pfw sequential ÷ pfw parallel. */
  seqOverPar?: number;
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  inputs: InputsInfo;
  runners: Runner[];
  /** Timed rounds after the warm-up; 0 reports the warm-up runs themselves (cold, one each). */
  reps: number;
  scratch: string;
  db: DuckdbReader;
  workflows?: readonly WorkflowDef[];
  log?: (line: string) => void;
  signal?: AbortSignal;
}

function median(xs: number[]): number {
  return stat(xs).median;
}

/** Runs the workflow benchmark. */
export async function runSuite(options: SuiteOptions): Promise<WorkflowResult[]> {
  const log = options.log ?? (() => {});
  const workflows = options.workflows ?? WORKFLOWS;
  const { runners, scratch, db } = options;
  const data = options.inputs.dir;
  const outDir = (w: WorkflowDef, r: Runner) => join(scratch, "out", w.id, r.id);
  const records = new Map<string, RunRecord[]>();
  const key = (w: WorkflowDef, r: Runner) => `${w.id}|${r.id}`;
  const results: WorkflowResult[] = workflows.map((w) => ({
    id: w.id,
    title: w.title,
    steps: pipelineSteps(w.yml).length,
    rows: options.inputs.rows,
    runners: runners.map((r) => ({ runner: r.id, label: r.label, verified: [], errors: [] })),
  }));

  // Warm-up and verification.
  for (const [wi, w] of workflows.entries()) {
    for (const [ri, r] of runners.entries()) {
      options.signal?.throwIfAborted();
      const rec = await runWorkflow(r, w, data, outDir(w, r), join(scratch, "db"), options.signal);
      const res = results[wi].runners[ri];
      res.coldMs = rec.ms;
      if (!rec.ok) res.errors.push(`warm-up run failed: ${rec.error}`);
      // With no timed rounds (quick), the warm-up run is the measurement.
      else if (options.reps === 0) records.set(key(w, r), [rec]);
    }
    const ref = runners.find((r) => r.id === "duckdb");
    for (const [ri, r] of runners.entries()) {
      if (!ref || r === ref || results[wi].runners[ri].errors.length) continue;
      for (const o of w.outputs) {
        const c = await compareOutput(db, o, join(outDir(w, ref), `${o.name}.${ref.ext}`), join(outDir(w, r), `${o.name}.${r.ext}`));
        results[wi].runners[ri].verified.push(c);
      }
    }
    const checks = results[wi].runners.flatMap((x) => x.verified.map((c) => `${x.runner}:${c.output} ${c.ok ? "ok" : "DIFFERS (" + c.problems[0] + ")"}`));
    log(`  ${w.id}: warm-up done; outputs vs DuckDB: ${checks.join(", ") || "not compared"}`);
  }

  // Timed rounds.
  for (let rep = 0; rep < options.reps; rep++) {
    for (const w of workflows) {
      const order = runners.map((_, i) => runners[(i + rep) % runners.length]);
      for (const r of order) {
        options.signal?.throwIfAborted();
        const rec = await runWorkflow(r, w, data, outDir(w, r), join(scratch, "db"), options.signal);
        const list = records.get(key(w, r)) ?? [];
        list.push(rec);
        records.set(key(w, r), list);
      }
    }
    log(`  round ${rep + 1}/${options.reps} done`);
  }

  for (const [wi, w] of workflows.entries()) {
    const wr = results[wi];
    for (const [ri, r] of runners.entries()) {
      const res = wr.runners[ri];
      const recs = records.get(key(w, r)) ?? [];
      for (const rec of recs) if (!rec.ok) res.errors.push(rec.error ?? "failed");
      const ok = recs.filter((x) => x.ok);
      if (ok.length) res.ms = stat(ok.map((x) => x.ms));
      const rss = ok.map((x) => x.peakRssKb).filter((x): x is number => x !== undefined);
      if (rss.length) res.peakMiB = median(rss) / 1024;
      if (r.pfw && ok.length) {
        res.stepMs = {};
        for (const s of pipelineSteps(w.yml)) {
          const xs = ok.map((x) => x.steps?.[s.name]).filter((x): x is number => Number.isFinite(x));
          if (xs.length) res.stepMs[s.name] = median(xs);
        }
      }
    }
    const m = (id: RunnerId) => wr.runners.find((x) => x.runner === id)?.ms?.median;
    const par = m("pfw_par");
    if (par) {
      if (m("pandas")) wr.pandasOverPfw = m("pandas")! / par;
      if (m("duckdb")) wr.duckdbOverPfw = m("duckdb")! / par;
      if (m("pfw_seq")) wr.seqOverPar = m("pfw_seq")! / par;
    }
  }
  return results;
}
