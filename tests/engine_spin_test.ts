import assert from "node:assert/strict";
import { runPipeline } from "../lib/engine/run.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import { aq } from "../lib/deps.ts";
import { makePipeline } from "./fixtures/engine/pipeline.ts";
import { inlineOp, testRegistry } from "./fixtures/engine/registry.ts";

/** A table made on main, sent to a worker step, and its result taken back to main. */
function mainToWorker() {
  const registry = testRegistry([inlineOp("main_table", () => aq.table({ x: [1, 2, 3] })), inlineOp("back", (ctx) => ctx.input)]);
  const spec = makePipeline([
    { name: "made", operation: "main_table" },
    { name: "plus", operation: "add_one", resourceHint: "cpu_bound", dependsOn: ["made"] },
    { name: "out", operation: "back", dependsOn: ["plus"] },
  ]);
  return { registry, spec };
}

async function until(test: () => boolean, ms = 5_000): Promise<boolean> {
  const end = performance.now() + ms;
  while (!test()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

// On one core a worker never spins: main keeps the only one.
const SPINS = (navigator.hardwareConcurrency || 1) >= 2;

Deno.test("a pool worker stays awake after its step, and terminating the pool lets it go at once", async () => {
  const { registry, spec } = mainToWorker();
  const pool = new WorkerPool({ size: 1, spinMs: 60_000 });
  try {
    const first = await runPipeline(spec, { registry, pool });
    assert.equal(first.status, "completed");
    if (SPINS) assert.equal(pool.awake, 1, "spinning after the step (for up to a minute)");
    else assert.ok(await until(() => pool.awake === 0), "on one core a worker never spins");
    // the spinning worker takes the next run's step as usual
    const second = await runPipeline(spec, { registry, pool, keepOutputs: true });
    assert.equal(second.status, "completed");
    assert.deepEqual((second.outputs?.get("out")?.objects() as { x: number }[]).map((r) => r.x), [2, 3, 4]);
  } finally {
    pool.terminate();
  }
  assert.equal(pool.awake, 0);
  assert.equal(pool.live, 0);
});

Deno.test("with spinMs 0 a pool worker rests as soon as its step is done", async () => {
  const { registry, spec } = mainToWorker();
  const pool = new WorkerPool({ size: 1, spinMs: 0 });
  try {
    assert.equal((await runPipeline(spec, { registry, pool })).status, "completed");
    assert.ok(await until(() => pool.awake === 0), `still ${pool.awake} awake`);
  } finally {
    pool.terminate();
  }
});
