/**
 * What the step runners (local_steps.ts for the main thread,
 * remote_steps.ts for workers) need from the executor that owns the run.
 *
 * @module
 */
import type { EventSink } from "./progress.ts";
import type { RunState } from "./run_state.ts";

/** The executor, as seen by a step runner. */
export interface AttemptHost {
  readonly state: RunState;
  /** Present when the caller listens to events. */
  readonly events?: EventSink;
  /** The run is being cancelled. */
  readonly cancelled: boolean;
  /** Why, for the steps' errors. */
  readonly cancelMessage: string;
  /** Whether `gen` is still the running attempt of step `id`. */
  isCurrent(id: number, gen: number): boolean;
  /** Starts the hard timeout of the running attempt (if the step has one). */
  armTimeout(id: number, gen: number): void;
  /** Frees the slot, timer and controller of the running attempt. */
  endAttempt(id: number): void;
  /** The attempt succeeded: its slot is freed and its output recorded in the store. */
  succeeded(id: number, rows: number): void;
  /** The attempt failed (ignored when `gen` is stale): retry, fail or cancel. */
  attemptFailed(id: number, gen: number, error: unknown): void;
  /** An input vanished while it was gathered (its worker died): undo the attempt and re-make the input. */
  inputLost(id: number, gen: number): void;
  /** `ctx.log(message)` of step `id`. */
  log(id: number, message: string): void;
}
