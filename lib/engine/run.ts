/**
 * Running a pipeline: {@link runPipeline} and its options.
 *
 * @module
 */
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, ProgressEvent, RunResult } from "../types.ts";
import { Executor } from "./executor.ts";
import type { WorkerPool } from "./worker_pool.ts";

/** Test hooks: replace time-dependent behaviour. Not part of the public API. */
export interface EngineHooks {
  /** Waits before a retry (default: a timer cleared on abort). Must reject when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Source of [0, 1) numbers for backoff jitter (default Math.random). */
  random?: () => number;
}

/** Options of {@link runPipeline}. */
export interface RunOptions {
  /** Where step operations are looked up (`registry.get(step.operation)`). */
  registry: OperationRegistry;
  /** Cancels the run (e.g. `CancellationToken.signal`). */
  signal?: AbortSignal;
  /** Every state change of every step, and throttled progress ("running" with a fraction). */
  onEvent?: (e: ProgressEvent) => void;
  /** Lines written by `ctx.log`, from main or from workers. */
  onLog?: (step: string, message: string) => void;
  /** Return the output tables in `RunResult.outputs` (main-thread tables, moved back from workers). */
  keepOutputs?: boolean;
  /**
   * How long each step took (ms, by step name) in this pipeline's last completed run, from
   * the run store: a run without cpu_threads sizes its workers by it (RemoteSteps.planWorkers).
   */
  pastDurationsMs?: ReadonlyMap<string, number>;
  /**
   * A started pool to reuse across runs (it is grown to `settings.cpuThreads` if smaller, and
   * left running). Without it, a run that needs workers makes its own and terminates it.
   * A pool busy with another run is not shared: that run gets its own.
   */
  pool?: WorkerPool;
  /** The run's id (default: {@link newRunId}), e.g. one already recorded in a run store. */
  runId?: string;
  /** @internal Test hooks. */
  hooks?: EngineHooks;
}

/**
 * Runs a validated pipeline. Resolves (never rejects) when every step has
 * ended: `status` is "completed", "failed" (a step failed) or "cancelled",
 * and `steps` lists every step in file order.
 *
 * Scheduling: ready steps wait in per-pool queues ordered by the longest
 * remaining path to a sink (file order breaks ties; the sequential engine
 * uses file order alone and runs one step at a time). cpu_bound and
 * memory_bound steps run in worker threads (`cpuThreads` of them,
 * memory_bound ones at most `memorySlots` at once); io_bound and
 * network_bound steps run on the main thread, at most `ioThreads` at once,
 * except operations that declare `offload` (the readers: parsing is CPU
 * work), which run in a free worker, or on main when every worker is busy
 * and main is idle — still at most `ioThreads` at once;
 * `maxParallel` bounds the total. Operations that are neither built in nor
 * loaded from a module (functions registered from code) always run on the
 * main thread, counted against their hint's limit.
 *
 * Failure: a failed step (after its retries) skips everything downstream;
 * other branches go on. With `failFast`, no new step starts after the first
 * failure: steps already running finish (and are not retried), steps
 * waiting to retry fail, the rest are "skipped".
 *
 * Cancellation (`signal`): nothing new starts, pending and retry-waiting
 * steps end "cancelled", running main-thread steps see their signal abort,
 * workers get a cancel message and are terminated if still busy after
 * `cancelGraceMs` (main-thread steps that ignore their signal are abandoned
 * then). A running step that finishes anyway keeps its result.
 *
 * @example
 * ```ts
 * const result = await runPipeline(spec, { registry: createDefaultRegistry(), onEvent: console.log });
 * if (result.status !== "completed") console.error(result.steps.filter((s) => s.error));
 * ```
 */
export function runPipeline(pipeline: PipelineSpec, options: RunOptions): Promise<RunResult> {
  return new Executor(pipeline, options).start();
}

/** A unique id that sorts by start time: base-36 milliseconds, then random hex. */
export function newRunId(now: number = Date.now()): string {
  const random = new Uint8Array(5);
  crypto.getRandomValues(random);
  return now.toString(36).padStart(9, "0") + "-" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}
