/**
 * Collects step attempts from progress events, in memory, for the run store
 * to write once the run ends. One Map lookup per event: cheap enough to sit
 * on every event of a 100k-step run.
 *
 * @module
 */
import type { ProgressEvent } from "../types.ts";

/** One try of one step. Times are epoch milliseconds. */
export interface AttemptRecord {
  /** The step's name. */
  step: string;
  /** 1-based. */
  attempt: number;
  /** When the attempt started. */
  startedAt?: number;
  /** When it ended; undefined while running. */
  endedAt?: number;
  /** "completed", "failed", "cancelled", or "running" when the run stopped before it ended. */
  status: string;
  /** Why it failed. */
  error?: string;
}

/**
 * Turns a run's {@link ProgressEvent}s into {@link AttemptRecord}s.
 *
 * @example
 * ```ts
 * const rec = new AttemptRecorder(Date.now());
 * rec.onEvent({ step: "a", status: "running", attempt: 1, progress: 0, elapsedMs: 1 });
 * rec.onEvent({ step: "a", status: "completed", attempt: 1, progress: 1, elapsedMs: 5 });
 * rec.records(); // [{ step: "a", attempt: 1, status: "completed", ... }]
 * ```
 */
export class AttemptRecorder {
  #startedAt: number;
  #open = new Map<string, AttemptRecord>();
  #done: AttemptRecord[] = [];

  /** `runStartedAt`: epoch ms that the events' `elapsedMs` count from. */
  constructor(runStartedAt: number) {
    this.#startedAt = runStartedAt;
  }

  /** Feeds one event. */
  onEvent(e: ProgressEvent): void {
    const open = this.#open.get(e.step);
    if (e.status === "running") {
      if (open && open.attempt === e.attempt) return; // a progress report
      if (open) this.#close(open, "failed", e.elapsedMs);
      this.#open.set(e.step, { step: e.step, attempt: e.attempt, startedAt: this.#startedAt + e.elapsedMs, status: "running" });
    } else if (
      open && (e.status === "retrying" || e.status === "completed" || e.status === "failed" || e.status === "cancelled")
    ) {
      this.#open.delete(e.step);
      this.#close(open, e.status === "retrying" ? "failed" : e.status, e.elapsedMs, e.error);
    }
  }

  /** Every attempt seen so far; attempts still open are listed with status "running". */
  records(): AttemptRecord[] {
    return [...this.#done, ...this.#open.values()];
  }

  #close(rec: AttemptRecord, status: string, elapsedMs: number, error?: string): void {
    rec.status = status;
    rec.endedAt = this.#startedAt + elapsedMs;
    if (error !== undefined) rec.error = error;
    this.#done.push(rec);
  }
}
