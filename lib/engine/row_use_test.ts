import assert from "node:assert/strict";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { makePipeline, type TestStep } from "../../tests/fixtures/engine/pipeline.ts";
import { RunState } from "./run_state.ts";

const registry = createDefaultRegistry();

/** rowsUsed by step name (undefined: every row). */
function usedOf(steps: TestStep[], keep = false): Record<string, number | undefined> {
  const s = new RunState(makePipeline(steps), registry, keep);
  return Object.fromEntries(steps.map((t, i) => [t.name, s.rowsUsed[i]]));
}

const read: TestStep = { name: "read", operation: "read_csv", params: { path: "x.csv" } };
const sort: TestStep = { name: "sort", operation: "sort", params: { by: ["v"] }, dependsOn: ["read"] };

Deno.test("rowsUsed: a sort read only by a head (through select and rename) needs the head's rows", () => {
  const used = usedOf([
    read,
    sort,
    { name: "slim", operation: "select", params: { columns: ["v"] }, dependsOn: ["sort"] },
    { name: "top", operation: "head", params: { n: 1000 }, dependsOn: ["slim"] },
    { name: "named", operation: "rename", params: { columns: { v: "w" } }, dependsOn: ["top"] },
    { name: "first", operation: "head", params: { n: 10 }, dependsOn: ["named"] },
  ]);
  assert.deepEqual(used, { read: undefined, sort: 10, slim: 10, top: 10, named: 10, first: undefined });
  assert.equal(usedOf([read, sort, { name: "top", operation: "head", dependsOn: ["sort"] }]).sort, 5, "head's default n");
});

Deno.test("rowsUsed is every row for final outputs, kept outputs, other readers and other inputs", () => {
  const top = (name: string, n: number): TestStep => ({ name, operation: "head", params: { n }, dependsOn: ["sort"] });
  assert.equal(usedOf([read, sort, top("a", 10), top("b", 20)]).sort, 20, "the most any head reads");
  assert.equal(usedOf([read, sort, top("a", 10), { name: "q", operation: "query", params: { expr: "v > 1" }, dependsOn: ["sort"] }]).sort, undefined);
  assert.equal(usedOf([read, sort, top("a", 10)], true).sort, undefined, "keepOutputs: every table is the caller's");
  assert.equal(usedOf([read, sort]).sort, undefined, "a final output");
  const other = usedOf([
    read,
    sort,
    { name: "other", operation: "sort", params: { by: ["v"] }, dependsOn: ["read"] },
    { name: "top", operation: "head", params: { n: 3, input: "other" }, dependsOn: ["sort", "other"] },
  ]);
  assert.deepEqual([other.sort, other.other], [undefined, 3], "only the head's own input is cut");
  assert.equal(usedOf([read, sort, { name: "top", operation: "head", params: { n: -1 }, dependsOn: ["sort"] }]).sort, undefined, "bad params: the step reports them");
});
