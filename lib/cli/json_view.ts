/**
 * `pfw run --json`: one JSON object per line on stdout. The last line is
 * always `run_finished`:
 *
 * ```json
 * {"event":"run_finished","status":"completed","run_id":"…","steps":{"load":{"status":"completed","attempts":1,"duration_ms":12.5,"rows":100}}}
 * ```
 *
 * @module
 */
import type { ProgressEvent, RunResult } from "../types.ts";
import type { RunView, RunViewInit } from "./progress_view.ts";
import { BufferedWriter } from "./io.ts";

/** Writes every event as an NDJSON line. */
export class JsonView implements RunView {
  #init: RunViewInit;
  #out: BufferedWriter;

  /** See {@link RunViewInit}. */
  constructor(init: RunViewInit) {
    this.#init = init;
    this.#out = new BufferedWriter(init.io.out);
  }

  #line(obj: unknown): void {
    this.#out.write(JSON.stringify(obj) + "\n");
  }

  start(): void {
    const { runId, file, engine, steps } = this.#init;
    this.#line({ event: "run_started", run_id: runId, pipeline: file ?? null, engine, steps: steps.map((s) => s.name) });
  }

  onEvent(e: ProgressEvent): void {
    const line: Record<string, unknown> = {
      event: "step",
      step: e.step,
      status: e.status,
      attempt: e.attempt,
      progress: e.progress,
      elapsed_ms: ms(e.elapsedMs),
    };
    if (e.rows !== undefined) line.rows = e.rows;
    if (e.error !== undefined) line.error = e.error;
    if (e.delayMs !== undefined) line.delay_ms = e.delayMs;
    this.#line(line);
  }

  onLog(step: string, message: string): void {
    this.#line({ event: "log", step, message });
  }

  onCancelRequested(reason: string): void {
    this.#line({ event: "cancel_requested", reason });
    this.#out.flush();
  }

  finish(result: RunResult): void {
    this.#line(runFinishedLine(result));
    this.#out.flush();
  }

  close(): void {
    this.#out.flush();
  }
}

/** The `run_finished` object, exactly as documented. */
export function runFinishedLine(result: RunResult): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const s of result.steps) {
    steps[s.name] = { status: s.status, attempts: s.attempts, duration_ms: ms(s.durationMs), rows: s.rows ?? null };
  }
  return { event: "run_finished", status: result.status, run_id: result.runId, steps };
}

/** Milliseconds rounded to microseconds, so lines stay short. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}
