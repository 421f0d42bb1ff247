import assert from "node:assert/strict";
import { runPipeline } from "../lib/engine/run.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import type { ProgressEvent, Table } from "../lib/types.ts";
import { aq } from "../lib/deps.ts";
import { makePipeline } from "./fixtures/engine/pipeline.ts";
import { randomDag } from "./fixtures/engine/random_dag.ts";
import { inlineOp, testRegistry } from "./fixtures/engine/registry.ts";
import { threadName } from "./fixtures/engine/worker_ops.ts";
import { SlotSpyPool } from "./fixtures/engine/slot_spy_pool.ts";
import { limitsProbe } from "./fixtures/engine/limits_probe.ts";
import { lastDurations, recordedRun } from "../lib/api/recorded_run.ts";
import { loadPipeline } from "../lib/spec/load.ts";
import { createDefaultRegistry } from "../ops/mod.ts";
import { RunStore } from "../lib/store/run_store.ts";

/** Starts every worker of `pool` and waits until each has loaded (a run then sends offloaded steps to them). */
async function loaded<P extends WorkerPool>(pool: P, size: number): Promise<P> {
  pool.start();
  await Promise.all(Array.from({ length: size }, (_, i) => new Promise<void>((resolve) => pool.whenReady(i, resolve))));
  return pool;
}

/** Main-thread helpers: a table made on main, and a capture of whatever arrives. */
function mainOps() {
  const captured: Record<string, Record<string, unknown>[] | undefined> = {};
  const ops = [
    inlineOp("main_table", () => aq.table({ x: [1, 2, 3] })),
    inlineOp("capture", (ctx) => {
      captured[ctx.step] = ctx.input?.objects() as Record<string, unknown>[] | undefined;
      return ctx.input;
    }),
  ];
  return { captured, registry: testRegistry(ops) };
}

Deno.test("a table made on main goes to a worker step and its result comes back to main", async () => {
  const { captured, registry } = mainOps();
  const spec = makePipeline([
    { name: "made", operation: "main_table" },
    { name: "plus", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["made"] },
    { name: "back", operation: "capture", dependsOn: ["plus"] },
  ]);
  const result = await runPipeline(spec, { registry });
  assert.equal(result.status, "completed");
  assert.deepEqual(captured.back, [{ x: 2, add_in: "worker" }, { x: 3, add_in: "worker" }, { x: 4, add_in: "worker" }]);
  assert.deepEqual(result.steps.map((s) => s.rows), [3, 3, 3]);
});

Deno.test("tables move between workers: fan-out to two workers and fan-in, outputs kept on main", async () => {
  const { captured, registry } = mainOps();
  const spec = makePipeline([
    { name: "src", operation: "make_table", resourceHint: "cpu_bound", params: { rows: 1000 } },
    { name: "left", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["src"] },
    { name: "right", operation: "add_one", resourceHint: "memory_bound", dependsOn: ["src"] },
    { name: "both", operation: "sum_inputs", resourceHint: "cpu_bound", dependsOn: ["left", "right"] },
    { name: "out", operation: "capture", dependsOn: ["both"] },
  ]);
  const result = await runPipeline(spec, { registry, keepOutputs: true });
  assert.equal(result.status, "completed");
  const expected = 2 * (999 * 1000 / 2 + 1000);
  assert.deepEqual(captured.out, [{ sum: expected, names: "left,right", thread: "worker" }]);
  const src = result.outputs!.get("src")!;
  assert.equal(src.numRows(), 1000);
  assert.equal(src.get("made_in", 0), "worker");
  assert.equal(result.outputs!.get("left")!.get("x", 999), 1000);
});

Deno.test("random DAGs through workers: every step once, after its dependencies, within every limit", async () => {
  const pool = new WorkerPool({ size: 3 });
  try {
    for (let seed = 1; seed <= 12; seed++) {
      const { steps, settings, shape } = randomDag(seed, "cpu_noop", 14);
      const spec = makePipeline(steps, settings);
      // I/O steps use the built-in noop (main thread); the others a worker op.
      for (const s of spec.steps) if (s.resourceHint === "io_bound" || s.resourceHint === "network_bound") s.operation = "noop";
      const { onEvent, max, starts } = limitsProbe(spec, `seed ${seed}`);
      const result = await runPipeline(spec, { registry: testRegistry(), onEvent, pool });
      const label = `seed ${seed} (${shape}, ${steps.length} steps, ${JSON.stringify(settings)})`;
      const s = spec.settings;
      assert.equal(result.status, "completed", label);
      for (const st of spec.steps) assert.equal(starts.get(st.name), 1, `${label}: ${st.name}`);
      assert.ok(max.all <= (s.engine === "sequential" ? 1 : s.maxParallel), label);
      assert.ok(max.io <= s.ioThreads, label);
      assert.ok(max.cpu <= s.cpuThreads, label);
      assert.ok(max.mem <= s.memorySlots, label);
    }
  } finally {
    pool.terminate();
  }
});

Deno.test("a CPU step that spins forever is stopped at its timeout; its worker is replaced", async () => {
  const { captured, registry } = mainOps();
  const spec = makePipeline([
    { name: "spin", operation: "busy", resourceHint: "cpu_bound", timeoutMs: 150 },
    { name: "after_spin", dependsOn: ["spin"] },
    { name: "later", operation: "make_table", resourceHint: "cpu_bound", dependsOn: ["first"], params: { rows: 2 } },
    { name: "first", operation: "sleep", params: { ms: 300 } },
    { name: "check", operation: "capture", dependsOn: ["later"] },
  ], { cpuThreads: 1 });
  const result = await runPipeline(spec, { registry });
  const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
  assert.equal(result.status, "failed");
  assert.equal(by.spin.status, "failed");
  assert.match(by.spin.error!, /"spin" timed out after 150 ms/);
  assert.equal(by.after_spin.status, "skipped");
  assert.equal(by.later.status, "completed"); // ran on the replacement worker (the pool has one)
  assert.deepEqual(captured.check?.map((r) => r.made_in), ["worker", "worker"]);
});

for (const [op, pattern] of [
  ["flaky", /flaky failure on attempt/],
  ["close_worker", /closed its worker/],
  ["async_crash", /uncaught error in the worker: .*boom from a timer/],
  ["recurse", /Maximum call stack size exceeded/],
] as const) {
  Deno.test(`a worker step that fails by ${op} fails its attempt, is retried, and the pool goes on`, async () => {
    const { captured, registry } = mainOps();
    const spec = makePipeline([
      { name: "bad", operation: op, resourceHint: "cpu_bound", retry: { maxAttempts: 2, backoff: { kind: "list", ms: [0] } } },
      { name: "good", operation: "make_table", resourceHint: "cpu_bound", dependsOn: ["bad_done"], params: { rows: 3 } },
      { name: "bad_done", operation: "sleep", params: { ms: 1 } },
      { name: "check", operation: "capture", dependsOn: ["good"] },
    ], { cpuThreads: 1 });
    const result = await runPipeline(spec, { registry });
    const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
    assert.equal(by.bad.status, "failed");
    assert.equal(by.bad.attempts, 2);
    assert.match(by.bad.error!, pattern);
    assert.equal(by.good.status, "completed");
    assert.equal(captured.check?.length, 3);
  });
}

Deno.test("a table lost with a timed-out worker is re-made by re-running its step (lineage), so the retry has its input", async () => {
  const { captured, registry } = mainOps();
  const logs: string[] = [];
  const spec = makePipeline([
    { name: "src", operation: "make_table", resourceHint: "cpu_bound", params: { rows: 100 } },
    {
      name: "stuck",
      operation: "stuck_first",
      resourceHint: "cpu_bound",
      dependsOn: ["src"],
      timeoutMs: 1000,
      retry: { maxAttempts: 2, backoff: { kind: "list", ms: [0] } },
    },
    { name: "out", operation: "capture", dependsOn: ["stuck"] },
  ], { cpuThreads: 1 });
  const result = await runPipeline(spec, { registry, onLog: (step, m) => logs.push(`${step}: ${m}`) });
  const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
  assert.equal(result.status, "completed", JSON.stringify(result.steps));
  assert.equal(by.stuck.attempts, 2);
  assert.equal(by.src.attempts, 2); // re-run once to re-make the lost table
  assert.deepEqual(logs, ["src: make_table in worker", "src: make_table in worker"]);
  assert.deepEqual(captured.out, [{ sum: 4950, names: "src", thread: "worker" }]);
});

Deno.test("lineage recompute is recursive: lost inputs of lost inputs are re-made too", async () => {
  const { captured, registry } = mainOps();
  const spec = makePipeline([
    { name: "a", operation: "make_table", resourceHint: "cpu_bound", params: { rows: 10 } },
    { name: "b", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["a"] },
    {
      name: "c",
      operation: "stuck_first",
      resourceHint: "cpu_bound",
      dependsOn: ["b"],
      timeoutMs: 1000,
      retry: { maxAttempts: 2, backoff: { kind: "list", ms: [0] } },
    },
    { name: "out", operation: "capture", dependsOn: ["c"] },
  ], { cpuThreads: 1 });
  const result = await runPipeline(spec, { registry });
  assert.equal(result.status, "completed", JSON.stringify(result.steps));
  assert.deepEqual(result.steps.map((s) => s.attempts), [2, 2, 2, 1]);
  assert.deepEqual(captured.out, [{ sum: 55, names: "b", thread: "worker" }]);
});

Deno.test("progress and log lines from workers reach the listeners", async () => {
  const events: ProgressEvent[] = [];
  const logs: string[] = [];
  const spec = makePipeline([{ name: "talk", operation: "chatty", resourceHint: "cpu_bound" }]);
  await runPipeline(spec, { registry: testRegistry(), onEvent: (e) => events.push(e), onLog: (s, m) => logs.push(`${s}: ${m}`) });
  // 0 at start, the first report, then throttled (only a pause of 50 ms between two reports lets one through), and 1.
  const progress = events.filter((e) => e.status === "running").map((e) => e.progress);
  assert.deepEqual(progress.slice(0, 2), [0, 0.1]);
  assert.equal(progress.at(-1), 1);
  assert.ok(progress.length < 11, `${progress}`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i] > progress[i - 1]);
  assert.deepEqual(logs, ["talk: hello from worker"]);
});

Deno.test("operations without a module run on the main thread whatever their hint", async () => {
  const where: string[] = [];
  const registry = testRegistry([inlineOp("inline_cpu", () => {
    where.push(threadName());
    return [{ a: 1 }];
  }, "cpu_bound")]);
  const spec = makePipeline([{ name: "c", operation: "inline_cpu", resourceHint: "cpu_bound" }, {
    name: "m",
    operation: "inline_cpu",
    resourceHint: "memory_bound",
  }]);
  const result = await runPipeline(spec, { registry });
  assert.equal(result.status, "completed");
  assert.deepEqual(where, ["main", "main"]);
});

Deno.test("a pool given in the options is reused across runs and left running", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    const registry = testRegistry();
    const spec = makePipeline([
      { name: "t", operation: "make_table", resourceHint: "cpu_bound", params: { rows: 5 } },
      { name: "p", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["t"] },
    ]);
    for (let i = 0; i < 3; i++) {
      const result = await runPipeline(spec, { registry, pool, keepOutputs: true });
      assert.equal(result.status, "completed");
      const p: Table = result.outputs!.get("p")!;
      assert.deepEqual(Array.from(p.array("x") as Iterable<number>), [1, 2, 3, 4, 5]);
    }
    assert.equal(pool.size, 2);
  } finally {
    pool.terminate();
  }
});

Deno.test("worker tables are freed once no pending step needs them", async () => {
  class SpyPool extends WorkerPool {
    freed: number[] = [];
    override free(i: number, keys: number[]): void {
      this.freed.push(...keys);
      super.free(i, keys);
    }
  }
  const pool = new SpyPool({ size: 1 });
  try {
    let liveAtStart = -1;
    const spec = makePipeline([
      { name: "a", operation: "make_table", resourceHint: "cpu_bound", params: { rows: 4 } },
      { name: "b", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["a"] },
      { name: "c", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["b"] },
      { name: "d", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["a"] },
    ], { cpuThreads: 1 });
    const result = await runPipeline(spec, {
      registry: testRegistry(),
      pool,
      onEvent: (e) => e.status === "completed" && liveAtStart < 0 && (liveAtStart = pool.live),
    });
    assert.equal(result.status, "completed");
    assert.equal(liveAtStart, 1);
    // The pool was fresh, so keys are step indexes: a (needed by b and d) and b (needed by c) are freed; c and d were never kept.
    assert.deepEqual(pool.freed.sort(), [0, 1]);
  } finally {
    pool.terminate();
  }
});

Deno.test("workers start with the run, while the first I/O steps run, not when a CPU step is ready", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    let liveWhenIoDone = -1;
    const spec = makePipeline([
      { name: "io", operation: "sleep", params: { ms: 20 } },
      { name: "c1", operation: "cpu_noop", resourceHint: "cpu_bound", dependsOn: ["io"] },
      { name: "c2", operation: "cpu_noop", resourceHint: "cpu_bound", dependsOn: ["io"] },
    ]);
    const result = await runPipeline(spec, {
      registry: testRegistry(),
      pool,
      onEvent: (e) => e.step === "io" && e.status === "completed" && (liveWhenIoDone = pool.live),
    });
    assert.equal(result.status, "completed");
    assert.equal(liveWhenIoDone, 2);
  } finally {
    pool.terminate();
  }
});

const CORES = navigator.hardwareConcurrency;

Deno.test("without cpu_threads, a run that starts with work on main leaves it a core: fewer workers, never booted mid-run", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    const spec = makePipeline([
      { name: "io", operation: "sleep", params: { ms: 20 } },
      { name: "c1", operation: "busy", params: { ms: 200 }, resourceHint: "cpu_bound", dependsOn: ["io"] },
      { name: "c2", operation: "busy", params: { ms: 200 }, resourceHint: "cpu_bound", dependsOn: ["io"] },
    ], { autoWorkers: true });
    const result = await runPipeline(spec, { registry: testRegistry(), pool });
    assert.equal(result.status, "completed");
    assert.equal(pool.live, Math.max(1, Math.min(2, CORES - 1)));
  } finally {
    pool.terminate();
  }
});

Deno.test("without cpu_threads, the last run's long CPU steps side by side give main's core to a worker too", async () => {
  for (const [past, workers] of [[400, Math.min(2, CORES)], [100, Math.max(1, Math.min(2, CORES - 1))]] as const) {
    const pool = new WorkerPool({ size: 2 });
    try {
      const spec = makePipeline([
        { name: "io", operation: "sleep", params: { ms: 20 } },
        { name: "c1", operation: "busy", params: { ms: 50 }, resourceHint: "cpu_bound", dependsOn: ["io"] },
        { name: "c2", operation: "busy", params: { ms: 50 }, resourceHint: "cpu_bound", dependsOn: ["io"] },
      ], { autoWorkers: true });
      const pastDurationsMs = new Map([["io", 20], ["c1", past], ["c2", past]]);
      const result = await runPipeline(spec, { registry: testRegistry(), pool, pastDurationsMs });
      assert.equal(result.status, "completed");
      assert.equal(pool.live, workers, `last run's steps took ${past} ms`);
    } finally {
      pool.terminate();
    }
  }
});

Deno.test("lastDurations() gives each step's time in the pipeline's last completed run, skipping failed ones", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const registry = createDefaultRegistry();
    const run = async (ms: number, fail: boolean) => {
      const file = `${dir}/p.yml`;
      await Deno.writeTextFile(file, `pipeline:\n  - {name: a, operation: sleep, params: {ms: ${ms}}}\n` + (fail ? "  - {name: b, operation: shell, params: {cmd: [\"false\"]}}\n" : ""));
      const spec = await loadPipeline(file, { registry });
      await recordedRun(spec, { registry, dbPath: `${dir}/runs.db` });
      return spec.file!;
    };
    const file = await run(5, false);
    await run(120, false);
    await run(1, true); // failed: not the last completed run
    const store = RunStore.open(`${dir}/runs.db`);
    try {
      const past = lastDurations(store, file)!;
      assert.deepEqual([...past.keys()], ["a"]);
      assert.ok(past.get("a")! >= 100, `a took ${past.get("a")} ms in the last completed run`);
      assert.equal(lastDurations(store, `${dir}/other.yml`), undefined);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without cpu_threads, independent CPU steps with nothing on main get a worker per core", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    const spec = makePipeline(
      ["a", "b", "c", "d"].map((name) => ({ name, operation: "busy", params: { ms: 50 }, resourceHint: "cpu_bound" as const })),
      { autoWorkers: true },
    );
    const result = await runPipeline(spec, { registry: testRegistry(), pool });
    assert.equal(result.status, "completed");
    assert.equal(pool.live, Math.min(2, CORES));
  } finally {
    pool.terminate();
  }
});

Deno.test("an offloaded read runs in a loaded worker and the next CPU step uses its table there, with no transfer", async () => {
  const dir = await Deno.makeTempDir();
  const pool = await loaded(new SlotSpyPool({ size: 2 }), 2);
  try {
    // 1 MiB or more: smaller inputs are read on main (see the next test)
    await Deno.writeTextFile(`${dir}/in.csv`, "x\n" + Array.from({ length: 300_000 }, (_, i) => i + 1).join("\n") + "\n");
    const { captured, registry } = mainOps();
    const events: ProgressEvent[] = [];
    for (const engine of ["parallel", "sequential"] as const) {
      pool.jobs.length = 0;
      const spec = makePipeline([
        { name: "read", operation: "read_csv", params: { path: "in.csv" } }, // relative: resolved against baseDir in the worker
        { name: "plus", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["read"] },
        { name: "back", operation: "capture", dependsOn: ["plus"] },
      ], { engine }, dir);
      const result = await runPipeline(spec, { registry, pool, onEvent: (e) => events.push(e) });
      assert.equal(result.status, "completed", JSON.stringify(result.steps));
      assert.equal(captured.back?.length, 300_000);
      assert.deepEqual(captured.back?.slice(0, 3), [{ x: 2, add_in: "worker" }, { x: 3, add_in: "worker" }, { x: 4, add_in: "worker" }]);
      const [read, plus] = pool.jobs;
      assert.deepEqual([read.step, plus.step], ["read", "plus"], engine);
      assert.equal(plus.slot, read.slot, `${engine}: the CPU step ran where the table was born`);
      assert.deepEqual(plus.transferred, [false], `${engine}: the table was not moved`);
    }
    assert.ok(events.some((e) => e.step === "read" && e.status === "completed" && e.rows === 300_000));
  } finally {
    pool.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a read of less than 1 MiB runs on main, even with a loaded worker free", async () => {
  const dir = await Deno.makeTempDir();
  const pool = await loaded(new SlotSpyPool({ size: 2 }), 2);
  try {
    await Deno.writeTextFile(`${dir}/small.csv`, "x\n1\n2\n3\n");
    const { captured, registry } = mainOps();
    const spec = makePipeline([
      { name: "read", operation: "read_csv", params: { path: "small.csv" } },
      { name: "plus", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["read"] },
      { name: "back", operation: "capture", dependsOn: ["plus"] },
    ], {}, dir);
    const result = await runPipeline(spec, { registry, pool });
    assert.equal(result.status, "completed", JSON.stringify(result.steps));
    assert.deepEqual(pool.jobs.map((j) => j.step), ["plus"], "only the CPU step went to a worker");
    assert.deepEqual(pool.jobs[0].transferred, [true]);
    assert.deepEqual(captured.back, [{ x: 2, add_in: "worker" }, { x: 3, add_in: "worker" }, { x: 4, add_in: "worker" }]);
  } finally {
    pool.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an offloaded I/O step runs on main when every worker is busy and main is idle", async () => {
  const pool = new SlotSpyPool({ size: 1 });
  try {
    const { captured, registry } = mainOps();
    const spec = makePipeline([
      // spin heads the longer path, so it takes the only worker first.
      { name: "spin", operation: "busy", resourceHint: "cpu_bound", params: { ms: 150 } },
      { name: "after_spin", operation: "cpu_noop", resourceHint: "cpu_bound", dependsOn: ["spin"] },
      { name: "io", operation: "offload_io" },
      { name: "check", operation: "capture", dependsOn: ["io"] },
    ], { cpuThreads: 1 });
    const result = await runPipeline(spec, { registry, pool });
    assert.equal(result.status, "completed", JSON.stringify(result.steps));
    assert.deepEqual(captured.check?.map((r) => r.made_in), ["main", "main", "main"]);
    assert.deepEqual(pool.jobs.map((j) => j.step), ["spin", "after_spin"]);
    assert.equal(pool.doubleBooked, 0);
  } finally {
    pool.terminate();
  }
});

Deno.test("an offloaded I/O step that never returns is stopped at its timeout (its worker is replaced) and can be cancelled", async () => {
  const { registry } = mainOps();
  const pool = await loaded(new WorkerPool({ size: 1 }), 1);
  try {
    const timedOut = await runPipeline(makePipeline([
      { name: "stuck", operation: "offload_stuck", timeoutMs: 150 },
      { name: "later", operation: "offload_io", dependsOn: ["stuck_done"] },
      { name: "stuck_done", operation: "sleep", params: { ms: 300 } },
    ], { cpuThreads: 1 }), { registry, pool });
    const by = Object.fromEntries(timedOut.steps.map((s) => [s.name, s]));
    assert.equal(by.stuck.status, "failed");
    assert.match(by.stuck.error!, /"stuck" timed out after 150 ms/);
    assert.equal(by.later.status, "completed");

    await loaded(pool, 1); // the timed-out worker was replaced
    const controller = new AbortController();
    const spec = makePipeline([{ name: "stuck", operation: "offload_stuck" }], { cancelGraceMs: 100, cpuThreads: 1 });
    const cancelled = await runPipeline(spec, {
      registry,
      pool,
      signal: controller.signal,
      onEvent: (e) => e.status === "running" && setTimeout(() => controller.abort("stop"), 50),
    });
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.steps[0].status, "cancelled");
  } finally {
    pool.terminate();
  }
});

Deno.test("an offloaded read runs on main at the start of a run, while no worker has loaded yet", async () => {
  const pool = new SlotSpyPool({ size: 1 }); // not started: no worker has loaded
  try {
    const { captured, registry } = mainOps();
    const spec = makePipeline([
      { name: "io", operation: "offload_io" },
      { name: "plus", operation: "cpu_noop", resourceHint: "cpu_bound", dependsOn: ["io"] },
      { name: "check", operation: "capture", dependsOn: ["io"] },
    ], { cpuThreads: 1 });
    const result = await runPipeline(spec, { registry, pool });
    assert.equal(result.status, "completed", JSON.stringify(result.steps));
    assert.deepEqual(captured.check?.map((r) => r.made_in), ["main", "main", "main"]);
    assert.deepEqual(pool.jobs.map((j) => j.step), ["plus"]);
  } finally {
    pool.terminate();
  }
});
