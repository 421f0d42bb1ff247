/**
 * Issue 5's goals, read off one run's ratios, and the gross regressions that
 * make `deno task bench:quick` fail.
 *
 * @module
 */
import type { HandoffResults } from "../handoff.ts";
import type { SchedulingResults } from "../scheduling.ts";
import type { WorkflowResult } from "./suite.ts";

/** The parallel engine may be at most this much slower than the sequential one on independent CPU-bound steps. */
export const MAX_PARALLEL_SLOWDOWN = 1.3;
/** Below this efficiency on steps that only wait, scheduling is grossly broken. */
export const MIN_NAP_EFFICIENCY = 0.5;

/** What {@link goalLines} and {@link checkRegressions} read. */
export interface RunFigures {
  suite: WorkflowResult[];
  scheduling?: SchedulingResults;
  handoff?: HandoffResults;
  /** bench/overhead.ts's results, when it ran. */
  overhead?: { inlineUsPerStep: number; workerDispatchRatio: number; parallel: { speedup: number } };
}

/** Gross regressions (each a message); empty when none. Timing goals are not among them. */
export function checkRegressions(f: Pick<RunFigures, "suite" | "scheduling">): string[] {
  const out: string[] = [];
  // Best runs, not medians: a burst of load from other processes slows single runs, never the best of several.
  const cpu = f.scheduling?.cpuParallel;
  if (cpu && cpu.parallelMs.min > MAX_PARALLEL_SLOWDOWN * cpu.sequentialMs.min) {
    out.push(`parallel engine ${(cpu.parallelMs.min / cpu.sequentialMs.min).toFixed(2)}× slower than sequential on 4 independent CPU-bound steps, best runs (limit ${MAX_PARALLEL_SLOWDOWN}×)`);
  }
  for (const d of f.scheduling?.dags ?? []) {
    if (d.kind === "nap" && d.efficiency < MIN_NAP_EFFICIENCY) {
      out.push(`scheduling efficiency ${d.efficiency.toFixed(2)} on ${d.dag} (waiting steps; limit ${MIN_NAP_EFFICIENCY})`);
    }
  }
  return out;
}

const yes = (ok: boolean) => (ok ? "met" : "NOT met");

/** One line per goal of issue 5, with the figures behind it. */
export function goalLines(f: RunFigures): string[] {
  const lines: string[] = [];
  const withPandas = f.suite.filter((w) => w.pandasOverPfw !== undefined);
  if (withPandas.length) {
    const ok = withPandas.every((w) => w.pandasOverPfw! > 1);
    lines.push(`pfw parallel ahead of pandas on every workflow: ${yes(ok)} (pandas ÷ pfw: ${withPandas.map((w) => `${w.id} ${w.pandasOverPfw!.toFixed(2)}×`).join(", ")})`);
  }
  const withDuck = f.suite.filter((w) => w.duckdbOverPfw !== undefined);
  if (withDuck.length) {
    const ok = withDuck.every((w) => w.duckdbOverPfw! >= 1 / 1.5);
    lines.push(`pfw parallel within 1.5× of DuckDB: ${yes(ok)} (pfw ÷ DuckDB: ${withDuck.map((w) => `${w.id} ${(1 / w.duckdbOverPfw!).toFixed(2)}×`).join(", ")})`);
  }
  const seq = f.suite.filter((w) => w.seqOverPar !== undefined);
  if (seq.length) lines.push(`parallel vs sequential on the workflows: ${seq.map((w) => `${w.id} ${w.seqOverPar!.toFixed(2)}×`).join(", ")}`);
  if (f.scheduling) {
    const c = f.scheduling.cpuParallel;
    lines.push(`parallel vs sequential on 4 independent CPU-bound steps ≥ 1.8×: ${yes(c.speedup >= 1.8)} (${c.speedup.toFixed(2)}×: ${Math.round(c.sequentialMs.median)} vs ${Math.round(c.parallelMs.median)} ms; the same work on 2 bare workers: ${c.bareSpeedup.toFixed(2)}×, the most this machine gave right now)`);
    lines.push(`scheduling efficiency ≥ 0.9: ${yes(f.scheduling.minEfficiency >= 0.9)} (min ${f.scheduling.minEfficiency.toFixed(2)}, median ${f.scheduling.medianEfficiency.toFixed(2)} over ${f.scheduling.dags.length} DAG runs)`);
  }
  if (f.overhead) {
    lines.push(`per-step overhead ≤ 2 µs inline: ${yes(f.overhead.inlineUsPerStep <= 2)} (${f.overhead.inlineUsPerStep.toFixed(2)} µs; worker dispatch ${f.overhead.workerDispatchRatio.toFixed(2)}× a bare round trip)`);
  }
  if (f.handoff) {
    const big = f.handoff.sizes[f.handoff.sizes.length - 1];
    lines.push(`table handoff < 10% of a filter at ${big.rows.toLocaleString("en-US")} rows: ${yes(big.ratio < 0.1)} (${big.oneWayMs.median.toFixed(1)} ms vs ${big.filterMs.median.toFixed(1)} ms = ${(100 * big.ratio).toFixed(0)}%)`);
  }
  return lines;
}
