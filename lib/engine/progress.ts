/**
 * Progress events: one {@link ProgressEvent} per state change, plus
 * throttled "running" events for `ctx.progress(f)` (at most one per step every
 * {@link PROGRESS_INTERVAL_MS}; a fraction of 1 always goes through, and a
 * held-back fraction is sent before the step's final event).
 *
 * Only created when the caller listens, so a run without `onEvent`
 * allocates no event objects.
 *
 * @module
 */
import type { ProgressEvent, StepStatus } from "../types.ts";

/** Minimum time between two progress events of one step. */
export const PROGRESS_INTERVAL_MS = 50;

/** Extra fields of an event. */
export interface EventExtra {
  rows?: number;
  error?: string;
  delayMs?: number;
}

/** Builds and delivers the events of one run. */
export class EventSink {
  readonly #on: (e: ProgressEvent) => void;
  readonly #names: readonly string[];
  readonly #t0: number;
  readonly #lastAt: Float64Array;
  /** Fraction waiting to be sent (NaN: none). */
  readonly #pending: Float64Array;
  /** Latest fraction per step. */
  readonly #frac: Float64Array;
  #warned = false;

  /** `t0` is the run's start (performance.now()). */
  constructor(names: readonly string[], onEvent: (e: ProgressEvent) => void, t0: number) {
    this.#on = onEvent;
    this.#names = names;
    this.#t0 = t0;
    const n = names.length;
    this.#lastAt = new Float64Array(n).fill(-Infinity);
    this.#pending = new Float64Array(n).fill(NaN);
    this.#frac = new Float64Array(n);
  }

  /** Emits a state change of step `id`. */
  emit(id: number, status: StepStatus, attempt: number, extra?: EventExtra): void {
    if (status === "running") this.#frac[id] = 0;
    else if (status === "completed") this.#frac[id] = 1;
    else if (status === "queued") this.#frac[id] = 0;
    if (status !== "running" && status !== "queued" && !Number.isNaN(this.#pending[id])) this.flush(id, attempt);
    const e: ProgressEvent = {
      step: this.#names[id],
      status,
      attempt,
      progress: this.#frac[id],
      elapsedMs: performance.now() - this.#t0,
    };
    if (extra) {
      if (extra.rows !== undefined && !Number.isNaN(extra.rows)) e.rows = extra.rows;
      if (extra.error !== undefined) e.error = extra.error;
      if (extra.delayMs !== undefined) e.delayMs = extra.delayMs;
    }
    this.#deliver(e);
  }

  /** `ctx.progress(f)` of step `id`: a throttled "running" event. */
  progress(id: number, attempt: number, fraction: number): void {
    const f = Math.min(1, Math.max(0, Number(fraction) || 0));
    const now = performance.now();
    if (f >= 1 || now - this.#lastAt[id] >= PROGRESS_INTERVAL_MS) {
      this.#lastAt[id] = now;
      this.#pending[id] = NaN;
      this.#frac[id] = f;
      this.#deliver({ step: this.#names[id], status: "running", attempt, progress: f, elapsedMs: now - this.#t0 });
    } else {
      this.#pending[id] = f;
    }
  }

  /** Sends a held-back fraction of step `id`, if any. */
  flush(id: number, attempt: number): void {
    const f = this.#pending[id];
    if (Number.isNaN(f)) return;
    this.#pending[id] = NaN;
    this.#frac[id] = f;
    this.#lastAt[id] = performance.now();
    this.#deliver({ step: this.#names[id], status: "running", attempt, progress: f, elapsedMs: this.#lastAt[id] - this.#t0 });
  }

  #deliver(e: ProgressEvent): void {
    try {
      this.#on(e);
    } catch (error) {
      // A listener's bug must not corrupt the run's state; say it once.
      if (!this.#warned) {
        this.#warned = true;
        console.error(`pfw: the onEvent listener threw (further errors are not shown): ${error}`);
      }
    }
  }
}
