import assert from "node:assert/strict";
import { runPipeline } from "../lib/engine/run.ts";
import { CancellationToken } from "../lib/engine/cancellation.ts";
import { TimeoutError } from "../lib/errors.ts";
import type { ProgressEvent } from "../lib/types.ts";
import { makePipeline } from "./fixtures/engine/pipeline.ts";
import { inlineOp, testRegistry } from "./fixtures/engine/registry.ts";

/** A sleep hook that records the requested waits and returns at once. */
function fakeSleep() {
  const waits: number[] = [];
  const sleep = (ms: number, signal: AbortSignal) => {
    waits.push(ms);
    return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  };
  return { waits, sleep };
}

const failUntil = inlineOp("fail_until", (ctx) => {
  if (ctx.attempt < Number(ctx.params.succeedOn ?? Infinity)) throw new Error(`failure ${ctx.attempt}`);
  return [{ attempt: ctx.attempt }];
});

Deno.test("retries wait ms[k-1] before try k+1, the last value repeating, and emit retrying events", async () => {
  const { waits, sleep } = fakeSleep();
  const events: ProgressEvent[] = [];
  const spec = makePipeline([{
    name: "flaky",
    operation: "fail_until",
    params: { succeedOn: 5 },
    retry: { maxAttempts: 5, backoff: { kind: "list", ms: [100, 500, 2000] } },
  }]);
  const result = await runPipeline(spec, { registry: testRegistry([failUntil]), hooks: { sleep }, onEvent: (e) => events.push(e) });
  assert.equal(result.status, "completed");
  assert.equal(result.steps[0].attempts, 5);
  assert.equal(result.steps[0].error, undefined);
  assert.deepEqual(waits, [100, 500, 2000, 2000]);
  const retrying = events.filter((e) => e.status === "retrying");
  assert.deepEqual(retrying.map((e) => [e.attempt, e.delayMs, e.error]), [
    [1, 100, "failure 1"],
    [2, 500, "failure 2"],
    [3, 2000, "failure 3"],
    [4, 2000, "failure 4"],
  ]);
  assert.deepEqual(events.map((e) => e.status), [
    "queued", "running", "retrying", "queued", "running", "retrying", "queued", "running",
    "retrying", "queued", "running", "retrying", "queued", "running", "completed",
  ]);
});

Deno.test("max_attempts counts every try: a step that always fails is tried exactly max_attempts times", async () => {
  const { waits, sleep } = fakeSleep();
  const spec = makePipeline([
    { name: "bad", operation: "fail_until", retry: { maxAttempts: 3, backoff: { kind: "list", ms: [7] } } },
    { name: "after", dependsOn: ["bad"] },
  ]);
  const result = await runPipeline(spec, { registry: testRegistry([failUntil]), hooks: { sleep } });
  assert.equal(result.status, "failed");
  assert.equal(result.steps[0].attempts, 3);
  assert.equal(result.steps[0].error, "failure 3");
  assert.deepEqual(waits, [7, 7]);
  assert.equal(result.steps[1].status, "skipped");
});

Deno.test("exponential backoff with jitter uses the injected random source", async () => {
  const { waits, sleep } = fakeSleep();
  const spec = makePipeline([{
    name: "flaky",
    operation: "fail_until",
    params: { succeedOn: 5 },
    retry: { maxAttempts: 5, backoff: { kind: "exponential", initialMs: 100, multiplier: 2, maxMs: 300, jitter: true } },
  }]);
  await runPipeline(spec, { registry: testRegistry([failUntil]), hooks: { sleep, random: () => 0 } });
  assert.deepEqual(waits, [50, 100, 150, 150]);
});

Deno.test("retries apply to worker steps too", async () => {
  const { waits, sleep } = fakeSleep();
  const spec = makePipeline([{
    name: "w",
    operation: "flaky",
    resourceHint: "cpu_bound",
    params: { succeedOn: 3 },
    retry: { maxAttempts: 4, backoff: { kind: "list", ms: [1, 2] } },
  }]);
  const result = await runPipeline(spec, { registry: testRegistry(), hooks: { sleep } });
  assert.equal(result.status, "completed");
  assert.equal(result.steps[0].attempts, 3);
  assert.deepEqual(waits, [1, 2]);
});

Deno.test("cancellation interrupts a backoff wait at once", async () => {
  const token = new CancellationToken();
  const spec = makePipeline([
    { name: "bad", operation: "fail_until", retry: { maxAttempts: 3, backoff: { kind: "list", ms: [60_000] } } },
    { name: "after", dependsOn: ["bad"] },
  ]);
  const result = await runPipeline(spec, {
    registry: testRegistry([failUntil]),
    signal: token.signal,
    onEvent: (e) => e.status === "retrying" && token.cancel("stop now"),
  });
  assert.equal(result.status, "cancelled");
  assert.equal(result.steps[0].status, "cancelled");
  assert.equal(result.steps[0].attempts, 1);
  assert.equal(result.steps[0].error, "stop now");
  assert.equal(result.steps[1].status, "cancelled");
  assert.ok(result.durationMs < 60_000);
});

Deno.test("an I/O step that ignores its signal still fails at its timeout, with a TimeoutError on its signal", async () => {
  const signals: AbortSignal[] = [];
  const registry = testRegistry([inlineOp("hang", (ctx) => {
    signals.push(ctx.signal);
    return new Promise<undefined>(() => {}); // never settles, ignores the signal
  })]);
  const { waits, sleep } = fakeSleep();
  const spec = makePipeline([
    { name: "h", operation: "hang", timeoutMs: 20, retry: { maxAttempts: 2, backoff: { kind: "list", ms: [5] } } },
    { name: "after", dependsOn: ["h"] },
  ]);
  const result = await runPipeline(spec, { registry, hooks: { sleep } });
  assert.equal(result.status, "failed");
  assert.equal(result.steps[0].attempts, 2);
  assert.match(result.steps[0].error!, /timed out after 20 ms; raise timeout_ms/);
  assert.deepEqual(waits, [5]);
  assert.equal(signals.length, 2);
  for (const s of signals) {
    assert.equal(s.aborted, true);
    assert.ok(s.reason instanceof TimeoutError);
  }
  assert.equal(result.steps[1].status, "skipped");
});

Deno.test("settings.timeoutMs applies to steps without their own, and the sleep op stops at it", async () => {
  const spec = makePipeline([{ name: "s", operation: "sleep", params: { ms: 60_000 } }], { timeoutMs: 30 });
  const result = await runPipeline(spec, { registry: testRegistry() });
  assert.equal(result.status, "failed");
  assert.match(result.steps[0].error!, /"s" timed out after 30 ms/);
});

Deno.test("steps without a timeout share the run's signal, which stays quiet on success", async () => {
  const signals: AbortSignal[] = [];
  const registry = testRegistry([inlineOp("grab", (ctx) => {
    signals.push(ctx.signal);
  })]);
  const result = await runPipeline(makePipeline([{ name: "a", operation: "grab" }, { name: "b", operation: "grab" }]), { registry });
  assert.equal(result.status, "completed");
  assert.equal(signals[0], signals[1]);
  assert.equal(signals[0].aborted, false);
});
