import assert from "node:assert/strict";
import { translateLegacy } from "./legacy.ts";
import { Problems } from "./problems.ts";
import { parseYamlSource } from "./yaml_source.ts";

function translate(text: string) {
  const problems = new Problems("old.yml");
  const src = parseYamlSource(text, problems)!;
  problems.map = src.map;
  const { doc, map } = translateLegacy(src.value as Record<string, unknown>, src.map, problems);
  return { doc, map, errors: problems.errors };
}

Deno.test("legacy steps become pfw steps; a step depends on the latest one that wrote its input dataset", () => {
  const { doc, errors } = translate(`
name: "Customer pipeline"
variables: {min: 100}
steps:
  - {name: load, type: read, input: data.csv, output: raw}
  - {name: big, type: filter, input: raw, query: "value > \${min}", output: big}
  - {name: cols, type: select, input: big, columns: "category, amount", output: picked}
  - {name: agg, type: groupby, input: big, groupby: [category], agg: {amount: sum, value: [mean, max]}, output: summary}
  - {name: more, type: transform, input: summary, columns: {double: "amount_sum * 2"}}
  - {name: save, type: save, input: summary, output: out/result.parquet, config: {compression: zstd, write_index: false}}
  - {name: save_csv, type: save, input: big, output: big.csv}
`);
  assert.deepEqual(errors, []);
  assert.deepEqual(doc.variables, { min: 100 });
  assert.deepEqual(doc.pipeline, [
    { name: "load", operation: "read_csv", params: { path: "data.csv" } },
    { name: "big", operation: "query", depends_on: ["load"], params: { expr: "value > ${min}" } },
    { name: "cols", operation: "select", depends_on: ["big"], params: { columns: ["category", "amount"] } },
    { name: "agg", operation: "groupby_agg", depends_on: ["big"], params: { by: ["category"], agg: { amount: ["sum"], value: ["mean", "max"] } } },
    { name: "more", operation: "derive", depends_on: ["agg"], params: { columns: { double: "amount_sum * 2" } } },
    { name: "save", operation: "to_parquet", depends_on: ["more"], params: { path: "out/result.parquet", compression: "zstd" } },
    { name: "save_csv", operation: "to_csv", depends_on: ["big"], params: { path: "big.csv" } },
  ]);
});

Deno.test("legacy defaults: output defaults to the input's name, read's to data, so later steps see the latest", () => {
  const { doc, errors } = translate(`
steps:
  - {type: read, input: a.parquet}
  - {type: filter, query: "x > 1"}
  - {type: transform, transforms: [{column: x, operation: rename, to: y}]}
  - {type: transform, function: my_op, config: {factor: 2}}
  - {type: save, output: out.json}
`);
  assert.deepEqual(errors, []);
  assert.deepEqual(doc.pipeline, [
    { name: "step_0", operation: "read_parquet", params: { path: "a.parquet" } },
    { name: "step_1", operation: "query", depends_on: ["step_0"], params: { expr: "x > 1" } },
    { name: "step_2", operation: "rename", depends_on: ["step_1"], params: { columns: { x: "y" } } },
    { name: "step_3", operation: "my_op", depends_on: ["step_2"], params: { factor: 2 } },
    { name: "step_4", operation: "to_json", depends_on: ["step_3"], params: { path: "out.json", format: "records" } },
  ]);
});

Deno.test("legacy positions point into the original file with the original path", () => {
  const { map } = translate("steps:\n  - name: load\n    type: read\n    input: data.csv\n  - name: f\n    type: filter\n    query: x > 1\n");
  assert.deepEqual(map.get("pipeline[1].params.expr")?.pos, { line: 7, col: 12 });
  assert.equal(map.get("pipeline[1].params.expr")?.origin, "steps[1].query");
  assert.deepEqual(map.get("pipeline[1].operation")?.pos, { line: 6, col: 11 });
  assert.deepEqual(map.nearest(["pipeline", 1, "depends_on", 0])?.pos, { line: 5, col: 5 }, "no input written: the step itself");
});

Deno.test("legacy problems: unknown type, unknown dataset, unsupported options, missing keys", () => {
  const { errors, doc } = translate(`
steps:
  - {name: load, type: read, input: data.parquet, output: raw, config: {filters: [[a, ==, 1]]}}
  - {name: f, type: filtr, input: raw, output: f}
  - {name: g, type: groupby, input: rw, by: [a], agg: {b: sum}}
  - {name: s, type: select, input: f, colums: [a]}
  - {name: t, type: groupby, input: raw, by: a, agg: {total: '("b", "sum")'}}
`);
  assert.deepEqual(errors.map((e) => `${e.line}:${e.col} ${e.message}`), [
    '3:82 step "load": config.filters is not supported',
    '4:21 step "f": unknown step type "filtr"',
    '5:37 step "g": dataset "rw" is not the output of an earlier step',
    '6:39 unknown key "colums" in step "s"',
    '6:5 step "s": a select step needs `columns:`',
    '7:62 step "t": named aggregation "total": ("b", "sum") is not supported',
  ]);
  assert.match(errors[1].hint!, /did you mean "filter"\?/);
  assert.match(errors[2].hint!, /did you mean "raw"\?/);
  // steps that could not be translated stay as noops so their dependents are not reported again
  assert.deepEqual((doc.pipeline as { operation: string }[]).map((s) => s.operation), ["noop", "noop", "noop", "noop", "noop"]);
});
