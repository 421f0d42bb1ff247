/**
 * Waiting between attempts: how long ({@link backoffDelay}) and a wait that
 * cancellation interrupts ({@link abortableSleep}).
 *
 * @module
 */
import type { RetryPolicy } from "../types.ts";
import { CancelledError } from "../errors.ts";

/**
 * The wait before the next try, after `failedAttempts` tries have failed (1-based).
 *
 * - `list`: the wait before try k+1 is `ms[k-1]`; past the end the last value repeats; an empty list waits 0.
 * - `exponential`: `initialMs × multiplier^(k-1)`, capped at `maxMs`; with `jitter` the wait is drawn
 *   uniformly from [d/2, d] ("equal jitter") so that retries of many steps spread out.
 *
 * @param random source of [0, 1) numbers, for jitter (injectable in tests)
 */
export function backoffDelay(policy: RetryPolicy, failedAttempts: number, random: () => number = Math.random): number {
  const k = Math.max(1, failedAttempts);
  const b = policy.backoff;
  if (b.kind === "list") {
    if (b.ms.length === 0) return 0;
    return Math.max(0, b.ms[Math.min(k, b.ms.length) - 1]);
  }
  let d = b.initialMs * Math.pow(b.multiplier, k - 1);
  if (!(d <= b.maxMs)) d = b.maxMs; // also catches Infinity/NaN from huge exponents
  d = Math.max(0, d);
  return b.jitter ? d * (0.5 + 0.5 * random()) : d;
}

/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` (a
 * {@link CancelledError} when none was given) as soon as `signal` aborts.
 * The timer is always cleared: nothing keeps running after an abort.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new CancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
