/**
 * Runs a pipeline and records it in the run store: the start row before the
 * engine begins, then the outcome, steps and attempts in one transaction.
 * Shared by `pfw run` and {@link Workflow.execute}. A store that can't be
 * opened or written never stops a run; the problem goes to `onStoreError`.
 *
 * @module
 */
import { newRunId, type RunOptions, runPipeline } from "../engine/run.ts";
import type { WorkerPool } from "../engine/worker_pool.ts";
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, ProgressEvent, RunResult } from "../types.ts";
import { AttemptRecorder } from "../store/attempt_recorder.ts";
import { RunStore } from "../store/run_store.ts";

/** Options of {@link recordedRun}. */
export interface RecordedRunOptions {
  registry: OperationRegistry;
  signal?: AbortSignal;
  onEvent?: (event: ProgressEvent) => void;
  onLog?: (step: string, message: string) => void;
  keepOutputs?: boolean;
  /** The run store file; undefined records nothing. */
  dbPath?: string;
  /** The run's id (default: the engine's `newRunId()`). */
  runId?: string;
  /** Called when the store can't be opened or written; the run goes on. */
  onStoreError?: (error: Error) => void;
  /** Called once the start is recorded, just before the engine starts. */
  onStart?: (runId: string) => void;
  /** A started worker pool for the run (the engine's RunOptions.pool). */
  pool?: WorkerPool;
}

/** Runs `pipeline` with the engine, recording it in the store at `options.dbPath`. */
export async function recordedRun(pipeline: PipelineSpec, options: RecordedRunOptions): Promise<RunResult> {
  const runId = options.runId ?? newRunId();
  const startedAt = Date.now();
  const reportStoreError = (err: unknown) => options.onStoreError?.(err instanceof Error ? err : new Error(String(err)));
  let store: RunStore | undefined;
  let pastDurationsMs: Map<string, number> | undefined;
  if (options.dbPath !== undefined) {
    try {
      store = RunStore.open(options.dbPath);
      pastDurationsMs = lastDurations(store, pipeline.file);
      store.startRun({
        id: runId,
        pipeline: pipeline.file,
        engine: pipeline.settings.engine,
        startedAt,
        stepCount: pipeline.steps.length,
      });
    } catch (err) {
      store?.close();
      store = undefined;
      reportStoreError(err);
    }
  }
  try {
    const recorder = store ? new AttemptRecorder(startedAt) : undefined;
    const onEvent = options.onEvent;
    const runOptions: RunOptions = {
      registry: options.registry,
      signal: options.signal,
      keepOutputs: options.keepOutputs,
      pool: options.pool,
      pastDurationsMs,
      onLog: options.onLog,
      onEvent: recorder && onEvent
        ? (e: ProgressEvent) => {
          recorder.onEvent(e);
          onEvent(e);
        }
        : recorder
        ? (e: ProgressEvent) => recorder.onEvent(e)
        : onEvent,
    };
    options.onStart?.(runId);
    const result = await runPipeline(pipeline, runOptions);
    result.runId = runId; // the id the store and the views already use
    if (store && recorder) {
      try {
        store.finishRun(runId, result, recorder.records());
      } catch (err) {
        reportStoreError(err);
      }
    }
    return result;
  } finally {
    store?.close();
  }
}

/** Each step's duration in the last completed run of the pipeline file (none for pipelines built in code). */
export function lastDurations(store: RunStore, file: string | undefined): Map<string, number> | undefined {
  if (!file) return undefined;
  const last = store.listRuns({ pipeline: file, limit: 10 }).find((r) => r.status === "completed");
  if (!last) return undefined;
  const out = new Map<string, number>();
  for (const step of store.steps(last.id)) if (step.durationMs !== null) out.set(step.name, step.durationMs);
  return out;
}
