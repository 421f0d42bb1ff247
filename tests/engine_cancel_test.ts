import assert from "node:assert/strict";
import { mkdtemp, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline } from "../lib/engine/run.ts";
import { CancellationToken } from "../lib/engine/cancellation.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import type { OpContext } from "../lib/operation.ts";
import type { ProgressEvent } from "../lib/types.ts";
import { makePipeline } from "./fixtures/engine/pipeline.ts";
import { inlineOp, testRegistry } from "./fixtures/engine/registry.ts";

/** Cancels `token` just after `step` has started (the listener runs before the operation is invoked). */
const cancelOn = (token: CancellationToken, step: string) => (e: ProgressEvent) => {
  if (e.step === step && e.status === "running") queueMicrotask(() => token.cancel(`cancelled at ${step}`));
};

Deno.test("a run cancelled before it starts runs nothing and starts no worker", async () => {
  const token = new CancellationToken();
  token.cancel("never mind");
  const events: ProgressEvent[] = [];
  const spec = makePipeline([
    { name: "a", operation: "make_table", resourceHint: "cpu_bound" },
    { name: "b", dependsOn: ["a"] },
  ]);
  const pool = new WorkerPool({ size: 2 });
  const result = await runPipeline(spec, { registry: testRegistry(), signal: token.signal, onEvent: (e) => events.push(e), pool });
  assert.equal(pool.live, 0);
  pool.terminate();
  assert.equal(result.status, "cancelled");
  assert.deepEqual(result.steps.map((s) => [s.status, s.attempts]), [["cancelled", 0], ["cancelled", 0]]);
  assert.deepEqual(events.map((e) => e.status), ["cancelled", "cancelled"]);
});

Deno.test("a listener that cancels on a step's running event: that step never starts", async () => {
  const token = new CancellationToken();
  let ran = false;
  const registry = testRegistry([inlineOp("mark", () => {
    ran = true;
  })]);
  const spec = makePipeline([{ name: "m", operation: "mark" }]);
  const result = await runPipeline(spec, {
    registry,
    signal: token.signal,
    onEvent: (e) => e.status === "running" && token.cancel("at once"),
  });
  assert.equal(result.status, "cancelled");
  assert.equal(ran, false);
  assert.deepEqual([result.steps[0].status, result.steps[0].error], ["cancelled", "at once"]);
});

Deno.test("cancelling during an I/O step aborts its signal; it and everything pending end cancelled", async () => {
  const token = new CancellationToken();
  const spec = makePipeline([
    { name: "wait", operation: "sleep", params: { ms: 60_000 } },
    { name: "next", dependsOn: ["wait"] },
    { name: "done_before", operation: "noop" },
  ], { maxParallel: 1 });
  const result = await runPipeline(spec, { registry: testRegistry(), signal: token.signal, onEvent: cancelOn(token, "wait") });
  assert.equal(result.status, "cancelled");
  const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
  assert.equal(by.wait.status, "cancelled");
  assert.equal(by.wait.error, "cancelled at wait");
  assert.equal(by.next.status, "cancelled");
  assert.ok(result.durationMs < 60_000);
});

Deno.test("cancelling a CPU step right after it was sent: the worker drops the job", async () => {
  const token = new CancellationToken();
  const spec = makePipeline([{ name: "w", operation: "wait_for_cancel", resourceHint: "cpu_bound" }], { cancelGraceMs: 60_000 });
  const result = await runPipeline(spec, { registry: testRegistry(), signal: token.signal, onEvent: cancelOn(token, "w") });
  assert.equal(result.status, "cancelled");
  assert.deepEqual([result.steps[0].status, result.steps[0].error], ["cancelled", "cancelled at w"]);
  assert.ok(result.durationMs < 60_000);
});

Deno.test("cancelling during a cooperative CPU step: the worker aborts the step's signal", async () => {
  const token = new CancellationToken();
  const spec = makePipeline([{ name: "w", operation: "wait_for_cancel", resourceHint: "cpu_bound" }], { cancelGraceMs: 60_000 });
  const result = await runPipeline(spec, {
    registry: testRegistry(),
    signal: token.signal,
    onEvent: (e) => e.progress === 0.5 && token.cancel("stop while running"),
  });
  assert.equal(result.status, "cancelled");
  assert.deepEqual([result.steps[0].status, result.steps[0].error], ["cancelled", "stop while running"]);
  assert.ok(result.durationMs < 60_000);
});

Deno.test("cancelling during a CPU step that never yields terminates its worker after cancel_grace_ms", async () => {
  const token = new CancellationToken();
  const spec = makePipeline([
    { name: "spin", operation: "busy", resourceHint: "cpu_bound" },
    { name: "after", dependsOn: ["spin"] },
  ], { cancelGraceMs: 100 });
  const result = await runPipeline(spec, { registry: testRegistry(), signal: token.signal, onEvent: cancelOn(token, "spin") });
  assert.equal(result.status, "cancelled");
  assert.equal(result.steps[0].status, "cancelled");
  assert.match(result.steps[0].error!, /still running 100 ms after the cancel/);
  assert.equal(result.steps[1].status, "cancelled");
});

Deno.test("a main-thread step that ignores cancellation is abandoned after cancel_grace_ms", async () => {
  const token = new CancellationToken();
  const registry = testRegistry([inlineOp("deaf", () => new Promise<undefined>(() => {}))]);
  const spec = makePipeline([{ name: "deaf", operation: "deaf" }], { cancelGraceMs: 50 });
  const result = await runPipeline(spec, { registry, signal: token.signal, onEvent: cancelOn(token, "deaf") });
  assert.equal(result.status, "cancelled");
  assert.equal(result.steps[0].status, "cancelled");
});

Deno.test("a running step that finishes despite the cancel keeps its result", async () => {
  const token = new CancellationToken();
  const registry = testRegistry([inlineOp("stubborn", async () => {
    await new Promise((r) => setTimeout(r, 20));
    return [{ ok: true }];
  })]);
  const spec = makePipeline([{ name: "s", operation: "stubborn" }, { name: "t", dependsOn: ["s"] }]);
  const result = await runPipeline(spec, { registry, signal: token.signal, onEvent: cancelOn(token, "s") });
  assert.equal(result.status, "cancelled");
  assert.deepEqual(result.steps.map((s) => s.status), ["completed", "cancelled"]);
  assert.equal(result.steps[0].rows, 1);
});

/** Writes params.lines lines to a temporary name, awaiting between lines, then renames; removes the temporary file on abort. */
const writer = inlineOp("write_slowly", async (ctx: OpContext) => {
  const path = join(ctx.baseDir, String(ctx.params.path));
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  const file = await open(tmp, "w");
  try {
    for (let i = 0; i < Number(ctx.params.lines); i++) {
      ctx.signal.throwIfAborted();
      await file.write(`line ${i}\n`);
      ctx.progress(i / Number(ctx.params.lines));
      await new Promise((r) => setTimeout(r, 2));
    }
    await file.close();
    await rename(tmp, path);
  } catch (e) {
    await file.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
});

Deno.test("a writer cancelled mid-write leaves no file at all; finishing leaves only the whole file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "pfw-engine-"));
  try {
    const registry = testRegistry([writer]);
    const token = new CancellationToken();
    let lines = 0;
    const spec = makePipeline([{ name: "w", operation: "write_slowly", params: { path: "out.txt", lines: 1000 } }], {}, dir);
    const cancelled = await runPipeline(spec, {
      registry,
      signal: token.signal,
      onEvent: (e) => e.status === "running" && e.progress > 0 && ++lines === 2 && token.cancel("stop writing"),
    });
    assert.equal(cancelled.status, "cancelled");
    assert.deepEqual(await readdir(dir), []);

    const small = makePipeline([{ name: "w", operation: "write_slowly", params: { path: "out.txt", lines: 3 } }], {}, dir);
    const done = await runPipeline(small, { registry });
    assert.equal(done.status, "completed");
    assert.deepEqual(await readdir(dir), ["out.txt"]);
    assert.equal(await readFile(join(dir, "out.txt"), "utf8"), "line 0\nline 1\nline 2\n");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
