import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { defaultDbPath, RunStore } from "../lib/store/run_store.ts";
import { AttemptRecorder } from "../lib/store/attempt_recorder.ts";
import type { ProgressEvent, RunResult } from "../lib/types.ts";

function result(status: RunResult["status"]): RunResult {
  return {
    runId: "engine-id",
    status,
    startedAt: 1000,
    durationMs: 250.5,
    steps: [
      { name: "load", status: "completed", attempts: 1, durationMs: 10, rows: 100 },
      { name: "flaky", status: "failed", attempts: 3, durationMs: 200, error: "boom" },
      { name: "after", status: "skipped", attempts: 0, durationMs: 0 },
    ],
  };
}

Deno.test("run store records the start, then the outcome, steps and attempts of a run", () => {
  const store = RunStore.open(":memory:");
  try {
    store.startRun({ id: "r1", pipeline: "/p/pipeline.yml", engine: "parallel", startedAt: 1000, stepCount: 3 });
    assert.equal(store.listRuns()[0].status, "running");
    const attempts = [
      { step: "load", attempt: 1, startedAt: 1001, endedAt: 1011, status: "completed" },
      { step: "flaky", attempt: 1, startedAt: 1012, endedAt: 1050, status: "failed", error: "boom" },
    ];
    store.finishRun("r1", result("failed"), attempts);
    const [run] = store.listRuns();
    assert.deepEqual(run, {
      id: "r1",
      pipeline: "/p/pipeline.yml",
      status: "failed",
      startedAt: 1000,
      durationMs: 250.5,
      engine: "parallel",
      stepCount: 3,
    });
    assert.deepEqual(store.steps("r1").map((s) => [s.name, s.status, s.attempts, s.rows, s.error]), [
      ["load", "completed", 1, 100, null],
      ["flaky", "failed", 3, null, "boom"],
      ["after", "skipped", 0, null, null],
    ]);
    assert.deepEqual(store.attempts("r1"), attempts.map((a) => ({ error: undefined, ...a })));
  } finally {
    store.close();
  }
});

Deno.test("run store lists newest first, filters by pipeline and honours the limit", () => {
  const store = RunStore.open(":memory:");
  try {
    for (let i = 0; i < 5; i++) {
      store.startRun({ id: `r${i}`, pipeline: i % 2 ? "/a.yml" : "/b.yml", engine: "sequential", startedAt: 1000 + i });
    }
    assert.deepEqual(store.listRuns().map((r) => r.id), ["r4", "r3", "r2", "r1", "r0"]);
    assert.deepEqual(store.listRuns({ pipeline: "/a.yml" }).map((r) => r.id), ["r3", "r1"]);
    assert.deepEqual(store.listRuns({ limit: 2 }).map((r) => r.id), ["r4", "r3"]);
    assert.throws(() => store.listRuns({ limit: 0 }), RangeError);
  } finally {
    store.close();
  }
});

Deno.test("run store creates its folder and keeps runs across opens", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-store-"));
  try {
    const path = defaultDbPath(join(dir, "pipeline.yml"));
    assert.equal(path, join(dir, ".pfw", "pfw.db"));
    const a = RunStore.open(path);
    a.startRun({ id: "x", engine: "parallel", startedAt: 5 });
    a.finishRun("x", result("completed"));
    a.close();
    assert.ok(existsSync(path));
    const b = RunStore.open(path);
    assert.equal(b.listRuns()[0].status, "completed");
    assert.equal(b.steps("x").length, 3);
    b.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("attempt recorder turns retries and progress reports into one record per attempt", () => {
  const rec = new AttemptRecorder(10_000);
  const ev = (status: ProgressEvent["status"], attempt: number, elapsedMs: number, error?: string): ProgressEvent => ({
    step: "s",
    status,
    attempt,
    progress: 0,
    elapsedMs,
    error,
  });
  rec.onEvent(ev("queued", 0, 0));
  rec.onEvent(ev("running", 1, 1));
  rec.onEvent(ev("running", 1, 2)); // progress report, same attempt
  rec.onEvent(ev("retrying", 1, 5, "flaky"));
  rec.onEvent(ev("running", 2, 105));
  rec.onEvent(ev("completed", 2, 110));
  rec.onEvent({ step: "t", status: "running", attempt: 1, progress: 0, elapsedMs: 50 });
  assert.deepEqual(rec.records(), [
    { step: "s", attempt: 1, startedAt: 10_001, endedAt: 10_005, status: "failed", error: "flaky" },
    { step: "s", attempt: 2, startedAt: 10_105, endedAt: 10_110, status: "completed" },
    { step: "t", attempt: 1, startedAt: 10_050, status: "running" },
  ]);
});
