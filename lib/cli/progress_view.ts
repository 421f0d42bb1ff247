/**
 * What `pfw run` prints while a pipeline runs. One interface, four views:
 * a live per-step view on a terminal ({@link TtyView}), one plain line per
 * state change otherwise, only the summary under `--quiet`, and NDJSON
 * events under `--json`.
 *
 * @module
 */
import type { ProgressEvent, RunResult } from "../types.ts";
import { BufferedWriter, type CliIO } from "./io.ts";
import type { Style } from "./style.ts";
import { formatDuration, formatRows, indentRest } from "./format.ts";
import { formatSummary, statusMark } from "./summary.ts";
import { TtyView } from "./tty_view.ts";
import { JsonView } from "./json_view.ts";

/** A step as the views list it. */
export interface StepInfo {
  name: string;
  operation: string;
  resourceHint: string;
}

/** What every view is built from. */
export interface RunViewInit {
  io: CliIO;
  style: Style;
  steps: StepInfo[];
  runId: string;
  engine: string;
  /** The pipeline file as the user typed it. */
  file?: string;
}

/** Receives a run's events and prints them. */
export interface RunView {
  /** The run is about to start. */
  start(): void;
  /** A step changed state or reported progress. */
  onEvent(event: ProgressEvent): void;
  /** A step wrote a log line. */
  onLog(step: string, message: string): void;
  /** The user asked to cancel (first SIGINT). */
  onCancelRequested(reason: string): void;
  /** The run ended: print the summary. */
  finish(result: RunResult): void;
  /** Stop timers and restore the terminal; safe to call twice. */
  close(): void;
}

/** Which view to use. */
export type ViewMode = "tty" | "plain" | "quiet" | "json";

/** The view for the flags and the terminal: json > quiet > tty (when stdout is a terminal) > plain. */
export function chooseViewMode(options: { json?: boolean; quiet?: boolean; isTTY: boolean }): ViewMode {
  if (options.json) return "json";
  if (options.quiet) return "quiet";
  return options.isTTY ? "tty" : "plain";
}

/** Creates the view for `mode`. */
export function createRunView(mode: ViewMode, init: RunViewInit): RunView {
  switch (mode) {
    case "tty":
      return new TtyView(init);
    case "json":
      return new JsonView(init);
    case "quiet":
      return new QuietView(init);
    case "plain":
      return new PlainView(init);
  }
}

/** One line per state change; progress reports within a state are not printed. */
export class PlainView implements RunView {
  #init: RunViewInit;
  #last = new Map<string, string>();
  #out: BufferedWriter;

  /** See {@link RunViewInit}. */
  constructor(init: RunViewInit) {
    this.#init = init;
    this.#out = new BufferedWriter(init.io.out);
  }

  start(): void {
    const { style, steps, file, engine } = this.#init;
    this.#out.write(style.bold(`pfw run ${file ?? "(pipeline)"}`) + style.dim(` · ${steps.length} steps · ${engine}`) + "\n");
  }

  onEvent(e: ProgressEvent): void {
    const key = `${e.status}:${e.attempt}`;
    if (this.#last.get(e.step) === key) return;
    this.#last.set(e.step, key);
    const { style } = this.#init;
    const time = style.dim(`[${formatDuration(e.elapsedMs).padStart(8)}]`);
    this.#out.write(`${time} ${statusMark(e.status, style)} ${e.step} ${indentRest(describe(e), "             ")}\n`);
  }

  onLog(step: string, message: string): void {
    this.#out.write(`${this.#init.style.dim(`[${step}]`)} ${message}\n`);
  }

  onCancelRequested(reason: string): void {
    this.#out.flush();
    this.#init.io.err(`${reason}: cancelling; press Ctrl-C again to stop at once\n`);
  }

  finish(result: RunResult): void {
    this.#out.write(formatSummary(result, { style: this.#init.style, table: false }));
    this.#out.flush();
  }

  close(): void {
    this.#out.flush();
  }
}

/** Prints nothing while running; at the end, failed steps and one closing line. */
export class QuietView implements RunView {
  #init: RunViewInit;

  /** See {@link RunViewInit}. */
  constructor(init: RunViewInit) {
    this.#init = init;
  }
  start(): void {}
  onEvent(): void {}
  onLog(): void {}
  onCancelRequested(reason: string): void {
    this.#init.io.err(`${reason}: cancelling; press Ctrl-C again to stop at once\n`);
  }
  finish(result: RunResult): void {
    this.#init.io.out(formatSummary(result, { style: this.#init.style, table: false }));
  }
  close(): void {}
}

/** The words after a step's name in a plain line: `running (attempt 2)`, `completed in 1.2 s, 10 rows`. */
export function describe(e: ProgressEvent): string {
  switch (e.status) {
    case "running":
      return e.attempt > 1 ? `running (attempt ${e.attempt})` : "running";
    case "retrying":
      return `retrying: attempt ${e.attempt} failed: ${e.error ?? "error"}` +
        (e.delayMs !== undefined ? `; next try in ${formatDuration(e.delayMs)}` : "");
    case "completed": {
      const rows = formatRows(e.rows);
      return `completed${rows ? `, ${rows}` : ""}`;
    }
    case "failed":
      return `failed${e.attempt > 1 ? ` after ${e.attempt} attempts` : ""}: ${e.error ?? "error"}`;
    default:
      return e.status;
  }
}
