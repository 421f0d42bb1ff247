import assert from "node:assert/strict";
import { runPipeline } from "../lib/engine/run.ts";
import { CancellationToken } from "../lib/engine/cancellation.ts";
import type { OpContext, Operation } from "../lib/operation.ts";
import type { ProgressEvent, ResourceHint } from "../lib/types.ts";
import { aq } from "../lib/deps.ts";
import { chain, makePipeline } from "./fixtures/engine/pipeline.ts";
import { randomDag } from "./fixtures/engine/random_dag.ts";
import { inlineOp, testRegistry } from "./fixtures/engine/registry.ts";
import { SlotSpyPool } from "./fixtures/engine/slot_spy_pool.ts";
import { limitsProbe } from "./fixtures/engine/limits_probe.ts";

const poolOf = (h: ResourceHint) => (h === "io_bound" || h === "network_bound" ? "io" : h === "cpu_bound" ? "cpu" : "mem");

Deno.test("random DAGs: every step runs once, after its dependencies, within every limit", async () => {
  for (let seed = 1; seed <= 120; seed++) {
    const { steps, settings, shape } = randomDag(seed, "probe");
    const spec = makePipeline(steps, settings);
    const s = spec.settings;
    const hintOf = new Map(spec.steps.map((st) => [st.name, st.resourceHint]));
    const depsOf = new Map(spec.steps.map((st) => [st.name, st.dependsOn]));
    const runs = new Map<string, number>();
    const finished = new Set<string>();
    const now = { all: 0, io: 0, cpu: 0, mem: 0 };
    const max = { all: 0, io: 0, cpu: 0, mem: 0 };
    const enter = (name: string) => {
      runs.set(name, (runs.get(name) ?? 0) + 1);
      for (const d of depsOf.get(name)!) assert.ok(finished.has(d), `seed ${seed} (${shape}): ${name} started before ${d} finished`);
      const p = poolOf(hintOf.get(name)!);
      now.all++, now[p]++;
      if (p === "mem") now.cpu++;
      for (const k of ["all", "io", "cpu", "mem"] as const) max[k] = Math.max(max[k], now[k]);
    };
    const leave = (name: string) => {
      const p = poolOf(hintOf.get(name)!);
      now.all--, now[p]--;
      if (p === "mem") now.cpu--;
      finished.add(name);
    };
    const probe = inlineOp("probe", (ctx: OpContext) => {
      enter(ctx.step);
      const delay = Number(ctx.params.delay);
      if (delay === 0) return leave(ctx.step);
      const wait = delay === 1 ? Promise.resolve() : new Promise((r) => setTimeout(r, delay - 1));
      return wait.then(() => leave(ctx.step));
    });
    const result = await runPipeline(spec, { registry: testRegistry([probe]) });
    const label = `seed ${seed} (${shape}, ${steps.length} steps, ${JSON.stringify(settings)})`;
    assert.equal(result.status, "completed", label);
    assert.deepEqual(result.steps.map((r) => r.name), spec.steps.map((st) => st.name), label);
    for (const st of spec.steps) assert.equal(runs.get(st.name), 1, `${label}: ${st.name} ran ${runs.get(st.name)} times`);
    const maxParallel = s.engine === "sequential" ? 1 : s.maxParallel;
    assert.ok(max.all <= maxParallel, `${label}: ${max.all} steps at once`);
    assert.ok(max.io <= s.ioThreads, `${label}: ${max.io} io steps at once`);
    assert.ok(max.cpu <= s.cpuThreads, `${label}: ${max.cpu} cpu+memory steps at once`);
    assert.ok(max.mem <= s.memorySlots, `${label}: ${max.mem} memory steps at once`);
  }
});

Deno.test("the sequential engine runs one step at a time in file order wherever the edges allow", async () => {
  const order: string[] = [];
  const rec = inlineOp("rec", (ctx) => {
    order.push(ctx.step);
  });
  const spec = makePipeline([
    { name: "late", operation: "rec", dependsOn: ["x"] },
    { name: "a", operation: "rec" },
    { name: "x", operation: "rec", dependsOn: ["a"] },
    { name: "b", operation: "rec" },
  ], { engine: "sequential" });
  const result = await runPipeline(spec, { registry: testRegistry([rec]) });
  assert.equal(result.status, "completed");
  assert.deepEqual(order, ["a", "x", "late", "b"]);
});

Deno.test("when several steps are ready, the one with the longest remaining path starts first", async () => {
  const order: string[] = [];
  const rec = inlineOp("rec", (ctx) => {
    order.push(ctx.step);
  });
  // short (1 step to the end) comes first in the file; long heads a chain of 3.
  const spec = makePipeline([
    { name: "short", operation: "rec" },
    { name: "long", operation: "rec" },
    { name: "long2", operation: "rec", dependsOn: ["long"] },
    { name: "long3", operation: "rec", dependsOn: ["long2"] },
  ], { maxParallel: 1 });
  await runPipeline(spec, { registry: testRegistry([rec]) });
  assert.deepEqual(order.slice(0, 1), ["long"]);
});

Deno.test("ctx.inputs holds dependency outputs by name; ctx.input is the first or params.input", async () => {
  const seen: Record<string, unknown> = {};
  const registry = testRegistry([
    inlineOp("rows_a", () => [{ v: 1 }, { v: 2 }]),
    inlineOp("rows_b", () => aq.table({ v: [10] })),
    inlineOp("look", (ctx) => {
      seen[ctx.step] = { input: ctx.input?.objects(), inputs: Object.keys(ctx.inputs) };
      return ctx.input;
    }),
  ]);
  const spec = makePipeline([
    { name: "a", operation: "rows_a" },
    { name: "b", operation: "rows_b" },
    { name: "first", operation: "look", dependsOn: ["b", "a"] },
    { name: "named", operation: "look", dependsOn: ["b", "a"], params: { input: "a" } },
  ]);
  const result = await runPipeline(spec, { registry, keepOutputs: true });
  assert.equal(result.status, "completed");
  assert.deepEqual(seen.first, { input: [{ v: 10 }], inputs: ["b", "a"] });
  assert.deepEqual(seen.named, { input: [{ v: 1 }, { v: 2 }], inputs: ["b", "a"] });
  assert.deepEqual(result.steps.map((s) => s.rows), [2, 1, 1, 2]);
  assert.deepEqual([...result.outputs!.keys()], ["a", "b", "first", "named"]);
  assert.deepEqual(result.outputs!.get("a")!.objects(), [{ v: 1 }, { v: 2 }]);
});

Deno.test("an operation returning something else than a table, rows or nothing fails its step with a hint", async () => {
  const registry = testRegistry([inlineOp("num", () => 42 as unknown as undefined)]);
  const result = await runPipeline(makePipeline([{ name: "n", operation: "num" }]), { registry });
  assert.equal(result.status, "failed");
  assert.match(result.steps[0].error!, /returned number; return an Arquero table/);
});

Deno.test("a failed step skips everything downstream; independent branches go on", async () => {
  const registry = testRegistry([inlineOp("boom", () => {
    throw new Error("bad data");
  })]);
  const spec = makePipeline([
    { name: "a" },
    { name: "bad", operation: "boom", dependsOn: ["a"] },
    { name: "after", dependsOn: ["bad"] },
    { name: "after2", dependsOn: ["after", "a"] },
    { name: "other", dependsOn: ["a"] },
    { name: "other2", dependsOn: ["other"] },
  ]);
  const result = await runPipeline(spec, { registry });
  assert.equal(result.status, "failed");
  const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
  assert.equal(by.bad.status, "failed");
  assert.equal(by.bad.error, "bad data");
  assert.equal(by.bad.attempts, 1);
  assert.equal(by.after.status, "skipped");
  assert.equal(by.after2.status, "skipped");
  assert.equal(by.after.attempts, 0);
  assert.match(by.after2.error!, /step "bad" failed/);
  assert.equal(by.other.status, "completed");
  assert.equal(by.other2.status, "completed");
});

Deno.test("fail_fast: nothing new starts after a failure, running steps finish", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const registry = testRegistry([
    inlineOp("boom", () => {
      throw new Error("bad");
    }),
    inlineOp("slow", async () => {
      await gate;
      return [{ ok: 1 }];
    }),
    inlineOp("fail_then_release", () => {
      queueMicrotask(release);
      throw new Error("first failure");
    }),
  ]);
  const spec = makePipeline([
    { name: "slow", operation: "slow" },
    { name: "bad", operation: "fail_then_release" },
    { name: "later", dependsOn: ["slow"] },
    { name: "independent_late", operation: "noop", dependsOn: ["slow"] },
  ], { failFast: true, maxParallel: 2 });
  const result = await runPipeline(spec, { registry });
  const by = Object.fromEntries(result.steps.map((s) => [s.name, s]));
  assert.equal(result.status, "failed");
  assert.equal(by.bad.status, "failed");
  assert.equal(by.slow.status, "completed");
  assert.equal(by.slow.rows, 1);
  assert.equal(by.later.status, "skipped");
  assert.match(by.later.error!, /fail_fast/);
  assert.equal(by.independent_late.status, "skipped");
});

Deno.test("progress events: every state change in order, throttled progress, rows on completed", async () => {
  const events: ProgressEvent[] = [];
  const registry = testRegistry([inlineOp("report", (ctx) => {
    for (let i = 1; i <= 10; i++) ctx.progress(i / 10);
    const { log } = ctx; // destructured methods keep working
    log("done reporting");
    return [{ a: 1 }, { a: 2 }, { a: 3 }];
  })]);
  const logs: string[] = [];
  const spec = makePipeline([{ name: "r", operation: "report" }, { name: "n", dependsOn: ["r"] }]);
  await runPipeline(spec, { registry, onEvent: (e) => events.push(e), onLog: (s, m) => logs.push(`${s}: ${m}`) });
  const r = events.filter((e) => e.step === "r");
  // queued, running (0), the first report (0.1), reports within 50 ms of the last one held back, 1 always, completed.
  assert.deepEqual(r.slice(0, 3).map((e) => [e.status, e.progress]), [["queued", 0], ["running", 0], ["running", 0.1]]);
  assert.deepEqual(r.slice(-2).map((e) => [e.status, e.progress]), [["running", 1], ["completed", 1]]);
  assert.ok(r.length < 14, "progress reports are throttled");
  assert.equal(r.at(-1)!.rows, 3);
  assert.equal(r.at(-1)!.attempt, 1);
  assert.deepEqual(logs, ["r: done reporting"]);
  assert.deepEqual(events.filter((e) => e.step === "n").map((e) => e.status), ["queued", "running", "completed"]);
  for (let i = 1; i < events.length; i++) assert.ok(events[i].elapsedMs >= events[i - 1].elapsedMs);
});

Deno.test("a long run of synchronous steps completes (the run yields to the event loop between slices)", async () => {
  const result = await runPipeline(makePipeline(chain(20_000)), { registry: testRegistry() });
  assert.equal(result.status, "completed");
  assert.equal(result.steps.length, 20_000);
  assert.ok(result.steps.every((s) => s.status === "completed" && s.attempts === 1));
  assert.match(result.runId, /^[0-9a-z]{9}-[0-9a-f]{10}$/);
});

Deno.test("run ids sort by start time", async () => {
  const registry = testRegistry();
  const a = await runPipeline(makePipeline([{ name: "x" }]), { registry });
  await new Promise((r) => setTimeout(r, 3));
  const b = await runPipeline(makePipeline([{ name: "x" }]), { registry });
  assert.ok(a.runId < b.runId);
});

Deno.test("an empty pipeline completes at once; a given run id is used", async () => {
  const result = await runPipeline(makePipeline([]), { registry: testRegistry(), runId: "my-run" });
  assert.deepEqual([result.status, result.steps, result.runId], ["completed", [], "my-run"]);
});

Deno.test("a chain of synchronous steps yields to the event loop: a timer can cancel it midway", async () => {
  const registry = testRegistry([inlineOp("spin_2ms", () => {
    const end = performance.now() + 2;
    while (performance.now() < end) { /* busy */ }
  })]);
  const token = new CancellationToken();
  const timer = setTimeout(() => token.cancel("timer"), 30);
  const result = await runPipeline(makePipeline(chain(500, { operation: "spin_2ms" })), { registry, signal: token.signal });
  clearTimeout(timer);
  assert.equal(result.status, "cancelled");
  const completed = result.steps.filter((s) => s.status === "completed").length;
  assert.ok(completed > 0 && completed < 500, `${completed} steps completed`);
  assert.ok(result.steps.slice(completed).every((s) => s.status === "cancelled"));
});

Deno.test("step durations cover the step's own work", async () => {
  const result = await runPipeline(makePipeline([
    { name: "quick" },
    { name: "nap", operation: "sleep", params: { ms: 30 }, dependsOn: ["quick"] },
  ]), { registry: testRegistry() });
  assert.ok(result.steps[1].durationMs >= 29, `${result.steps[1].durationMs}`);
  assert.ok(result.steps[0].durationMs >= 0);
  assert.ok(result.durationMs >= result.steps[1].durationMs);
});

Deno.test("random DAGs with offloaded I/O steps: io_threads, cpu_threads and 'running worker jobs ≤ workers' always hold", async () => {
  const pool = new SlotSpyPool({ size: 1 });
  let offloadedInWorkers = 0;
  try {
    for (let seed = 1; seed <= 16; seed++) {
      const { steps, settings, shape } = randomDag(seed, "wait_cpu", 14);
      const spec = makePipeline(steps, settings);
      const s = spec.settings;
      // I/O steps: every other one offloaded (a worker op declaring `offload`), the rest the built-in noop on main.
      spec.steps.forEach((st, k) => {
        if (st.resourceHint === "io_bound" || st.resourceHint === "network_bound") st.operation = k % 2 === 0 ? "offload_io" : "noop";
      });
      const { onEvent, max } = limitsProbe(spec, `seed ${seed}`);
      pool.maxBusy = 0;
      const jobsBefore = pool.jobs.length;
      const result = await runPipeline(spec, { registry: testRegistry(), onEvent, pool });
      const label = `seed ${seed} (${shape}, ${steps.length} steps, ${JSON.stringify(settings)})`;
      assert.equal(result.status, "completed", label);
      assert.ok(result.steps.every((r) => r.attempts === 1), label);
      assert.ok(max.all <= (s.engine === "sequential" ? 1 : s.maxParallel), `${label}: ${max.all} at once`);
      assert.ok(max.io <= s.ioThreads, `${label}: ${max.io} io steps at once`);
      assert.ok(max.cpu <= s.cpuThreads, `${label}: ${max.cpu} cpu+memory steps at once`);
      assert.ok(max.mem <= s.memorySlots, `${label}: ${max.mem} memory steps at once`);
      assert.ok(pool.maxBusy <= s.cpuThreads, `${label}: ${pool.maxBusy} worker jobs at once for ${s.cpuThreads} workers`);
      assert.equal(pool.doubleBooked, 0, `${label}: a job was posted to a busy worker`);
      offloadedInWorkers += pool.jobs.slice(jobsBefore).filter((j) => j.op === "offload_io").length;
    }
    assert.ok(offloadedInWorkers > 0, "some offloaded I/O steps ran in workers");
  } finally {
    pool.terminate();
  }
});

Deno.test("operations' prepare() runs once, when no step runs on the main thread any more", async () => {
  const log: string[] = [];
  const read = inlineOp("slow_read", async (ctx) => {
    log.push(`${ctx.step} starts`);
    await new Promise((r) => setTimeout(r, 20));
    log.push(`${ctx.step} ends`);
  });
  const write: Operation = { ...inlineOp("writer", (ctx) => void log.push(`${ctx.step} runs`)), prepare: () => void log.push("prepare") };
  const spec = makePipeline([
    { name: "r1", operation: "slow_read" },
    { name: "r2", operation: "slow_read" },
    { name: "cpu", operation: "sleep", params: { ms: 20 }, resourceHint: "cpu_bound", dependsOn: ["r1", "r2"] },
    { name: "w1", operation: "writer", dependsOn: ["cpu"] },
    { name: "w2", operation: "writer", dependsOn: ["w1"] },
  ]);
  const result = await runPipeline(spec, { registry: testRegistry([read, write]) });
  assert.equal(result.status, "completed");
  // not while the reads run on main (it would slow them down), but while the worker step runs
  assert.deepEqual(log, ["r1 starts", "r2 starts", "r1 ends", "r2 ends", "prepare", "w1 runs", "w2 runs"]);

  // With nothing on main at the start, set-up begins at once.
  log.length = 0;
  const only = await runPipeline(makePipeline([{ name: "w", operation: "writer", dependsOn: ["s"] }, { name: "s", operation: "sleep", params: { ms: 5 }, resourceHint: "cpu_bound" }]), { registry: testRegistry([write]) });
  assert.equal(only.status, "completed");
  assert.deepEqual(log, ["prepare", "w runs"]);
});

Deno.test("kept outputs are plain tables, also where a step returned a filtered or sorted view", async () => {
  const make = inlineOp("make", () => aq.table({ x: [3, 1, 2, 5] }) as never);
  const spec = makePipeline([
    { name: "src", operation: "make" },
    // on main (io_bound), so the views stay as they are until the outputs are collected
    { name: "big", operation: "query", params: { expr: "x > 1" }, dependsOn: ["src"], resourceHint: "io_bound" },
    { name: "sorted", operation: "sort", params: { by: "x" }, dependsOn: ["big"], resourceHint: "io_bound" },
  ]);
  const result = await runPipeline(spec, { registry: testRegistry([make]), keepOutputs: true });
  assert.equal(result.status, "completed", JSON.stringify(result.steps));
  for (const [name, want] of [["big", [3, 2, 5]], ["sorted", [2, 3, 5]]] as const) {
    const t = result.outputs!.get(name)!;
    assert.equal(t.isFiltered() || t.isOrdered(), false, name);
    assert.deepEqual(Array.from(t.column("x") as unknown as ArrayLike<number>, (_, i) => t.get("x", i)), want, name);
    assert.deepEqual(Array.from({ length: t.numRows() }, (_, i) => (t.column("x") as unknown as { at(i: number): number }).at(i)), want, name);
  }
});
