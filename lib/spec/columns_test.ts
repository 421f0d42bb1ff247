import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { SpecErrorList } from "../errors.ts";
import type { Operation } from "../operation.ts";
import { fakeRegistry } from "../../tests/fixtures/spec/fake_ops.ts";
import { findColumnNode } from "./columns.ts";
import { parsePipeline } from "./load.ts";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/spec/", import.meta.url));

async function problems(yaml: string, extra: Operation[] = [], checkColumns = true) {
  const registry = fakeRegistry().registerAll(extra);
  try {
    await parsePipeline(yaml, { registry, file: "p.yml", baseDir: FIXTURES, checkColumns });
    return [];
  } catch (e) {
    if (!(e instanceof SpecErrorList)) throw e;
    return e.errors;
  }
}

const LOAD = `pipeline:
  - name: load
    operation: read_csv
    params: {path: data.csv}
`;

Deno.test("a missing column in a list param is reported at that element, with the closest name and the columns", async () => {
  const errors = await problems(LOAD + `  - name: agg
    operation: groupby_agg
    depends_on: [load]
    params:
      by: [id, categroy]
      agg: {amount: [sum]}
`);
  assert.equal(errors.length, 1);
  const e = errors[0];
  assert.equal(e.message, 'step "agg": param "by" names column "categroy", which its input does not have');
  assert.equal(e.hint, 'did you mean "category"? Available columns: id, category, amount, value');
  assert.deepEqual([e.line, e.col, e.path, e.step], [9, 16, "pipeline[1].params.by[1]", "agg"]);
});

Deno.test("a missing column used as a map key is reported at the key", async () => {
  const errors = await problems(LOAD + `  - name: agg
    operation: groupby_agg
    depends_on: [load]
    params: {by: category, agg: {amont: [sum]}}
`);
  assert.equal(errors.length, 1);
  assert.deepEqual([errors[0].line, errors[0].col, errors[0].path], [8, 34, "pipeline[1].params.agg.amont"]);
  assert.match(errors[0].hint!, /did you mean "amount"\?/);
});

Deno.test("columns follow the DAG: names made upstream are known downstream, missing ones are not", async () => {
  const errors = await problems(LOAD + `  - name: agg
    operation: groupby_agg
    depends_on: [load]
    params: {by: [category], agg: {amount: [sum, mean]}}
  - name: big
    operation: filter
    depends_on: [agg]
    params: {expr: "amount_sum > 10 and amount > 1"}
`);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].message, 'step "big": param "expr" names column "amount", which its input does not have');
  // two names start with "amount": no single guess, the list says it all
  assert.equal(errors[0].hint, "available columns: category, amount_sum, amount_mean");
  assert.equal(errors[0].path, "pipeline[2].params.expr");
});

Deno.test("unknown columns upstream switch checks off downstream instead of raising false errors", async () => {
  const mystery: Operation = { name: "mystery", description: "", resourceHint: "cpu_bound", params: {}, run: () => undefined };
  const errors = await problems(LOAD + `  - name: m
    operation: mystery
    depends_on: [load]
  - name: agg
    operation: groupby_agg
    depends_on: [m]
    params: {by: [whatever], agg: {anything: [sum]}}
`, [mystery]);
  assert.deepEqual(errors, []);
});

Deno.test("params.input chooses which dependency's columns are checked", async () => {
  const errors = await problems(`pipeline:
  - {name: a, operation: read_csv, params: {path: data.csv}}
  - {name: b, operation: read_csv, params: {path: other.csv}}
  - name: agg
    operation: groupby_agg
    depends_on: [a, b]
    params: {input: b, by: [category], agg: {amount: [sum]}}
`);
  assert.deepEqual(errors.map((e) => e.message), [
    'step "agg": param "by" names column "category", which its input does not have',
    'step "agg": param "agg" names column "amount", which its input does not have',
  ]);
  assert.match(errors[0].hint!, /available columns: key, label$/);
});

Deno.test("an unreadable input file is reported at the path param", async () => {
  const errors = await problems(`pipeline:
  - name: load
    operation: read_csv
    params: {path: no_such.csv}
`);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /^step "load": .*cannot read no_such.csv: ENOENT/);
  assert.deepEqual([errors[0].line, errors[0].col, errors[0].path], [4, 20, "pipeline[0].params.path"]);
});

Deno.test("checkColumns: false skips reading files and column checks", async () => {
  assert.deepEqual(await problems("pipeline:\n  - {name: load, operation: read_csv, params: {path: no_such.csv}}\n", [], false), []);
});

Deno.test("a param path naming a map key (agg.amont) points at that key", async () => {
  const keyed: Operation = {
    name: "keyed",
    description: "",
    resourceHint: "cpu_bound",
    params: { agg: { type: "object" } },
    minInputs: 1,
    columns(ctx) {
      for (const col of Object.keys(ctx.params.agg as object)) if (!ctx.input?.includes(col)) ctx.missing(`agg.${col}`, col, ctx.input ?? []);
      return undefined;
    },
    run: () => undefined,
  };
  const errors = await problems(LOAD + "  - name: k\n    operation: keyed\n    depends_on: [load]\n    params:\n      agg:\n        amont: [sum]\n", [keyed]);
  assert.deepEqual(errors.map((e) => [e.line, e.col, e.path]), [[10, 9, "pipeline[1].params.agg.amont"]]);
});

Deno.test("findColumnNode finds strings and keys anywhere in a param", () => {
  assert.deepEqual(findColumnNode({ a: ["x", { y: "col" }] }, "col", ["p"]), { path: ["p", "a", 1, "y"], at: "value" });
  assert.deepEqual(findColumnNode({ col: 1 }, "col", ["p"]), { path: ["p", "col"], at: "key" });
  assert.equal(findColumnNode("col > 1", "col", ["p"]), undefined);
});
