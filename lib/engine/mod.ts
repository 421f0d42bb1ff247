/**
 * The engine: runs a validated PipelineSpec (lib/types.ts) as a parallel DAG.
 *
 * How a run flows through the files:
 *
 * - run.ts: {@link runPipeline} and its options; makes an Executor.
 * - run_state.ts: compiles the spec (graph.ts: integer ids, CSR adjacency,
 *   topological order, longest remaining path) into typed arrays per step.
 * - executor.ts: the state machine; ready steps wait in ready_queue.ts heaps
 *   (one per pool class) and start when their pool and max_parallel allow;
 *   retries (retry.ts), timeouts, fail_fast, cancellation
 *   (cancellation.ts), lineage recompute of tables lost with a worker.
 * - local_steps.ts: attempts on the main thread (step_context.ts is their ctx).
 * - remote_steps.ts + worker_pool.ts: attempts in Web Workers (cpu/memory
 *   steps, and I/O steps whose operation declares `offload`, e.g. readers)
 *   (worker_url.ts → worker_entry.js → worker.ts, messages in
 *   worker_protocol.ts); table_store.ts tracks where each table lives and
 *   moves it as a packet over shared memory (lib/table/transfer.ts).
 * - progress.ts: events, throttled progress; run_result.ts: the RunResult.
 *
 * @module
 */
export { newRunId, runPipeline } from "./run.ts";
export type { RunOptions } from "./run.ts";
export { CancellationToken } from "./cancellation.ts";
export { WorkerLostError, WorkerPool } from "./worker_pool.ts";
export type { WorkerPoolOptions } from "./worker_pool.ts";
export { abortableSleep, backoffDelay } from "./retry.ts";
