/**
 * The library's face: the seed's Python `Workflow`, in TypeScript.
 *
 * ```ts
 * const wf = await Workflow.fromYaml("pipeline.yml", { variables: { min: 100 } });
 * const result = await wf.execute({ onProgress: (step, status, progress) => console.log(step, status, progress) });
 * ```
 *
 * @module
 */
import { resolve } from "node:path";
import process from "node:process";
import { UsageError } from "../errors.ts";
import type { OpContext, OpOutput, ParamSchema } from "../operation.ts";
import { OperationRegistry } from "../registry.ts";
import { buildPipeline, loadPipeline, type PipelineDocument } from "../spec/load.ts";
import { defaultDbPath } from "../store/run_store.ts";
import type { CancellationToken } from "../engine/cancellation.ts";
import type { PipelineSpec, ProgressEvent, ResourceHint, RunResult, Settings, StepSpec, StepStatus } from "../types.ts";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { configDefaults, envDbPath } from "./config.ts";
import { recordedRun } from "./recorded_run.ts";

/** Options of {@link Workflow.fromYaml}. */
export interface FromYamlOptions {
  /** Cancels the run (and loading) when cancelled. */
  cancellationToken?: CancellationToken;
  /** Values for `${name}` in the file; win over its `variables:`. */
  variables?: Record<string, string | number | boolean>;
  /** Settings that win over the file's `settings:` (like the CLI's `--engine`). */
  settings?: Partial<Settings>;
  /** Operations to use (default: the built-ins). It is cloned: the file's `modules:` don't leak into it. */
  registry?: OperationRegistry;
  /** The run store file; `false` records nothing (default: `$PFW_DB`, else `.pfw/pfw.db` beside the file). */
  db?: string | false;
}

/** Settings and options of a workflow built in code ({@link Workflow} constructor). */
export interface WorkflowConfig extends Partial<Settings> {
  /** Operations to use (default: the built-ins); cloned. */
  registry?: OperationRegistry;
  /** Cancels the run when cancelled. */
  cancellationToken?: CancellationToken;
  /** Folder that relative paths in params resolve against (default: the working folder). */
  baseDir?: string;
  /** The run store file (default: `$PFW_DB`, else nothing is recorded). */
  db?: string | false;
  /** Values for `${name}` in step params. */
  variables?: Record<string, string | number | boolean>;
}

/**
 * An operation given inline to {@link Workflow.addStep}. It always runs on the
 * main thread (a worker can't import a function), counted against its step's
 * resource hint. To run on the worker pool, export it from a module file.
 */
export interface InlineOperation {
  /** Does the work; see {@link OpContext}. Returns a table, row objects, or nothing. */
  run(ctx: OpContext): OpOutput | Promise<OpOutput>;
  /** One line for `pfw ops`-style listings. */
  description?: string;
  /** Params it accepts (default: whatever the step passes). */
  params?: Record<string, ParamSchema>;
  /** Names of required params. */
  required?: readonly string[];
}

/** Retry settings of one step, in camelCase. */
export interface StepRetry {
  /** Tries, the first included. */
  maxAttempts?: number;
  /** Waits between tries: a list (the last repeats) or an exponential curve. */
  backoffMs?: number[] | { initialMs?: number; multiplier?: number; maxMs?: number; jitter?: boolean };
}

/** A step for {@link Workflow.addStep}: the YAML step's fields in camelCase. */
export interface StepInit {
  /** Unique within the workflow. */
  name: string;
  /** A registered operation's name, or an inline operation. */
  operation: string | InlineOperation;
  /** The operation's params, as in YAML. */
  params?: Record<string, unknown>;
  /** Steps that must complete first; the first one's output is this step's input. */
  dependsOn?: string[];
  /** Where it runs (default: the operation's). */
  resourceHint?: ResourceHint;
  /** Overrides the workflow's retry policy. */
  retry?: StepRetry;
  /** Hard limit per attempt, in ms. */
  timeoutMs?: number;
}

/** Called on every step state change or progress report. */
export type ProgressCallback = (step: string, status: StepStatus, progress: number, event: ProgressEvent) => void;

/** Options of {@link Workflow.execute}. */
export interface ExecuteOptions {
  /** Called on every step state change and progress report. */
  onProgress?: ProgressCallback;
  /** Called with each line a step logs. */
  onLog?: (step: string, message: string) => void;
  /** Cancels the run, like the workflow's cancellation token. */
  signal?: AbortSignal;
  /** Keep every step's output table in `result.outputs`. */
  keepOutputs?: boolean;
}

/**
 * A pipeline to run: loaded from YAML with {@link Workflow.fromYaml}, or built
 * in code with `new Workflow(config)` and {@link Workflow.addStep}.
 *
 * @example From a file
 * ```ts
 * import { CancellationToken, Workflow } from "./mod.ts";
 * const token = new CancellationToken();
 * const wf = await Workflow.fromYaml("pipeline.yml", { cancellationToken: token });
 * const result = await wf.execute({ onProgress: (step, status, p) => console.log(step, status, p) });
 * console.log(result.status, wf.executorBackend); // "completed" "parallel"
 * ```
 *
 * @example Built in code
 * ```ts
 * const wf = new Workflow({ maxParallel: 4 })
 *   .addStep({ name: "load", operation: "read_csv", params: { path: "data.csv" } })
 *   .addStep({ name: "big", operation: "query", params: { expr: "value > 100" }, dependsOn: ["load"] })
 *   .addStep({ name: "count", operation: { run: (ctx) => [{ n: ctx.input!.numRows() }] }, dependsOn: ["big"] });
 * const result = await wf.execute({ keepOutputs: true });
 * result.outputs!.get("count")!.get("n", 0);
 * ```
 */
export class Workflow {
  #spec?: PipelineSpec;
  #registry: OperationRegistry;
  #config: WorkflowConfig;
  #steps: Record<string, unknown>[] = [];
  #inline = new Set<string>();
  #fromYaml = false;
  #token?: CancellationToken;
  #db?: string;

  /** A workflow built in code; add steps with {@link addStep}. */
  constructor(config: WorkflowConfig = {}) {
    this.#config = config;
    this.#registry = config.registry?.clone() ?? createDefaultRegistry();
    this.#token = config.cancellationToken;
    const db = config.db ?? envDbPath();
    this.#db = db === false || db === undefined ? undefined : resolve(db);
  }

  /**
   * Loads and validates a pipeline file.
   * @throws {SpecErrorList} every problem in the file, with file:line:col.
   */
  static async fromYaml(path: string, options: FromYamlOptions = {}): Promise<Workflow> {
    const wf = new Workflow({ registry: options.registry, cancellationToken: options.cancellationToken, db: false });
    wf.#fromYaml = true;
    const file = resolve(path);
    wf.#spec = await loadPipeline(file, {
      registry: wf.#registry,
      variables: stringVars(options.variables),
      settings: options.settings,
      defaults: configDefaults(),
      signal: options.cancellationToken?.signal,
    });
    const db = options.db ?? envDbPath();
    wf.#db = db === false ? undefined : resolve(db ?? defaultDbPath(file));
    return wf;
  }

  /**
   * Adds a step to a workflow built in code. Checked when the workflow runs.
   * @throws {UsageError} on a workflow from YAML, or an operation that is neither a name nor has a run function.
   */
  addStep(step: StepInit): this {
    if (this.#fromYaml) throw new UsageError("Cannot add steps to a workflow loaded from YAML; add them to the file instead");
    const raw: Record<string, unknown> = { name: step.name };
    if (typeof step.operation === "string") raw.operation = step.operation;
    else raw.operation = this.#registerInline(step);
    if (step.params !== undefined) raw.params = step.params;
    if (step.dependsOn !== undefined) raw.depends_on = step.dependsOn;
    if (step.resourceHint !== undefined) raw.resource_hint = step.resourceHint;
    if (step.timeoutMs !== undefined) raw.timeout_ms = step.timeoutMs;
    if (step.retry !== undefined) raw.retry = retryDocument(step.retry);
    this.#steps.push(raw);
    this.#spec = undefined;
    return this;
  }

  #registerInline(step: StepInit): string {
    const inline = step.operation as InlineOperation;
    if (typeof inline?.run !== "function") {
      throw new UsageError(`step "${step.name}": operation must be an operation name or an object with a run(ctx) function`);
    }
    let name = step.name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=[0-9])/, "_");
    while (this.#registry.has(name) && !this.#inline.has(name)) name = `${name}_op`;
    const anyParams = Object.fromEntries(Object.keys(step.params ?? {}).map((k) => [k, {} as ParamSchema]));
    this.#registry.register({
      name,
      description: inline.description ?? `inline operation of step ${step.name}`,
      resourceHint: step.resourceHint ?? "io_bound",
      params: inline.params ?? anyParams,
      required: inline.required,
      run: (ctx) => inline.run(ctx),
    }, { override: true });
    this.#inline.add(name);
    return name;
  }

  /** "parallel" or "sequential": how the steps will run. */
  get executorBackend(): "parallel" | "sequential" {
    return this.#spec?.settings.engine ?? this.#config.engine ?? "parallel";
  }

  /** The validated pipeline (for a workflow from YAML), else undefined until {@link build}. */
  get spec(): PipelineSpec | undefined {
    return this.#spec;
  }

  /** The steps, validated (after {@link fromYaml} or {@link build}). */
  get steps(): readonly StepSpec[] {
    return this.#spec?.steps ?? [];
  }

  /** The operations this workflow can use (built-ins, modules, inline ones). */
  get registry(): OperationRegistry {
    return this.#registry;
  }

  /**
   * Validates a workflow built in code (execute does it too).
   * @throws {SpecErrorList} every problem, with paths such as `pipeline[1].params.expr`.
   */
  async build(): Promise<PipelineSpec> {
    if (this.#spec) return this.#spec;
    const { registry: _r, cancellationToken: _c, baseDir, db: _d, variables, ...settings } = this.#config;
    const doc: PipelineDocument = { pipeline: this.#steps };
    if (variables) doc.variables = variables;
    this.#spec = await buildPipeline(doc, {
      registry: this.#registry,
      settings: defined(settings),
      defaults: configDefaults(),
      baseDir: resolve(baseDir ?? process.cwd()),
      signal: this.#token?.signal,
    });
    return this.#spec;
  }

  /**
   * Runs the workflow. Resolves with the result whatever the steps do
   * (`status` is "completed", "failed" or "cancelled"); rejects only when a
   * workflow built in code is invalid.
   */
  async execute(options: ExecuteOptions = {}): Promise<RunResult> {
    const spec = await this.build();
    const signals = [this.#token?.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const onProgress = options.onProgress;
    return await recordedRun(spec, {
      registry: this.#registry,
      signal: signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals),
      keepOutputs: options.keepOutputs,
      onLog: options.onLog,
      onEvent: onProgress ? (e) => onProgress(e.step, e.status, e.progress, e) : undefined,
      dbPath: this.#db,
      onStoreError: (e) => console.warn(`pfw: the run is not recorded: ${e.message}`),
    });
  }
}

function stringVars(vars: Record<string, string | number | boolean> | undefined): Record<string, string> | undefined {
  if (!vars) return undefined;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function retryDocument(retry: StepRetry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (retry.maxAttempts !== undefined) out.max_attempts = retry.maxAttempts;
  const b = retry.backoffMs;
  if (Array.isArray(b)) out.backoff_ms = b;
  else if (b) {
    out.backoff_ms = defined({ initial_ms: b.initialMs, multiplier: b.multiplier, max_ms: b.maxMs, jitter: b.jitter });
  }
  return out;
}
