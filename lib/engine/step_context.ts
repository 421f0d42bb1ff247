/**
 * The {@link OpContext} of a step running on the main thread. Cheap to make:
 * `inputs`, `progress` and `log` are built on first use only (noop steps never
 * touch them), and they stay correct when destructured.
 *
 * @module
 */
import type { OpContext } from "../operation.ts";
import type { Table } from "../types.ts";

/** What a {@link StepContext} asks of the run. */
export interface ContextHost {
  /** Every input table of step `id` by producing step name, in depends_on order. */
  inputsOf(id: number): Record<string, Table>;
  /** `ctx.progress(f)`. */
  reportProgress(id: number, attempt: number, fraction: number): void;
  /** `ctx.log(message)`. */
  reportLog(id: number, message: string): void;
}

/** A main-thread step's context. */
export class StepContext implements OpContext {
  readonly params: Record<string, unknown>;
  readonly input: Table | undefined;
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly step: string;
  readonly baseDir: string;
  readonly columnsUsed: readonly string[] | undefined;
  readonly rowsUsed: number | undefined;
  readonly #host: ContextHost;
  readonly #id: number;
  #inputs?: Record<string, Table>;
  #progress?: (fraction: number) => void;
  #log?: (message: string) => void;

  /** Made by the run for each attempt. */
  constructor(
    host: ContextHost,
    id: number,
    step: string,
    params: Record<string, unknown>,
    input: Table | undefined,
    signal: AbortSignal,
    attempt: number,
    baseDir: string,
    columnsUsed?: readonly string[],
    rowsUsed?: number,
  ) {
    this.#host = host;
    this.#id = id;
    this.step = step;
    this.params = params;
    this.input = input;
    this.signal = signal;
    this.attempt = attempt;
    this.baseDir = baseDir;
    this.columnsUsed = columnsUsed;
    this.rowsUsed = rowsUsed;
  }

  /** Every input table by the name of the step that made it. */
  get inputs(): Record<string, Table> {
    return this.#inputs ??= this.#host.inputsOf(this.#id);
  }

  /** Reports the fraction done, 0..1 (throttled by the run). */
  get progress(): (fraction: number) => void {
    return this.#progress ??= (fraction: number) => this.#host.reportProgress(this.#id, this.attempt, fraction);
  }

  /** Writes a line to the step's log. */
  get log(): (message: string) => void {
    return this.#log ??= (message: string) => this.#host.reportLog(this.#id, String(message));
  }
}
