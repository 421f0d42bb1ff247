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
  const custom = usedOf([read(), { name: "x", operation: "shell", params: { cmd: ["true"] }, dependsOn: ["read"] }, { name: "g", operation: "groupby_agg", params: { by: "k", agg: { v: ["sum"] } }, dependsOn: ["x"] }]);
  assert.deepEqual([custom.read, custom.x], [undefined, ["k", "v"]], "shell doesn't say what it reads");
});

Deno.test("columnsUsed unites what every dependent reads, and what a step reads applies to each of its inputs", () => {
  const used = usedOf([
    read(),
    read("other"),
    { name: "s", operation: "select", params: { columns: { a: "x" } }, dependsOn: ["read"] },
    { name: "g", operation: "groupby_agg", params: { by: ["c"], agg: { d: ["max"] } }, dependsOn: ["read", "other"] },
  ]);
  assert.deepEqual(used.read, ["a", "c", "d"]);
  assert.deepEqual(used.other, ["c", "d"]);
});

Deno.test("columnsUsed keeps a join's keys and both sides of a name that gets suffixes", () => {
  const used = usedOf([
    read("l"),
    read("r"),
    { name: "j", operation: "join", params: { on: "k", suffixes: ["_l", "_r"] }, dependsOn: ["l", "r"] },
    { name: "c", operation: "concat", dependsOn: ["j", "l"] },
    { name: "g", operation: "groupby_agg", params: { by: ["note_l"], agg: { v: ["sum"] } }, dependsOn: ["c"] },
  ]);
  assert.deepEqual(used.c, ["note_l", "v"]);
  assert.deepEqual(used.j, ["note_l", "v"]);
  assert.deepEqual(used.r, ["k", "note", "note_l", "v"], "note stays on the right too: the left one keeps its suffix");
  assert.deepEqual(used.l, ["k", "note", "note_l", "v"]);
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

Deno.test("a pruned join of two files with a shared column name gives the same rows as an unpruned one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-prune-join-"));
  try {
    const left = ["k,note,a,unused"], right = ["k,note,b,other"];
    for (let i = 0; i < 200; i++) left.push(`${i % 50},L${i % 3},${i},${i * 2}`);
    for (let i = 0; i < 50; i++) right.push(`${i},R${i % 4},${i * 10},x`);
    writeFileSync(join(dir, "l.csv"), left.join("\n") + "\n");
    writeFileSync(join(dir, "r.csv"), right.join("\n") + "\n");
    const steps = (out: string): TestStep[] => [
      { name: "l", operation: "read_csv", params: { path: "l.csv" } },
      { name: "r", operation: "read_csv", params: { path: "r.csv" }, resourceHint: "cpu_bound" },
      { name: "j", operation: "join", params: { on: "k", how: "left" }, dependsOn: ["l", "r"], resourceHint: "cpu_bound" },
      { name: "g", operation: "groupby_agg", params: { by: ["note_y"], agg: { a: ["sum"], b: ["max"] } }, dependsOn: ["j"], resourceHint: "cpu_bound" },
      { name: "save", operation: "to_csv", params: { path: out }, dependsOn: ["g"] },
    ];
    const s = new RunState(makePipeline(steps("x.csv"), {}, dir), registry, false);
    assert.deepEqual([...s.columnsUsed[0]!].sort(), ["a", "b", "k", "note", "note_y"]);
    for (const [out, keepOutputs] of [["pruned.csv", false], ["full.csv", true]] as const) {
      const r = await runPipeline(makePipeline(steps(out), {}, dir), { registry, keepOutputs });
      assert.equal(r.status, "completed", JSON.stringify(r.steps));
    }
    const pruned = readFileSync(join(dir, "pruned.csv"), "utf8");
    assert.equal(pruned, readFileSync(join(dir, "full.csv"), "utf8"));
    assert.equal(pruned.split("\n")[0], "note_y,a_sum,b_max");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
