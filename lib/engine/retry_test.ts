import assert from "node:assert/strict";
import { abortableSleep, backoffDelay } from "./retry.ts";
import type { RetryPolicy } from "../types.ts";
import { CancelledError } from "../errors.ts";

const list = (ms: number[]): RetryPolicy => ({ maxAttempts: 10, backoff: { kind: "list", ms } });

Deno.test("backoffDelay: the wait before try k+1 is ms[k-1], the last value repeating", () => {
  const p = list([100, 500, 2000]);
  assert.deepEqual([1, 2, 3, 4, 5].map((k) => backoffDelay(p, k)), [100, 500, 2000, 2000, 2000]);
  assert.equal(backoffDelay(list([]), 3), 0);
});

Deno.test("backoffDelay: exponential grows by the multiplier up to maxMs", () => {
  const p: RetryPolicy = { maxAttempts: 10, backoff: { kind: "exponential", initialMs: 10, multiplier: 3, maxMs: 200, jitter: false } };
  assert.deepEqual([1, 2, 3, 4, 5].map((k) => backoffDelay(p, k)), [10, 30, 90, 200, 200]);
  assert.equal(backoffDelay(p, 5000), 200);
});

Deno.test("backoffDelay: jitter draws from [d/2, d]", () => {
  const p: RetryPolicy = { maxAttempts: 10, backoff: { kind: "exponential", initialMs: 100, multiplier: 2, maxMs: 1000, jitter: true } };
  assert.equal(backoffDelay(p, 2, () => 0), 100);
  assert.equal(backoffDelay(p, 2, () => 0.5), 150);
  assert.ok(backoffDelay(p, 2, () => 0.999999) <= 200);
});

Deno.test("abortableSleep resolves after the wait and rejects at once on abort", async () => {
  await abortableSleep(1);
  const ctl = new AbortController();
  const sleeping = abortableSleep(60_000, ctl.signal);
  ctl.abort(new CancelledError("stop"));
  await assert.rejects(sleeping, (e: Error) => e instanceof CancelledError && e.message === "stop");
  await assert.rejects(abortableSleep(10, ctl.signal), CancelledError);
});
