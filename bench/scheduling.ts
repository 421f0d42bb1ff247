/**
 * Scheduling efficiency (not a test): `deno run -A bench/scheduling.ts [--quick]`.
 *
 * Synthetic DAGs of steps with known costs (independent steps, a wide
 * diamond, a long critical path listed after filler steps, random layered
 * DAGs) run on the parallel engine with 2 CPU workers (a started pool,
 * reused). Each step busy-waits (`spin`) or holds its worker with a timer
 * (`nap`) for its cost (bench/workflows/sched_ops.ts, loaded as a `modules:` file).
 *
 * efficiency = max(critical path, total work / workers) ÷ makespan (goal ≥ 0.9).
 *
 * For reference it also simulates list scheduling with zero overhead under
 * three priorities: longest remaining path by known cost (the ideal), by step
 * count (what the engine can know without history) and file order (FIFO).
 * And it checks that the parallel engine beats the sequential one on 4
 * independent steps of real CPU work (`crunch`).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { runPipeline } from "../lib/engine/run.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import { buildPipeline } from "../lib/spec/load.ts";
import type { OperationRegistry } from "../lib/registry.ts";
import type { PipelineSpec } from "../lib/types.ts";
import { createDefaultRegistry } from "../ops/mod.ts";
import { mulberry32 } from "./make_data.ts";
import { crunchWork } from "./workflows/sched_ops.ts";
import { type Stat, stat, writeJson } from "./workflows/stats.ts";

const WORKERS = 2;
const FIXTURE_DIR = fileURLToPath(new URL("./workflows/", import.meta.url));

/** One step of a synthetic DAG. */
export interface SchedStep {
  name: string;
  /** Known cost, ms. */
  cost: number;
  deps: string[];
}

/** A synthetic DAG. */
export interface SchedDag {
  name: string;
  steps: SchedStep[];
}

/** Longest path by cost (ms). */
export function criticalPath(dag: SchedDag): number {
  const finish = new Map<string, number>();
  for (const s of dag.steps) finish.set(s.name, s.cost + Math.max(0, ...s.deps.map((d) => finish.get(d)!)));
  return Math.max(...finish.values());
}

/** Sum of costs (ms). */
export function totalWork(dag: SchedDag): number {
  return dag.steps.reduce((sum, s) => sum + s.cost, 0);
}

/** max(critical path, total work / workers). */
export function lowerBound(dag: SchedDag, workers: number): number {
  return Math.max(criticalPath(dag), totalWork(dag) / workers);
}

/** Priority rules for {@link simulate}. */
export type Priority = "cost_path" | "step_path" | "file_order";

/** Makespan of list scheduling with zero overhead on `workers` workers (steps listed in a topological order). */
export function simulate(dag: SchedDag, workers: number, priority: Priority): number {
  const n = dag.steps.length;
  const index = new Map(dag.steps.map((s, i) => [s.name, i]));
  const succ: number[][] = dag.steps.map(() => []);
  const indeg = dag.steps.map((s) => s.deps.length);
  dag.steps.forEach((s, i) => s.deps.forEach((d) => succ[index.get(d)!].push(i)));
  const rank = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const w = priority === "cost_path" ? dag.steps[i].cost : 1;
    rank[i] = w + Math.max(0, ...succ[i].map((j) => rank[j]));
  }
  const key = (i: number) => (priority === "file_order" ? -i : rank[i] * n - i);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) ready.push(i);
  const running: { step: number; end: number }[] = [];
  let t = 0;
  let done = 0;
  while (done < n) {
    ready.sort((a, b) => key(b) - key(a));
    while (running.length < workers && ready.length) {
      const s = ready.shift()!;
      running.push({ step: s, end: t + dag.steps[s].cost });
    }
    running.sort((a, b) => a.end - b.end);
    const first = running.shift()!;
    t = first.end;
    done++;
    for (const j of succ[first.step]) if (--indeg[j] === 0) ready.push(j);
  }
  return t;
}

/** The benchmark DAGs; costs are multiplied by `scale`. */
export function benchmarkDags(scale = 1): SchedDag[] {
  const c = (ms: number) => Math.round(ms * scale);
  const dags: SchedDag[] = [];
  dags.push({ name: "independent_8", steps: Array.from({ length: 8 }, (_, i) => ({ name: `s${i}`, cost: c(60), deps: [] })) });
  dags.push({
    name: "wide_diamond",
    steps: [
      { name: "top", cost: c(10), deps: [] },
      ...Array.from({ length: 8 }, (_, i) => ({ name: `m${i}`, cost: c(60), deps: ["top"] })),
      { name: "bottom", cost: c(10), deps: Array.from({ length: 8 }, (_, i) => `m${i}`) },
    ],
  });
  // Filler first in file order: a FIFO scheduler starts two fillers and delays the chain.
  dags.push({
    name: "critical_path_plus_filler",
    steps: [
      ...Array.from({ length: 8 }, (_, i) => ({ name: `filler${i}`, cost: c(50), deps: [] })),
      ...Array.from({ length: 8 }, (_, i) => ({ name: `chain${i}`, cost: c(50), deps: i ? [`chain${i - 1}`] : [] })),
    ],
  });
  for (const seed of [1, 2, 3]) dags.push(randomLayered(seed, c));
  return dags;
}

/** 5 layers of 2–5 steps costing 20–100 ms; each step needs 1–2 steps of the layer before. */
function randomLayered(seed: number, c: (ms: number) => number): SchedDag {
  const rand = mulberry32(seed);
  const steps: SchedStep[] = [];
  let previous: string[] = [];
  for (let layer = 0; layer < 5; layer++) {
    const width = 2 + Math.floor(rand() * 4);
    const current: string[] = [];
    for (let k = 0; k < width; k++) {
      const name = `l${layer}_${k}`;
      const deps = new Set<string>();
      if (previous.length) {
        const count = 1 + Math.floor(rand() * 2);
        for (let d = 0; d < count; d++) deps.add(previous[Math.floor(rand() * previous.length)]);
      }
      steps.push({ name, cost: c(20 + Math.floor(rand() * 81)), deps: [...deps] });
      current.push(name);
    }
    previous = current;
  }
  return { name: `random_layered_${seed}`, steps };
}

interface Built {
  spec: PipelineSpec;
  registry: OperationRegistry;
}

/** A pipeline of `operation` steps shaped like `dag`, checked by the spec loader (which loads the fixture module). */
async function build(dag: SchedDag, operation: "spin" | "nap" | "crunch", engine: "parallel" | "sequential", param: (s: SchedStep) => Record<string, unknown>): Promise<Built> {
  const registry = createDefaultRegistry();
  const spec = await buildPipeline({
    settings: { engine, max_parallel: 8, cpu_threads: WORKERS },
    modules: ["sched_ops.ts"],
    pipeline: dag.steps.map((s) => ({ name: s.name, operation, depends_on: s.deps, params: param(s) })),
  }, { registry, baseDir: FIXTURE_DIR, checkColumns: false });
  return { spec, registry };
}

/** Wall time of one run on the shared pool, ms. */
async function timed(built: Built, pool: WorkerPool): Promise<number> {
  const t = performance.now();
  const result = await runPipeline(built.spec, { registry: built.registry, pool });
  const ms = performance.now() - t;
  if (result.status !== "completed") throw new Error(`scheduling run ${result.status}: ${JSON.stringify(result.steps.find((s) => s.error))}`);
  return ms;
}

/** One DAG run with one kind of step. */
export interface DagResult {
  dag: string;
  kind: "spin" | "nap";
  steps: number;
  criticalPathMs: number;
  totalWorkMs: number;
  lowerBoundMs: number;
  makespanMs: Stat;
  /** lowerBound ÷ median makespan (goal ≥ 0.9). */
  efficiency: number;
  /** Simulated makespans (zero overhead) under each priority, ms. */
  simulated: Record<Priority, number>;
  /** Simulated makespan with the engine's priority (step-count path) ÷ measured median: the engine's overhead share. */
  vsSimulatedEngine: number;
}

/** Everything {@link measureScheduling} measures. */
export interface SchedulingResults {
  date: string;
  workers: number;
  quick: boolean;
  dags: DagResult[];
  /** Lowest efficiency over the DAGs (spin and nap). */
  minEfficiency: number;
  /** Median efficiency over the DAGs. */
  medianEfficiency: number;
  /**
   * 4 independent steps of real CPU work: sequential vs parallel engine, and
   * the same work on bare workers (4 tasks on 1 worker vs on 2): the
   * parallelism this machine actually gives right now.
   */
  cpuParallel: { stepMs: number; sequentialMs: Stat; parallelMs: Stat; speedup: number; bareSpeedup: number };
}

/** Options of {@link measureScheduling}. */
export interface SchedulingOptions {
  quick?: boolean;
  /** Repetitions per DAG (default 5, quick 2). */
  reps?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Iterations of `crunchWork` that take about `ms` on one free core here. */
function calibrateCrunch(ms: number): number {
  let iterations = 200_000;
  for (;;) {
    const t = performance.now();
    crunchWork(iterations);
    const took = performance.now() - t;
    if (took > 30) return Math.round(iterations * ms / took);
    iterations *= 4;
  }
}

/** Seconds of `crunchWork(iterations)` × 4 on one bare worker and on two: the machine's parallel speedup now. */
async function bareSpeedup(iterations: number, reps: number): Promise<number> {
  const code = `const work = ${crunchWork.toString()}; self.onmessage = (e) => self.postMessage(work(e.data));`;
  const url = `data:application/javascript,${encodeURIComponent(code)}`;
  const workers = [new Worker(url, { type: "module" }), new Worker(url, { type: "module" })];
  const job = (w: Worker, n: number) => new Promise<void>((resolve) => {
    w.onmessage = () => resolve();
    w.postMessage(n);
  });
  try {
    await Promise.all(workers.map((w) => job(w, 1000)));
    const one: number[] = [], two: number[] = [];
    for (let r = 0; r < reps; r++) {
      let t = performance.now();
      for (let k = 0; k < 4; k++) await job(workers[0], iterations);
      one.push(performance.now() - t);
      t = performance.now();
      await Promise.all(workers.map(async (w) => {
        await job(w, iterations);
        await job(w, iterations);
      }));
      two.push(performance.now() - t);
    }
    return stat(one).min / stat(two).min;
  } finally {
    for (const w of workers) w.terminate();
  }
}

/** Runs the scheduling benchmark. */
export async function measureScheduling(options: SchedulingOptions = {}): Promise<SchedulingResults> {
  const quick = options.quick === true;
  const reps = options.reps ?? (quick ? 2 : 5);
  const log = options.log ?? (() => {});
  const scale = quick ? 0.5 : 1;
  const pool = new WorkerPool({ size: WORKERS });
  pool.start();
  try {
    const dags = benchmarkDags(scale);
    // Warm-up: workers import the fixture module once.
    await timed(await build(dags[0], "nap", "parallel", () => ({ ms: 1 })), pool);
    const results: DagResult[] = [];
    // Quick: waiting steps only (pure scheduling; robust to a busy machine).
    const kinds: ("spin" | "nap")[] = quick ? ["nap"] : ["spin", "nap"];
    for (const kind of kinds) {
      for (const dag of dags) {
        options.signal?.throwIfAborted();
        const spec = await build(dag, kind, "parallel", (s) => ({ ms: s.cost }));
        const runs: number[] = [];
        for (let r = 0; r < reps; r++) runs.push(await timed(spec, pool));
        const makespan = stat(runs);
        const lb = lowerBound(dag, WORKERS);
        const simulated = {
          cost_path: simulate(dag, WORKERS, "cost_path"),
          step_path: simulate(dag, WORKERS, "step_path"),
          file_order: simulate(dag, WORKERS, "file_order"),
        };
        const r: DagResult = {
          dag: dag.name,
          kind,
          steps: dag.steps.length,
          criticalPathMs: criticalPath(dag),
          totalWorkMs: totalWork(dag),
          lowerBoundMs: lb,
          makespanMs: makespan,
          efficiency: lb / makespan.median,
          simulated,
          vsSimulatedEngine: simulated.step_path / makespan.median,
        };
        results.push(r);
        log(`  ${kind.padEnd(5)} ${dag.name.padEnd(28)} bound ${lb.toFixed(0).padStart(4)} ms  makespan ${makespan.median.toFixed(0).padStart(4)} ms  efficiency ${r.efficiency.toFixed(2)}  (simulated: ideal ${simulated.cost_path}, by step count ${simulated.step_path}, FIFO ${simulated.file_order} ms)`);
      }
    }
    // Real CPU work: parallel vs sequential on 4 independent steps.
    const stepMs = quick ? 120 : 250;
    const iterations = calibrateCrunch(stepMs);
    const four: SchedDag = { name: "cpu4", steps: Array.from({ length: 4 }, (_, i) => ({ name: `c${i}`, cost: stepMs, deps: [] })) };
    const par = await build(four, "crunch", "parallel", () => ({ iterations }));
    const seq = await build(four, "crunch", "sequential", () => ({ iterations }));
    const seqRuns: number[] = [];
    const parRuns: number[] = [];
    for (let r = 0; r < Math.max(3, reps); r++) {
      options.signal?.throwIfAborted();
      // Alternate which engine goes first, so neither always follows the other's heat.
      if (r % 2) parRuns.push(await timed(par, pool));
      seqRuns.push(await timed(seq, pool));
      if (!(r % 2)) parRuns.push(await timed(par, pool));
    }
    const sequentialMs = stat(seqRuns);
    const parallelMs = stat(parRuns);
    const speedup = sequentialMs.median / parallelMs.median;
    const bare = await bareSpeedup(iterations, Math.max(2, Math.min(reps, 3)));
    log(`  crunch 4 × ~${stepMs} ms of CPU work: sequential ${sequentialMs.median.toFixed(0)} ms, parallel ${parallelMs.median.toFixed(0)} ms, speedup ${speedup.toFixed(2)}× (bare workers on this machine now: ${bare.toFixed(2)}×)`);
    const effs = results.map((r) => r.efficiency).sort((a, b) => a - b);
    return {
      date: new Date().toISOString(),
      workers: WORKERS,
      quick,
      dags: results,
      minEfficiency: effs[0],
      medianEfficiency: stat(effs).median,
      cpuParallel: { stepMs, sequentialMs, parallelMs, speedup, bareSpeedup: bare },
    };
  } finally {
    pool.terminate();
  }
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  console.log(`scheduling efficiency, ${WORKERS} workers${quick ? " (quick)" : ""}`);
  const results = await measureScheduling({ quick, log: console.log });
  console.log(`efficiency: min ${results.minEfficiency.toFixed(2)}, median ${results.medianEfficiency.toFixed(2)} (goal ≥ 0.9)`);
  writeJson(fileURLToPath(new URL("./results/scheduling.json", import.meta.url)), results);
}
