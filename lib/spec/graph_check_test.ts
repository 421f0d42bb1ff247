import assert from "node:assert/strict";
import { checkGraph, type GraphNode } from "./graph_check.ts";
import { Problems } from "./problems.ts";

function graph(spec: Record<string, string[]> | [string, string[]][]) {
  const entries = Array.isArray(spec) ? spec : Object.entries(spec);
  const nodes: GraphNode[] = entries.map(([name, deps], i) => ({
    name,
    namePath: ["pipeline", i, "name"],
    deps: deps.map((d, k) => ({ name: d, path: ["pipeline", i, "depends_on", k] })),
  }));
  const problems = new Problems(undefined);
  const result = checkGraph(nodes, problems);
  return { ...result, messages: problems.errors.map((e) => e.message), errors: problems.errors, names: entries.map((e) => e[0]) };
}

Deno.test("graph order puts every step after its dependencies", () => {
  const g = graph({ save: ["agg"], load: [], agg: ["filter", "load"], filter: ["load"] });
  assert.deepEqual(g.messages, []);
  const pos = new Map(g.order.map((i, k) => [g.names[i], k]));
  assert.equal(g.order.length, 4);
  assert.ok(pos.get("load")! < pos.get("filter")!);
  assert.ok(pos.get("filter")! < pos.get("agg")!);
  assert.ok(pos.get("agg")! < pos.get("save")!);
});

Deno.test("a cycle is printed in data-flow order, starting at the first step written", () => {
  const g = graph({ a: ["c"], b: ["a"], c: ["b"], d: ["c"] });
  assert.deepEqual(g.messages, ["dependency cycle: a → b → c → a"]);
  assert.equal(g.errors[0].path, "pipeline[0].depends_on[0]");
  assert.equal(g.errors[0].step, "a");
  assert.deepEqual(g.order, []);
});

Deno.test("two separate cycles are both reported; steps outside them still get an order", () => {
  const g = graph({ ok: [], x: ["y", "ok"], y: ["x"], p: ["q"], q: ["p"] });
  assert.deepEqual(g.messages, ["dependency cycle: x → y → x", "dependency cycle: p → q → p"]);
  assert.deepEqual(g.order, [0]);
});

Deno.test("duplicate names, missing dependencies and self-dependencies are reported", () => {
  const g = graph([["load", []], ["load", []], ["f", ["lod", "f"]]]);
  assert.deepEqual(g.messages, [
    'duplicate step name "load"',
    'step "f" depends on "lod", which is not a step of this pipeline',
    'step "f" depends on itself',
  ]);
  assert.match(g.errors[1].hint!, /did you mean "load"\?/);
  assert.equal(g.errors[1].path, "pipeline[2].depends_on[0]");
});

Deno.test("a 100,000-step chain is ordered without overflowing the stack, and its cycle found", () => {
  const n = 100_000;
  const entries: [string, string[]][] = Array.from({ length: n }, (_, i) => [`s${i}`, i === 0 ? [] : [`s${i - 1}`]]);
  assert.equal(graph(entries).order.length, n);
  entries[0] = ["s0", [`s${n - 1}`]];
  const g = graph(entries);
  assert.equal(g.messages.length, 1);
  assert.match(g.messages[0], /^dependency cycle: s0 → s1 → .* → s9 → … \(99985 more\) → s99995 → .* → s99999 → s0$/);
});
