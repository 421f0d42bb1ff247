import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "../../ops/mod.ts";
import type { Operation } from "../operation.ts";
import { makePipeline, type TestStep } from "../../tests/fixtures/engine/pipeline.ts";
import { RunState } from "./run_state.ts";
import { runPipeline } from "./run.ts";

const registry = createDefaultRegistry();

/** columnsUsed by step name, as sorted lists (undefined: every column). */
function usedOf(steps: TestStep[], keep = false): Record<string, string[] | undefined> {
  const s = new RunState(makePipeline(steps), registry, keep);
  return Object.fromEntries(steps.map((t, i) => [t.name, s.columnsUsed[i] ? [...s.columnsUsed[i]!].sort() : undefined]));
}

const read = (name = "read"): TestStep => ({ name, operation: "read_csv", params: { path: "x.csv" } });

Deno.test("columnsUsed follows the seed pipeline back to the three columns its reader must parse", () => {
  const used = usedOf([
    read(),
    { name: "filter", operation: "query", params: { expr: "value > 100" }, dependsOn: ["read"] },
    { name: "agg", operation: "groupby_agg", params: { by: ["category"], agg: { amount: ["sum", "mean"] } }, dependsOn: ["filter"] },
    { name: "save", operation: "to_parquet", params: { path: "out.parquet" }, dependsOn: ["agg"] },
  ]);
  assert.deepEqual(used, { read: ["amount", "category", "value"], filter: ["amount", "category"], agg: undefined, save: undefined });
});

Deno.test("columnsUsed is everything for final outputs, kept outputs and operations that don't say what they read", () => {
  assert.deepEqual(usedOf([read(), { name: "q", operation: "query", params: { expr: "a > 1" }, dependsOn: ["read"] }]), { read: undefined, q: undefined });
  const steps: TestStep[] = [read(), { name: "g", operation: "groupby_agg", params: { by: "a", agg: { b: ["sum"] } }, dependsOn: ["read"] }];
  assert.deepEqual(usedOf(steps).read, ["a", "b"]);
  assert.deepEqual(usedOf(steps, true).read, undefined, "keepOutputs: every table is the caller's");
  const joined = usedOf([read("l"), read("r"), { name: "j", operation: "join", params: { on: "k" }, dependsOn: ["l", "r"] }, { name: "g", operation: "groupby_agg", params: { by: "k", agg: { v: ["sum"] } }, dependsOn: ["j"] }]);
  assert.deepEqual([joined.l, joined.r, joined.j], [undefined, undefined, ["k", "v"]]);
});

Deno.test("columnsUsed unites what every dependent reads, and a dependency that is not the input counts as whole", () => {
  const used = usedOf([
    read(),
    read("other"),
    { name: "s", operation: "select", params: { columns: { a: "x" } }, dependsOn: ["read"] },
    { name: "g", operation: "groupby_agg", params: { by: ["c"], agg: { d: ["max"] } }, dependsOn: ["read", "other"] },
  ]);
  assert.deepEqual(used.read, ["a", "c", "d"]);
  assert.equal(used.other, undefined, "g reads only its first input; other's table is all there");
});

Deno.test("columnsUsed maps names back through derive, rename, sort and the pass-through operations", () => {
  const used = usedOf([
    read(),
    { name: "d", operation: "derive", params: { columns: { t: "a * b", c: "upper(c)" } }, dependsOn: ["read"] },
    { name: "r", operation: "rename", params: { columns: { t: "total" } }, dependsOn: ["d"] },
    { name: "s", operation: "sort", params: { by: "e" }, dependsOn: ["r"] },
    { name: "h", operation: "head", params: { n: 3 }, dependsOn: ["s"] },
    { name: "n", operation: "noop", dependsOn: ["h"] },
    { name: "g", operation: "groupby_agg", params: { by: ["c"], agg: { total: ["sum"] } }, dependsOn: ["n"] },
  ]);
  assert.deepEqual(used.r, ["c", "e", "total"]);
  assert.deepEqual(used.d, ["c", "e", "t"]);
  assert.deepEqual(used.read, ["a", "b", "c", "e"]);
  const whole = usedOf([read(), { name: "u", operation: "distinct", dependsOn: ["read"] }, { name: "g", operation: "groupby_agg", params: { by: ["a"], agg: { b: ["sum"] } }, dependsOn: ["u"] }]);
  assert.equal(whole.read, undefined, "distinct without columns compares whole rows");
});

Deno.test("a run parses only the columns later steps read, and writes the same result as a run that keeps everything", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-prune-"));
  try {
    const lines = ["id,category,region,amount,value,date"];
    for (let i = 0; i < 500; i++) lines.push(`${i},c${i % 7},${i % 2 ? "east" : "west"},${(i * 37) % 1000}.5,${(i * 13) % 200},2024-01-${String(1 + (i % 28)).padStart(2, "0")}`);
    writeFileSync(join(dir, "data.csv"), lines.join("\n") + "\n");
    const seen: string[][] = [];
    const spy: Operation = {
      name: "spy",
      description: "records its input's columns, reads value and category",
      resourceHint: "io_bound",
      params: {},
      inputColumns: () => ["category", "value", "amount"],
      run(ctx) {
        seen.push(ctx.input!.columnNames());
        return ctx.input;
      },
    };
    const reg = createDefaultRegistry().register(spy);
    const steps = (out: string): TestStep[] => [
      { name: "load", operation: "read_csv", params: { path: "data.csv" }, resourceHint: "cpu_bound" },
      { name: "look", operation: "spy", dependsOn: ["load"] },
      { name: "keep", operation: "query", params: { expr: "value > 100" }, dependsOn: ["look"] },
      { name: "agg", operation: "groupby_agg", params: { by: ["category"], agg: { amount: ["sum", "mean"] } }, dependsOn: ["keep"] },
      { name: "save", operation: "to_csv", params: { path: out }, dependsOn: ["agg"] },
    ];
    const pruned = await runPipeline(makePipeline(steps("pruned.csv"), {}, dir), { registry: reg });
    assert.equal(pruned.status, "completed");
    assert.deepEqual(seen[0], ["category", "amount", "value"], "file order, only what is read");
    const full = await runPipeline(makePipeline(steps("full.csv"), {}, dir), { registry: reg, keepOutputs: true });
    assert.equal(full.status, "completed");
    assert.deepEqual(seen[1], ["id", "category", "region", "amount", "value", "date"]);
    assert.equal(readFileSync(join(dir, "pruned.csv"), "utf8"), readFileSync(join(dir, "full.csv"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
