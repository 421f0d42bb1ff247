/**
 * The spec loader end to end: the seed's file, variables and overrides,
 * settings layers, the legacy dialect, modules, and pipelines built in code.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SpecErrorList } from "../lib/errors.ts";
import { buildPipeline, loadPipeline, parsePipeline } from "../lib/spec/load.ts";
import { coreCount } from "../lib/spec/settings.ts";
import { createDefaultRegistry } from "../ops/mod.ts";
import { fakeRegistry } from "./fixtures/spec/fake_ops.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/spec/", import.meta.url));
const SEED = join(FIXTURES, "seed_pipeline.yml");
const SEED_RETRY = { maxAttempts: 3, backoff: { kind: "list", ms: [100, 500, 2000] } };

Deno.test("the seed's pipeline file loads unchanged, rust meaning parallel", async () => {
  const spec = await loadPipeline(SEED, { registry: fakeRegistry() });
  assert.equal(spec.file, SEED);
  assert.equal(spec.baseDir, FIXTURES.replace(/\/$/, ""));
  assert.equal(spec.settings.engine, "parallel");
  assert.equal(spec.settings.maxParallel, 8);
  assert.deepEqual(spec.settings.retry, SEED_RETRY);
  assert.deepEqual(spec.steps.map((s) => [s.name, s.operation, s.resourceHint, s.dependsOn]), [
    ["load_data", "read_csv", "io_bound", []],
    ["transform", "query", "cpu_bound", ["load_data"]],
    ["aggregate", "groupby_agg", "cpu_bound", ["transform"]],
    ["save_result", "to_parquet", "io_bound", ["aggregate"]],
  ]);
  assert.deepEqual(spec.steps[2].params, { by: ["category"], agg: { amount: ["sum", "mean"] } });
  assert.deepEqual(spec.steps.map((s) => s.pos), [{ line: 10, col: 5 }, { line: 16, col: 5 }, { line: 23, col: 5 }, { line: 31, col: 5 }]);
  for (const step of spec.steps) assert.deepEqual(step.retry, SEED_RETRY);
  assert.deepEqual(spec.variables, {});
  assert.deepEqual(spec.modules, []);
});

const REAL = createDefaultRegistry();
const HAS_SEED_OPS = ["read_csv", "query", "groupby_agg", "to_parquet"].every((n) => REAL.has(n));

Deno.test({
  name: "the seed's pipeline file loads with no errors against the real operations",
  ignore: !HAS_SEED_OPS,
  fn: async () => {
    const spec = await loadPipeline(SEED, { registry: createDefaultRegistry() });
    assert.deepEqual(spec.steps.map((s) => s.operation), ["read_csv", "query", "groupby_agg", "to_parquet"]);
  },
});

Deno.test("--var overrides win over the file's variables, which fill every string", async () => {
  const yaml = `variables: {min: 100, limit: 10, out: result, engine: sequential, par: 3}
settings: {engine: "\${engine}", max_parallel: "\${par}"}
pipeline:
  - {name: load, operation: read_csv, params: {path: data.csv}}
  - {name: big, operation: query, depends_on: [load], params: {expr: "value > \${min}"}}
  - {name: top, operation: head, depends_on: [big], params: {n: "\${limit}"}}
  - {name: save, operation: to_parquet, depends_on: [top], params: {path: "\${out}/x.parquet"}}
`;
  const base = { registry: fakeRegistry(), file: "p.yml", baseDir: FIXTURES };
  const fromFile = await parsePipeline(yaml, base);
  assert.equal(fromFile.steps[1].params.expr, "value > 100");
  assert.equal(fromFile.steps[2].params.n, "10", "a whole ${name} stays a string; ops coerce");
  assert.equal(fromFile.steps[3].params.path, "result/x.parquet");
  assert.equal(fromFile.settings.engine, "sequential");
  assert.equal(fromFile.settings.maxParallel, 3);
  assert.deepEqual(fromFile.variables, { min: "100", limit: "10", out: "result", engine: "sequential", par: "3" });
  const overridden = await parsePipeline(yaml, { ...base, variables: { min: "5", out: "elsewhere" } });
  assert.equal(overridden.steps[1].params.expr, "value > 5");
  assert.equal(overridden.steps[3].params.path, "elsewhere/x.parquet");
  assert.equal(overridden.variables.min, "5");
  await assert.rejects(parsePipeline(yaml, { ...base, variables: { limit: "many" } }), (e: unknown) => {
    assert.ok(e instanceof SpecErrorList);
    assert.deepEqual(e.errors.map((x) => x.message), ['step "top": param "n" must be an integer, got "many"']);
    return true;
  });
});

Deno.test("settings layers: library defaults < file < command line; steps inherit retry and timeout", async () => {
  const yaml = `settings: {max_parallel: 4, timeout_ms: 5000, retry_policy: {max_attempts: 2}}
pipeline:
  - {name: a, operation: noop}
  - {name: b, operation: noop, depends_on: a, retry: {max_attempts: 5, backoff_ms: [10]}, timeout_ms: 100, resource_hint: cpu_bound}
`;
  const spec = await parsePipeline(yaml, {
    registry: fakeRegistry(),
    baseDir: FIXTURES,
    defaults: { maxParallel: 99, ioThreads: 9 },
    settings: { engine: "sequential" },
  });
  assert.equal(spec.settings.maxParallel, 4);
  assert.equal(spec.settings.ioThreads, 9);
  assert.equal(spec.settings.engine, "sequential");
  assert.equal(spec.settings.cpuThreads, coreCount());
  const [a, b] = spec.steps;
  assert.equal(a.resourceHint, "io_bound", "noop's own hint");
  assert.equal(a.timeoutMs, 5000);
  assert.deepEqual(a.retry, { maxAttempts: 2, backoff: { kind: "exponential", initialMs: 100, multiplier: 2, maxMs: 30000, jitter: false } });
  assert.equal(b.resourceHint, "cpu_bound");
  assert.equal(b.timeoutMs, 100);
  assert.deepEqual(b.retry, { maxAttempts: 5, backoff: { kind: "list", ms: [10] } });
  assert.deepEqual(b.dependsOn, ["a"]);
  const cli = await parsePipeline(yaml, { registry: fakeRegistry(), baseDir: FIXTURES, settings: { maxParallel: 1 } });
  assert.equal(cli.settings.maxParallel, 1);
});

Deno.test("operation aliases resolve to the canonical name", async () => {
  const spec = await parsePipeline("pipeline:\n  - {name: l, operation: read_csv, params: {path: data.csv}}\n  - {name: f, operation: filter, depends_on: l, params: {expr: id > 1}}\n", {
    registry: fakeRegistry(),
    baseDir: FIXTURES,
  });
  assert.equal(spec.steps[1].operation, "query");
});

Deno.test("the legacy steps: dialect loads into the same model as the seed's file", async () => {
  const legacy = await loadPipeline(join(FIXTURES, "legacy_workflow.yml"), { registry: fakeRegistry() });
  const seed = await loadPipeline(SEED, { registry: fakeRegistry() });
  const shape = (s: typeof seed) => s.steps.map((x) => [x.name, x.operation, x.dependsOn, x.params]);
  assert.deepEqual(shape(legacy), shape(seed));
  assert.deepEqual(legacy.variables, { threshold: "100" });
  assert.equal(legacy.steps[1].pos?.line, 10);
});

Deno.test("legacy problems are reported at the legacy keys with their original paths", async () => {
  await assert.rejects(
    parsePipeline("steps:\n  - {name: l, type: read, input: data.csv}\n  - {name: g, type: groupby, input: data, by: [categroy], agg: {amount: sum}}\n", {
      registry: fakeRegistry(),
      file: "old.yml",
      baseDir: FIXTURES,
    }),
    (e: unknown) => {
      assert.ok(e instanceof SpecErrorList);
      assert.deepEqual(e.errors.map((x) => [x.line, x.col, x.path, x.message]), [
        [3, 48, "steps[1].by[0]", 'step "g": param "by" names column "categroy", which its input does not have'],
      ]);
      return true;
    },
  );
});

Deno.test("steps written with operation: under the legacy steps: key get one problem that says to rename it", async () => {
  await assert.rejects(
    parsePipeline("name: x\nsteps:\n  - {name: a, operation: read_csv, params: {path: data.csv}}\n  - {name: b, operation: query, depends_on: [a]}\n", {
      registry: fakeRegistry(),
      file: "mixed.yml",
      baseDir: FIXTURES,
    }),
    (e: unknown) => {
      assert.ok(e instanceof SpecErrorList);
      assert.equal(e.errors.length, 1);
      const [x] = e.errors;
      assert.deepEqual([x.line, x.col, x.path], [2, 1, "steps"]);
      assert.match(x.message, /belong under pipeline:/);
      assert.equal(x.hint, "rename steps: to pipeline:");
      return true;
    },
  );
});

Deno.test("modules: exports with run become operations (source set), usable by steps and checked", async () => {
  const dir = await mkdtemp(join(tmpdir(), "pfw-spec-mod-"));
  try {
    await writeFile(join(dir, "my_ops.ts"), `
export const double_amount = {
  description: "Doubles amount.",
  params: { factor: { type: "number" } },
  run: (ctx: { input: unknown }) => ctx.input,
};
export const free_form = { resourceHint: "io_bound", run: () => [{ a: 1 }] };
`);
    await writeFile(join(dir, "data.csv"), "amount\n1\n");
    const yaml = `modules: [my_ops.ts]
pipeline:
  - {name: load, operation: read_csv, params: {path: data.csv}}
  - {name: dbl, operation: double_amount, depends_on: [load], params: {factor: 2}}
  - {name: free, operation: free_form, params: {whatever: [1, 2]}}
`;
    await writeFile(join(dir, "p.yml"), yaml);
    const registry = fakeRegistry();
    const spec = await loadPipeline(join(dir, "p.yml"), { registry });
    const url = pathToFileURL(join(dir, "my_ops.ts")).href;
    assert.deepEqual(spec.modules, [url]);
    assert.deepEqual(registry.get("double_amount")?.source, { moduleUrl: url, exportName: "double_amount" });
    assert.deepEqual(spec.steps.map((s) => [s.operation, s.resourceHint]), [["read_csv", "io_bound"], ["double_amount", "cpu_bound"], ["free_form", "io_bound"]]);
    await writeFile(join(dir, "bad.yml"), yaml.replace("factor: 2", "factor: two").replace("[my_ops.ts]", "[my_ops.ts, read_csv.ts]"));
    await writeFile(join(dir, "read_csv.ts"), "export const read_csv = { run() {} };\n");
    await assert.rejects(loadPipeline(join(dir, "bad.yml"), { registry: fakeRegistry() }), (e: unknown) => {
      assert.ok(e instanceof SpecErrorList);
      assert.deepEqual(e.errors.map((x) => `${x.line}:${x.col} ${x.message}`), [
        '1:22 module "read_csv.ts": export "read_csv" clashes with a built-in operation',
        '4:80 step "dbl": param "factor" must be a number, got "two"',
      ]);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

Deno.test("pipelines built in code get the same checks, located by path", async () => {
  const registry = fakeRegistry();
  const spec = await buildPipeline({
    settings: { engine: "python" },
    variables: { n: 3 },
    pipeline: [
      { name: "load", operation: "read_csv", params: { path: "data.csv" } },
      { name: "top", operation: "head", depends_on: "load", params: { n: "${n}" } },
    ],
  }, { registry, baseDir: FIXTURES });
  assert.equal(spec.file, undefined);
  assert.equal(spec.settings.engine, "sequential");
  assert.deepEqual(spec.steps[1].params, { n: "3" });
  assert.equal(spec.steps[1].pos, undefined);
  await assert.rejects(
    buildPipeline({ pipeline: [{ name: "a", operation: "noop", depends_on: ["b"] }, { name: "c", operation: "head", params: { n: -1 } }] }, { registry, baseDir: FIXTURES }),
    (e: unknown) => {
      assert.ok(e instanceof SpecErrorList);
      assert.deepEqual(e.errors.map((x) => [x.path, x.line, x.message]), [
        ["pipeline[0].depends_on[0]", undefined, 'step "a" depends on "b", which is not a step of this pipeline'],
        ["pipeline[1].params.n", undefined, 'step "c": param "n" must be ≥ 0, got -1'],
        ["pipeline[1].operation", undefined, 'step "c": operation "head" needs at least 1 input, got 0'],
      ]);
      return true;
    },
  );
});

Deno.test("a document built in code is not modified by loading it", async () => {
  const doc = { variables: { x: "1" }, pipeline: [{ name: "a", operation: "head", depends_on: [] as string[], params: { n: "${x}" } }] };
  const copy = structuredClone(doc);
  await buildPipeline(doc, { registry: fakeRegistry(), baseDir: FIXTURES, checkColumns: false }).catch(() => undefined);
  assert.deepEqual(doc, copy);
});

Deno.test("cancelling loading rejects with the abort reason", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(loadPipeline(SEED, { registry: fakeRegistry(), signal: controller.signal }), /stop/);
});
