import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  CancellationToken,
  getConfig,
  type ProgressEvent,
  resetConfig,
  RunStore,
  setConfig,
  SpecErrorList,
  UsageError,
  Workflow,
} from "../mod.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "pfw-api-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const SLEEPS = `
settings:
  engine: sequential
variables:
  ms: "5"
pipeline:
  - name: first
    operation: sleep
    params: {ms: "\${ms}"}
  - name: second
    operation: sleep
    depends_on: [first]
    params: {ms: "\${ms}"}
`;

Deno.test("Workflow.fromYaml runs a file, reports progress per step and records the run beside it", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "pipeline.yml");
    await Deno.writeTextFile(file, SLEEPS);
    const wf = await Workflow.fromYaml(file, { variables: { ms: 1 } });
    assert.equal(wf.executorBackend, "sequential");
    assert.deepEqual(wf.steps.map((s) => String(s.params.ms)), ["1", "1"], "--var style variables win over the file's");
    const seen: [string, string, number][] = [];
    const events: ProgressEvent[] = [];
    const result = await wf.execute({
      onProgress: (step, status, progress, event) => {
        seen.push([step, status, progress]);
        events.push(event);
      },
    });
    assert.equal(result.status, "completed");
    assert.deepEqual(result.steps.map((s) => [s.name, s.status, s.attempts]), [["first", "completed", 1], [
      "second",
      "completed",
      1,
    ]]);
    const firstDone = seen.findIndex(([s, st]) => s === "first" && st === "completed");
    const secondRuns = seen.findIndex(([s, st]) => s === "second" && st === "running");
    assert.ok(firstDone >= 0 && secondRuns > firstDone, "second runs after first completed");
    assert.ok(events.every((e) => typeof e.elapsedMs === "number"));
    const store = RunStore.open(join(dir, ".pfw", "pfw.db"));
    try {
      const [run] = store.listRuns();
      assert.equal(run.id, result.runId);
      assert.equal(run.status, "completed");
      assert.equal(run.pipeline, file);
      assert.deepEqual(store.steps(run.id).map((s) => s.status), ["completed", "completed"]);
      assert.equal(store.attempts(run.id).length, 2);
    } finally {
      store.close();
    }
  });
});

Deno.test("Workflow.fromYaml with db: false records nothing", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "pipeline.yml");
    await Deno.writeTextFile(file, SLEEPS);
    const result = await (await Workflow.fromYaml(file, { db: false })).execute();
    assert.equal(result.status, "completed");
    assert.ok(!existsSync(join(dir, ".pfw")));
  });
});

Deno.test("Workflow.fromYaml throws every problem of an invalid file, with line and column", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "bad.yml");
    await Deno.writeTextFile(file, "pipeline:\n  - name: a\n    operation: slep\n    params: {ms: 1}\n");
    await assert.rejects(Workflow.fromYaml(file), (err: unknown) => {
      assert.ok(err instanceof SpecErrorList);
      assert.equal(err.errors[0].line, 3);
      assert.match(err.errors[0].message + (err.errors[0].hint ?? ""), /sleep/);
      return true;
    });
  });
});

Deno.test("a workflow built in code runs inline operations and keeps outputs", async () => {
  const wf = new Workflow({ maxParallel: 2, db: false })
    .addStep({ name: "make", operation: { run: () => [{ x: 1 }, { x: 2 }, { x: 3 }] } })
    .addStep({
      name: "total",
      operation: {
        run: (
          ctx,
        ) => [{ sum: (ctx.input!.objects() as { x: number }[]).reduce((a, r) => a + r.x, 0), factor: ctx.params.factor }],
      },
      params: { factor: 10 },
      dependsOn: ["make"],
    })
    .addStep({ name: "wait", operation: "sleep", params: { ms: 1 }, dependsOn: ["make"] });
  assert.equal(wf.executorBackend, "parallel");
  const result = await wf.execute({ keepOutputs: true });
  assert.equal(result.status, "completed");
  assert.deepEqual(result.outputs!.get("total")!.objects(), [{ sum: 6, factor: 10 }]);
  assert.equal(wf.spec!.settings.maxParallel, 2);
});

Deno.test("a workflow built in code reports its mistakes as a SpecErrorList with paths", async () => {
  const wf = new Workflow({ db: false })
    .addStep({ name: "a", operation: "sleep", params: { ms: 1 } })
    .addStep({ name: "b", operation: "noop", dependsOn: ["missing"] });
  await assert.rejects(wf.execute(), (err: unknown) => {
    assert.ok(err instanceof SpecErrorList);
    assert.ok(err.errors.some((e) => /missing/.test(e.message)), err.message);
    return true;
  });
  assert.throws(() => wf.addStep({ name: "c", operation: {} as never }), UsageError);
});

Deno.test("a workflow retries a failing step as its retry policy says", async () => {
  let calls = 0;
  const wf = new Workflow({ db: false }).addStep({
    name: "flaky",
    operation: {
      run: () => {
        calls++;
        if (calls < 3) throw new Error(`failure ${calls}`);
        return [{ ok: true }];
      },
    },
    retry: { maxAttempts: 3, backoffMs: [1] },
  });
  const result = await wf.execute();
  assert.equal(result.status, "completed");
  assert.equal(result.steps[0].attempts, 3);
  assert.equal(calls, 3);
});

Deno.test("steps cannot be added to a workflow loaded from YAML", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "p.yml");
    await Deno.writeTextFile(file, SLEEPS);
    const wf = await Workflow.fromYaml(file, { db: false });
    assert.throws(() => wf.addStep({ name: "x", operation: "noop" }), UsageError);
  });
});

Deno.test("a CancellationToken cancels a running workflow", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "p.yml");
    await Deno.writeTextFile(file, "pipeline:\n  - name: long\n    operation: sleep\n    params: {ms: 60000}\n");
    const token = new CancellationToken();
    const wf = await Workflow.fromYaml(file, { cancellationToken: token, db: false });
    const result = await wf.execute({
      onProgress: (_step, status) => {
        if (status === "running") token.cancel("test");
      },
    });
    assert.equal(result.status, "cancelled");
    assert.equal(result.steps[0].status, "cancelled");
  });
});

Deno.test("setConfig sets defaults that a file's settings override", async () => {
  await withDir(async (dir) => {
    try {
      setConfig({ maxParallel: 3, ioThreads: 2, retryMaxAttempts: 4 });
      const plain = join(dir, "plain.yml");
      await Deno.writeTextFile(plain, "pipeline:\n  - name: a\n    operation: noop\n");
      const own = join(dir, "own.yml");
      await Deno.writeTextFile(own, "settings:\n  max_parallel: 7\npipeline:\n  - name: a\n    operation: noop\n");
      const a = (await Workflow.fromYaml(plain, { db: false })).spec!;
      assert.equal(a.settings.maxParallel, 3);
      assert.equal(a.settings.ioThreads, 2);
      assert.equal(a.steps[0].retry.maxAttempts, 4);
      assert.equal((await Workflow.fromYaml(own, { db: false })).spec!.settings.maxParallel, 7);
    } finally {
      resetConfig();
    }
  });
});

Deno.test("PFW_* variables give defaults; setConfig wins over them; bad values are refused", () => {
  try {
    assert.deepEqual(
      getConfig({ PFW_MAX_PARALLEL: "5", PFW_CPU_THREADS: "2", PFW_IO_THREADS: "3", PFW_RETRY_MAX_ATTEMPTS: "2" }),
      {
        maxParallel: 5,
        cpuThreads: 2,
        ioThreads: 3,
        retryMaxAttempts: 2,
      },
    );
    setConfig({ maxParallel: 9 });
    assert.equal(getConfig({ PFW_MAX_PARALLEL: "5" }).maxParallel, 9);
    assert.throws(() => getConfig({ PFW_IO_THREADS: "many" }), UsageError);
    assert.throws(() => setConfig({ maxParallel: 0 }), RangeError);
    assert.throws(() => setConfig({ maxParalel: 2 } as never), TypeError);
  } finally {
    resetConfig();
  }
});
