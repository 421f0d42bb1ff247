import assert from "node:assert/strict";
import { buildGraph } from "./graph.ts";

const step = (name: string, ...dependsOn: string[]) => ({ name, dependsOn });

Deno.test("buildGraph lists dependencies in depends_on order and dependents", () => {
  const g = buildGraph([step("a"), step("b"), step("c", "b", "a")]);
  assert.deepEqual([...g.deps.subarray(g.depStart[2], g.depStart[3])], [1, 0]);
  assert.deepEqual([...g.succs.subarray(g.succStart[0], g.succStart[1])], [2]);
  assert.equal(g.index.get("c"), 2);
});

Deno.test("buildGraph orders topologically, keeping file order where edges allow", () => {
  const g = buildGraph([step("late", "x"), step("a"), step("x", "a"), step("b")]);
  assert.deepEqual([...g.order], [1, 2, 0, 3]);
});

Deno.test("buildGraph counts the longest remaining path in steps", () => {
  const g = buildGraph([step("a"), step("b", "a"), step("c", "b"), step("d", "a"), step("e")]);
  assert.deepEqual([...g.pathLen], [3, 2, 1, 1, 1]);
});

Deno.test("buildGraph rejects unknown dependencies and cycles", () => {
  assert.throws(() => buildGraph([step("a", "nope")]), /depends on "nope"/);
  assert.throws(() => buildGraph([step("a", "b"), step("b", "a")]), /form a cycle/);
  assert.throws(() => buildGraph([step("a", "a")]), /form a cycle/);
});
