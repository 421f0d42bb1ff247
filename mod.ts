/**
 * pfw as a library: load a YAML pipeline (or build one in code), run it as a
 * parallel DAG, watch its progress, cancel it.
 *
 * Import it by path or URL from any Deno script; no config is needed
 * (dependencies are `npm:` specifiers):
 *
 * @example Run a pipeline file
 * ```ts
 * import { CancellationToken, Workflow } from "/path/to/pfw/mod.ts";
 *
 * const token = new CancellationToken();
 * const wf = await Workflow.fromYaml("pipeline.yml", { cancellationToken: token, variables: { min: 100 } });
 * const result = await wf.execute({
 *   onProgress: (step, status, progress) => console.log(step, status, `${(progress * 100).toFixed(1)}%`),
 * });
 * console.log(result.status, wf.executorBackend); // "completed" "parallel"
 * ```
 *
 * @example Build a pipeline in code
 * ```ts
 * import { setConfig, Workflow } from "/path/to/pfw/mod.ts";
 *
 * setConfig({ maxParallel: 8, cpuThreads: 2, ioThreads: 4, retryMaxAttempts: 3 });
 * const wf = new Workflow({ engine: "parallel" })
 *   .addStep({ name: "load", operation: "read_csv", params: { path: "data.csv" } })
 *   .addStep({ name: "big", operation: "query", params: { expr: "value > 100" }, dependsOn: ["load"] })
 *   .addStep({ name: "count", operation: { run: (ctx) => [{ rows: ctx.input?.numRows() ?? 0 }] }, dependsOn: ["big"] });
 * const result = await wf.execute({ keepOutputs: true });
 * console.log(result.outputs?.get("count")?.objects());
 * ```
 *
 * @module
 */

export {
  type ExecuteOptions,
  type FromYamlOptions,
  type InlineOperation,
  type ProgressCallback,
  type StepInit,
  type StepRetry,
  Workflow,
  type WorkflowConfig,
} from "./lib/api/workflow.ts";
export { type Config, getConfig, resetConfig, setConfig } from "./lib/api/config.ts";
export { CancellationToken } from "./lib/engine/cancellation.ts";
export { type RunOptions, runPipeline } from "./lib/engine/run.ts";
export { WorkerLostError, WorkerPool, type WorkerPoolOptions } from "./lib/engine/worker_pool.ts";
export { buildPipeline, type LoadOptions, loadPipeline, type PipelineDocument } from "./lib/spec/load.ts";
export { pipelineJsonSchema } from "./lib/spec/json_schema.ts";
export { OperationRegistry, type RegisterOptions } from "./lib/registry.ts";
export { BUILTIN_OPERATIONS, createDefaultRegistry } from "./ops/mod.ts";
export { type ListRunsOptions, type RunRow, type RunStart, RunStore, type StepRow } from "./lib/store/run_store.ts";
export type { AttemptRecord } from "./lib/store/attempt_recorder.ts";
export {
  CancelledError,
  DataError,
  type DataErrorInit,
  SpecError,
  type SpecErrorInit,
  SpecErrorList,
  TimeoutError,
  UsageError,
} from "./lib/errors.ts";
export type { ColumnContext, JsonType, OpContext, Operation, OpOutput, ParamSchema } from "./lib/operation.ts";
export {
  type Backoff,
  type PipelineSpec,
  type ProgressEvent,
  RESOURCE_HINTS,
  type ResourceHint,
  type RetryPolicy,
  type RunResult,
  type Settings,
  type SourcePos,
  type StepResult,
  type StepSpec,
  type StepStatus,
  type Table,
} from "./lib/types.ts";
