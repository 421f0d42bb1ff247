/**
 * The contract every operation fulfils, built-in or from a user's module.
 *
 * @module
 */
import type { ResourceHint, Table } from "./types.ts";

/**
 * A parameter's shape: a small subset of JSON Schema, so the same object
 * drives `validate`, `pfw ops` and `pfw schema`.
 */
export interface ParamSchema {
  /** One JSON type or several. "integer" accepts whole numbers only. */
  type?: JsonType | JsonType[];
  description?: string;
  default?: unknown;
  enum?: readonly unknown[];
  /** For arrays: the schema of each item. */
  items?: ParamSchema;
  /** For objects: the schema of each value (keys are free-form, e.g. column names). */
  additionalProperties?: ParamSchema | boolean;
  /** For objects with fixed keys. */
  properties?: Record<string, ParamSchema>;
  /** Alternatives; the value must match at least one. */
  anyOf?: ParamSchema[];
  minimum?: number;
  /** For arrays. */
  minItems?: number;
}

/** JSON types used in {@link ParamSchema}. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "null";

/** What an operation receives when it runs. */
export interface OpContext {
  /** The step's params, variables already substituted. */
  params: Record<string, unknown>;
  /** The first input table (the first dependency's output, or `params.input`'s). */
  input?: Table;
  /** Every input table by the name of the step that made it, in depends_on order. */
  inputs: Record<string, Table>;
  /** Aborted on timeout or cancellation: stop work and clean up. */
  signal: AbortSignal;
  /** 1-based attempt number. */
  attempt: number;
  /** The step's name. */
  step: string;
  /** Folder that relative paths resolve against (the pipeline file's folder). */
  baseDir: string;
  /** Reports the fraction done, 0..1. Cheap to call often; the engine throttles. */
  progress(fraction: number): void;
  /** Writes a line to the step's log. */
  log(message: string): void;
  /**
   * The columns of this step's output that later steps read, when the engine
   * knows they are fewer than all (see {@link Operation.inputColumns});
   * undefined: any column may be read. Readers skip the other columns.
   */
  columnsUsed?: readonly string[];
  /**
   * How many leading rows of this step's output later steps read, when the
   * engine knows they are fewer than all (a `head` reads this step's output;
   * see {@link Operation.inputRows}); undefined: every row. An operation may
   * then return just those rows: `sort` keeps only the top ones.
   */
  rowsUsed?: number;
}

/** What an operation may return: a table, rows as objects, or nothing. */
export type OpOutput = Table | Record<string, unknown>[] | undefined | void;

/** What {@link Operation.columns} receives to infer output columns before the run. */
export interface ColumnContext {
  params: Record<string, unknown>;
  /** Columns of the first input, if known. */
  input?: string[];
  /** Columns of each input by step name; undefined where unknown. */
  inputs: Record<string, string[] | undefined>;
  baseDir: string;
  /** Aborted when validation is cancelled; readers pass it to their file reads. */
  signal?: AbortSignal;
  /**
   * Records that `param` names a `column` that the table `available` lacks.
   * The validator turns it into an error with file:line:col, the closest name and the list.
   */
  missing(param: string, column: string, available: string[]): void;
}

/** One operation: a name, its params, where it runs, and what it does. */
export interface Operation {
  /** snake_case name used in YAML. */
  name: string;
  /** Other names accepted in YAML (e.g. `filter` for `query`). */
  aliases?: readonly string[];
  /** One line for `pfw ops` and the docs. */
  description: string;
  /** Where the step runs unless the YAML says otherwise. */
  resourceHint: ResourceHint;
  /**
   * Built-in I/O operations whose work is CPU-heavy (parsing, decoding): the engine runs them on
   * a pool worker when one is free, so independent reads overlap and the table is born where the
   * next CPU step runs; they still count against io_threads. Only for operations a worker can
   * load (built-ins, or with a `source`) and that leave nothing behind if their worker is
   * terminated mid-run (so not writers). A function decides per step, before the run, from the
   * step's params and the pipeline's folder (the readers offload only inputs of 1 MiB or more:
   * a small file is read on main sooner than a worker receives the job).
   */
  offload?: boolean | ((params: Record<string, unknown>, baseDir: string) => boolean);
  /** Accepted params; unknown ones are validation errors. */
  params: Record<string, ParamSchema>;
  /** Accept params not listed in `params` (custom operations that declare none). */
  openParams?: boolean;
  /** Names of required params. */
  required?: readonly string[];
  /** How many input tables it needs at least (0 for readers). */
  minInputs?: number;
  /** Extra checks of params before the run (e.g. parse an expression); return messages keyed by param. */
  check?(params: Record<string, unknown>): { param: string; message: string; hint?: string }[];
  /** Output columns from input columns, or undefined when they can't be known before the run. */
  columns?(ctx: ColumnContext): string[] | undefined | Promise<string[] | undefined>;
  /**
   * The columns the operation reads of its inputs (of each: a join says what
   * it reads of both sides), given the columns of its output that later steps
   * read (`used`; undefined: all of them). Return undefined when it may read
   * any column. The engine follows these back through the DAG and tells
   * readers which columns nobody reads ({@link OpContext.columnsUsed}).
   * Operations without it count as reading everything.
   */
  inputColumns?(params: Record<string, unknown>, used: ReadonlySet<string> | undefined): Iterable<string> | undefined;
  /**
   * How many leading rows of its input (its `input`, the first dependency
   * unless `params.input` names another) the operation reads, given how many
   * leading rows of its own output later steps read (`used`; undefined:
   * all). Return undefined when it may read any row. The engine follows these
   * back through the DAG ({@link OpContext.rowsUsed}); operations without it
   * count as reading every row of every input.
   */
  inputRows?(params: Record<string, unknown>, used: number | undefined): number | undefined;
  /**
   * Starts slow set-up in the background (e.g. compiling a wasm module), once
   * per run that uses the operation, the first time no step runs on the main
   * thread. Must not block for long; failures are reported when the step runs.
   */
  prepare?(): void;
  /** Does the work. */
  run(ctx: OpContext): OpOutput | Promise<OpOutput>;
  /** For operations from a user's module: its file URL and export name, so workers can import it. */
  source?: { moduleUrl: string; exportName: string };
}
