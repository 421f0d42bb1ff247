/**
 * The plain-data model of a pipeline and of a run: no I/O lives here.
 *
 * The spec loader (lib/spec) produces a {@link PipelineSpec}; the engine
 * (lib/engine) runs one and returns a {@link RunResult}, reporting
 * {@link ProgressEvent}s on the way.
 *
 * @module
 */
import type { ColumnTable } from "./deps.ts";

/** A table passed between steps: an Arquero table (Arrow-backed where possible). */
export type Table = ColumnTable;

/** Where a step runs: cpu_bound and memory_bound on the worker pool, io_bound and network_bound on the I/O pool. */
export type ResourceHint = "cpu_bound" | "io_bound" | "memory_bound" | "network_bound";

/** The four resource hints, in the order they are listed to users. */
export const RESOURCE_HINTS: readonly ResourceHint[] = ["cpu_bound", "io_bound", "memory_bound", "network_bound"];

/** Waits between attempts: an explicit list (last value repeats) or an exponential curve. */
export type Backoff =
  | { kind: "list"; ms: number[] }
  | { kind: "exponential"; initialMs: number; multiplier: number; maxMs: number; jitter: boolean };

/** How often a step is tried. `maxAttempts` counts every try, the first included. */
export interface RetryPolicy {
  maxAttempts: number;
  backoff: Backoff;
}

/** Run-wide settings, after defaults are applied. */
export interface Settings {
  /** "parallel" runs independent steps at once; "sequential" runs one step at a time, in a topological order. */
  engine: "parallel" | "sequential";
  /** The most steps running at once, whatever their pool. */
  maxParallel: number;
  /** Worker threads for cpu_bound and memory_bound steps (default: core count, see {@link autoWorkers}). */
  cpuThreads: number;
  /**
   * cpu_threads was not set: a run starts only the workers it can keep busy (no more than
   * its widest level of worker steps, and one core fewer when the main thread reads at the
   * start) and no more later. Unset means false: exactly cpuThreads workers may run.
   */
  autoWorkers?: boolean;
  /** Concurrent io_bound and network_bound steps (default 4). */
  ioThreads: number;
  /** memory_bound steps running at once (default 1). */
  memorySlots: number;
  /** Default retry policy for every step. */
  retry: RetryPolicy;
  /** Default hard timeout per attempt, in ms; undefined means none. */
  timeoutMs?: number;
  /** How long busy CPU workers may keep running after a cancel before they are terminated (default 2000). */
  cancelGraceMs: number;
  /** Stop starting new steps after the first failure (default false). */
  failFast: boolean;
}

/** A line and column in a source file, both 1-based. */
export interface SourcePos {
  line: number;
  col: number;
}

/** One step of a pipeline, validated and with defaults applied. */
export interface StepSpec {
  name: string;
  /** The operation's canonical name (aliases are resolved by the loader). */
  operation: string;
  params: Record<string, unknown>;
  dependsOn: string[];
  resourceHint: ResourceHint;
  retry: RetryPolicy;
  /** Hard timeout per attempt in ms; undefined means none. */
  timeoutMs?: number;
  /** Where the step starts in its file, when it came from one. */
  pos?: SourcePos;
}

/** A whole pipeline, ready to run. */
export interface PipelineSpec {
  /** Absolute path of the YAML file, when it came from one. */
  file?: string;
  /** Folder that relative paths (data files, modules) resolve against. */
  baseDir: string;
  settings: Settings;
  /** Steps in file order. Names are unique. */
  steps: StepSpec[];
  /** Variables after `--var` overrides. Already substituted into params. */
  variables: Record<string, string>;
  /** Absolute file URLs of the custom operation modules. */
  modules: string[];
}

/** The states a step passes through. */
export type StepStatus =
  | "pending"
  | "queued"
  | "running"
  | "retrying"
  | "completed"
  | "failed"
  | "cancelled"
  | "skipped";

/** One state change (or progress report) of one step. */
export interface ProgressEvent {
  step: string;
  status: StepStatus;
  /** 1-based attempt number (0 before the first attempt). */
  attempt: number;
  /** Fraction done, 0..1. */
  progress: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Rows of the step's output, once known. */
  rows?: number;
  /** The error message, on failed and retrying. */
  error?: string;
  /** On retrying: how long until the next attempt. */
  delayMs?: number;
}

/** The outcome of one step. */
export interface StepResult {
  name: string;
  status: StepStatus;
  attempts: number;
  durationMs: number;
  rows?: number;
  error?: string;
}

/** The outcome of a run. */
export interface RunResult {
  runId: string;
  status: "completed" | "failed" | "cancelled";
  startedAt: number;
  durationMs: number;
  /** Every step, in file order. */
  steps: StepResult[];
  /** Output tables of the steps that produced one, kept only when asked (`keepOutputs`). */
  outputs?: Map<string, Table>;
}
