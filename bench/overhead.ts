/**
 * Engine overhead benchmark (not a test): `deno run -A bench/overhead.ts [--quick]`.
 *
 * - Per-step overhead of no-op steps at 1k, 10k and 100k steps, as a chain
 *   and as a fan-out, inline (the built-in noop on the main thread) and
 *   through the worker pool (a cpu_bound noop from a module, as user
 *   operations are loaded), against a bare postMessage round trip.
 * - Parallel vs sequential engine on 4 independent CPU-bound steps of
 *   ~300 ms of real work each.
 *
 * Prints medians (and min–max) of several repetitions and the ratios, and
 * writes JSON to bench/results/overhead.json. The machine is shared and
 * noisy: compare the ratios inside one run.
 *
 * @module
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import process from "node:process";
import { loadavg } from "node:os";
import { runPipeline } from "../lib/engine/run.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import type { OperationRegistry } from "../lib/registry.ts";
import type { PipelineSpec } from "../lib/types.ts";
import { chain, fanOut, makePipeline } from "../tests/fixtures/engine/pipeline.ts";
import { testRegistry } from "../tests/fixtures/engine/registry.ts";

/** Options of {@link measureOverhead}. */
export interface OverheadOptions {
  /** Fewer sizes and repetitions (≈ 15 s instead of ≈ 1–2 min). */
  quick?: boolean;
  /** Repetitions per measurement (default 5, quick 3). */
  reps?: number;
  /** Progress lines go here (default: nothing). */
  log?: (line: string) => void;
}

/** Median and range of repeated measurements. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** One per-step overhead measurement. */
export interface StepOverhead {
  where: "inline" | "worker";
  shape: "chain" | "fan_out";
  steps: number;
  /** Microseconds per step (run time / steps). */
  usPerStep: Stat;
  /** Process CPU microseconds per step (inline runs only): less sensitive to other load on the machine. */
  cpuUsPerStep?: Stat;
}

/** Everything {@link measureOverhead} measures. */
export interface OverheadResults {
  date: string;
  runtime: string;
  cores: number;
  quick: boolean;
  overhead: StepOverhead[];
  /** Microseconds per bare postMessage round trip to a module worker (echo). */
  bareRoundTripUs: Stat;
  /** Worker chain per-step time at the largest worker size ÷ bare round trip (goal ≤ 1.5). */
  workerDispatchRatio: number;
  /** Inline chain per-step overhead at the largest size, µs (goal ≤ 2). */
  inlineUsPerStep: number;
  /** The same in process CPU time, µs: what the engine costs when it gets a core to itself. */
  inlineCpuUsPerStep: number;
  /** Load average (1 min) when the run ended: the machine is shared. */
  loadAverage: number;
  parallel: {
    steps: number;
    /** Wall time of one step alone, ms. */
    stepMs: Stat;
    sequentialMs: Stat;
    parallelMs: Stat;
    /** sequential ÷ parallel (goal ≥ 1.8 on 2 cores). */
    speedup: number;
    /**
     * The same work on two bare workers (no engine), two at a time vs one at a time: what the
     * machine allows right now (other processes share the cores).
     */
    bareSpeedup: number;
  };
}

function stat(runs: number[]): Stat {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

let lastCpuMs = 0;

/** Wall milliseconds of one run (and its process CPU milliseconds in `lastCpuMs`). */
async function timeRun(spec: PipelineSpec, registry: OperationRegistry, pool?: WorkerPool): Promise<number> {
  const c = process.cpuUsage();
  const t = performance.now();
  const result = await runPipeline(spec, { registry, pool });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  lastCpuMs = (cpu.user + cpu.system) / 1000;
  if (result.status !== "completed") throw new Error(`benchmark run ${result.status}: ${JSON.stringify(result.steps.find((s) => s.error))}`);
  return ms;
}

/** Bare round trips to an echo module worker, one after another: µs per round trip. */
async function bareRoundTrip(count: number): Promise<number> {
  const code = "self.onmessage = (e) => self.postMessage(e.data);";
  const worker = new Worker(`data:application/javascript,${encodeURIComponent(code)}`, { type: "module" });
  try {
    await new Promise<void>((resolve) => {
      worker.onmessage = () => resolve();
      worker.postMessage(0);
    });
    let left = count;
    const t = performance.now();
    await new Promise<void>((resolve) => {
      worker.onmessage = () => (--left === 0 ? resolve() : worker.postMessage(left));
      worker.postMessage(left);
    });
    return (performance.now() - t) * 1000 / count;
  } finally {
    worker.terminate();
  }
}

/** The `spin` loop of tests/fixtures/engine/worker_ops.ts on 4 bare workers, 2 at a time and 1 at a time: sequential ÷ parallel. */
async function bareParallel(n: number, reps: number): Promise<number> {
  const code = "self.onmessage = (e) => { let x = 0; for (let i = 0; i < e.data; i++) x = (x * 1.0000001 + i) % 1e9; self.postMessage(x); };";
  const url = `data:application/javascript,${encodeURIComponent(code)}`;
  const workers = [new Worker(url, { type: "module" }), new Worker(url, { type: "module" })];
  const run = (w: Worker, count: number) =>
    new Promise<void>((resolve) => {
      w.onmessage = () => resolve();
      w.postMessage(count);
    });
  try {
    await Promise.all(workers.map((w) => run(w, 1e6)));
    const ratios: number[] = [];
    for (let i = 0; i < reps; i++) {
      let t = performance.now();
      for (let k = 0; k < 4; k++) await run(workers[0], n);
      const seq = performance.now() - t;
      t = performance.now();
      for (let k = 0; k < 2; k++) await Promise.all([run(workers[0], n), run(workers[1], n)]);
      ratios.push(seq / (performance.now() - t));
    }
    return stat(ratios).median;
  } finally {
    for (const w of workers) w.terminate();
  }
}

/** Runs the overhead and parallelism measurements. */
export async function measureOverhead(options: OverheadOptions = {}): Promise<OverheadResults> {
  const quick = options.quick === true;
  const reps = options.reps ?? (quick ? 3 : 5);
  const log = options.log ?? (() => {});
  const registry = testRegistry();
  const pool = new WorkerPool({ size: 2 });
  pool.start();
  const overhead: StepOverhead[] = [];
  try {
    // Warm up the JIT and the workers (module loaded in both).
    await timeRun(makePipeline(chain(20_000)), registry);
    await timeRun(makePipeline(fanOut(200, { operation: "cpu_noop", resourceHint: "cpu_bound" })), registry, pool);

    const inlineSizes = [1_000, 10_000, 100_000];
    const workerSizes = quick ? [1_000] : [1_000, 10_000, 100_000];
    for (const [where, sizes] of [["inline", inlineSizes], ["worker", workerSizes]] as const) {
      for (const shape of ["chain", "fan_out"] as const) {
        for (const n of sizes) {
          const step = where === "inline" ? {} : { operation: "cpu_noop", resourceHint: "cpu_bound" as const };
          const spec = makePipeline(shape === "chain" ? chain(n, step) : fanOut(n, step), { maxParallel: 64 });
          const runs: number[] = [], cpus: number[] = [];
          const r = where === "worker" && n >= 100_000 ? Math.min(reps, 3) : reps;
          for (let i = 0; i < r; i++) {
            runs.push((await timeRun(spec, registry, where === "worker" ? pool : undefined)) * 1000 / n);
            cpus.push(lastCpuMs * 1000 / n);
          }
          const s = stat(runs);
          const entry: StepOverhead = { where, shape, steps: n, usPerStep: s };
          if (where === "inline") entry.cpuUsPerStep = stat(cpus);
          overhead.push(entry);
          const cpuNote = entry.cpuUsPerStep ? `, CPU ${entry.cpuUsPerStep.median.toFixed(3)} µs/step` : "";
          log(`${where.padEnd(6)} ${shape.padEnd(7)} ${String(n).padStart(7)} steps: ${s.median.toFixed(3)} µs/step (${s.min.toFixed(3)}–${s.max.toFixed(3)})${cpuNote}`);
        }
      }
    }
    const trips: number[] = [];
    for (let i = 0; i < reps; i++) trips.push(await bareRoundTrip(quick ? 1_000 : 5_000));
    const bare = stat(trips);
    log(`bare postMessage round trip: ${bare.median.toFixed(1)} µs (${bare.min.toFixed(1)}–${bare.max.toFixed(1)})`);

    // Parallel vs sequential: calibrate one step to ~300 ms in a worker.
    let n = 3e7;
    for (let i = 0; i < 3; i++) {
      const ms = await timeRun(makePipeline([{ name: "one", operation: "spin", resourceHint: "cpu_bound", params: { n } }]), registry, pool);
      n = Math.round(n * 300 / Math.max(ms, 1));
    }
    const steps = Array.from({ length: 4 }, (_, i) => ({ name: `spin${i}`, operation: "spin", resourceHint: "cpu_bound" as const, params: { n } }));
    const one: number[] = [], seq: number[] = [], par: number[] = [];
    for (let i = 0; i < reps; i++) {
      one.push(await timeRun(makePipeline(steps.slice(0, 1)), registry, pool));
      seq.push(await timeRun(makePipeline(steps, { engine: "sequential" }), registry, pool));
      par.push(await timeRun(makePipeline(steps, { engine: "parallel", cpuThreads: 2 }), registry, pool));
    }
    const parallel = { steps: 4, stepMs: stat(one), sequentialMs: stat(seq), parallelMs: stat(par), speedup: 0, bareSpeedup: 0 };
    parallel.speedup = parallel.sequentialMs.median / parallel.parallelMs.median;
    parallel.bareSpeedup = await bareParallel(n, Math.min(reps, 3));
    log(`4 CPU steps of ~${parallel.stepMs.median.toFixed(0)} ms: sequential ${parallel.sequentialMs.median.toFixed(0)} ms, parallel ${parallel.parallelMs.median.toFixed(0)} ms → ${parallel.speedup.toFixed(2)}×`);
    log(`same work on 2 bare workers (no engine): ${parallel.bareSpeedup.toFixed(2)}× — what the machine allows right now`);

    const largest = (where: "inline" | "worker") =>
      overhead.filter((o) => o.where === where && o.shape === "chain").sort((a, b) => b.steps - a.steps)[0];
    const workerChain = largest("worker");
    const results: OverheadResults = {
      date: new Date().toISOString(),
      runtime: `deno ${Deno.version.deno}`,
      cores: navigator.hardwareConcurrency,
      quick,
      overhead,
      bareRoundTripUs: bare,
      workerDispatchRatio: workerChain.usPerStep.median / bare.median,
      inlineUsPerStep: largest("inline").usPerStep.median,
      inlineCpuUsPerStep: largest("inline").cpuUsPerStep!.median,
      loadAverage: loadavg()[0],
      parallel,
    };
    log(`inline overhead at ${largest("inline").steps} steps: ${results.inlineUsPerStep.toFixed(3)} µs/step wall, ${results.inlineCpuUsPerStep.toFixed(3)} µs/step CPU (goal ≤ 2)`);
    log(`load average: ${results.loadAverage.toFixed(2)} on ${results.cores} cores`);
    log(`worker dispatch at ${workerChain.steps} steps: ${workerChain.usPerStep.median.toFixed(1)} µs/step = ${results.workerDispatchRatio.toFixed(2)}× bare round trip (goal ≤ 1.5)`);
    log(`parallel/sequential: ${parallel.speedup.toFixed(2)}× (goal ≥ 1.8)`);
    return results;
  } finally {
    pool.terminate();
  }
}

/** Writes `results` to bench/results/overhead.json (temporary name, then rename). */
export async function writeOverheadResults(results: OverheadResults, path = new URL("./results/overhead.json", import.meta.url)): Promise<void> {
  const dir = new URL(".", path);
  await mkdir(dir, { recursive: true });
  const tmp = new URL(`overhead.json.${crypto.randomUUID()}.tmp`, dir);
  await writeFile(tmp, JSON.stringify(results, null, 2) + "\n");
  await rename(tmp, path);
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const results = await measureOverhead({ quick, log: (line) => console.log(line) });
  await writeOverheadResults(results);
  console.log("wrote bench/results/overhead.json");
}
