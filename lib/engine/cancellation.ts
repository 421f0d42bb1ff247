/**
 * Cancelling a run from outside: a {@link CancellationToken} is handed to a
 * run (its `signal` goes into `RunOptions.signal`) and cancelled from anywhere.
 *
 * @module
 */
import { CancelledError } from "../errors.ts";

/**
 * A one-shot switch that cancels whatever listens to its {@link signal}.
 *
 * @example
 * ```ts
 * const token = new CancellationToken();
 * const result = runPipeline(spec, { registry, signal: token.signal });
 * setTimeout(() => token.cancel("user pressed Ctrl-C"), 1000);
 * (await result).status; // "cancelled" if it was still running
 * ```
 */
export class CancellationToken {
  #controller = new AbortController();

  /** Creates a token that is not cancelled yet. */
  constructor() {}

  /**
   * Cancels: the signal aborts with a {@link CancelledError} carrying `reason`.
   * Calling it again does nothing.
   */
  cancel(reason = "cancelled"): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(new CancelledError(reason));
  }

  /** Aborts when {@link cancel} is called; its `reason` is a {@link CancelledError}. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether {@link cancel} has been called. */
  get cancelled(): boolean {
    return this.#controller.signal.aborted;
  }
}
