/**
 * Every kind of pipeline mistake, one bad file each: the message, line and
 * column the user sees. Then one file with many mistakes: all reported, sorted.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SpecErrorList } from "../lib/errors.ts";
import { loadPipeline, parsePipeline } from "../lib/spec/load.ts";
import { fakeRegistry } from "./fixtures/spec/fake_ops.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/spec/", import.meta.url));

async function errorsOf(yaml: string) {
  try {
    await parsePipeline(yaml, { registry: fakeRegistry(), file: "bad.yml", baseDir: FIXTURES });
  } catch (e) {
    if (e instanceof SpecErrorList) return e.errors;
    throw e;
  }
  throw new Error("expected the pipeline to be refused");
}

const LOAD = "pipeline:\n  - name: load\n    operation: read_csv\n    params: {path: data.csv}\n";

/** [kind, yaml, message (exact or pattern), line, col] */
const CASES: [string, string, string | RegExp, number, number][] = [
  ["yaml syntax", "pipeline:\n  - name: a\n   operation: b\n", /^YAML syntax error: /, 3, 1],
  ["unknown top-level key", "setings: {}\n" + LOAD, 'unknown key "setings" in the pipeline file', 1, 1],
  ["unknown settings key", "settings:\n  max_paralel: 2\n" + LOAD, 'unknown key "max_paralel" in settings', 2, 3],
  ["bad engine", "settings: {engine: turbo}\n" + LOAD, 'engine must be parallel or sequential, got "turbo"', 1, 20],
  ["unknown step key", LOAD + "    dependson: [x]\n", 'unknown key "dependson" in step "load"', 5, 5],
  ["unknown operation", "pipeline:\n  - name: a\n    operation: red_csv\n", 'step "a": unknown operation "red_csv"', 3, 16],
  ["duplicate step name", LOAD + "  - name: load\n    operation: noop\n", 'duplicate step name "load"', 5, 11],
  ["missing dependency", LOAD + "  - name: f\n    operation: noop\n    depends_on: [lod]\n", 'step "f" depends on "lod", which is not a step of this pipeline', 7, 18],
  ["self dependency", LOAD + "  - name: f\n    operation: noop\n    depends_on: f\n", 'step "f" depends on itself', 7, 17],
  [
    "cycle",
    "pipeline:\n  - {name: a, operation: noop, depends_on: [c]}\n  - {name: b, operation: noop, depends_on: [a]}\n  - {name: c, operation: noop, depends_on: [b]}\n",
    "dependency cycle: a → b → c → a",
    2,
    45,
  ],
  ["bad resource_hint", LOAD + "    resource_hint: gpu_bound\n", 'step "load": resource_hint must be one of cpu_bound, io_bound, memory_bound, network_bound, got "gpu_bound"', 5, 20],
  ["bad retry max_attempts", LOAD + "    retry: {max_attempts: 0}\n", 'step "load": max_attempts must be a positive integer, got 0', 5, 27],
  ["empty backoff list", "settings:\n  retry_policy: {backoff_ms: []}\n" + LOAD, "backoff_ms must not be an empty list", 2, 30],
  ["bad timeout", LOAD + "    timeout_ms: -5\n", 'step "load": timeout_ms must be a positive integer, got -5', 5, 17],
  ["missing required param", "pipeline:\n  - name: load\n    operation: read_csv\n    params: {delimiter: ;}\n", 'step "load": operation "read_csv" needs param "path"', 4, 5],
  ["mistyped param", "pipeline:\n  - name: load\n    operation: read_csv\n    params: {path: data.csv, header: maybe}\n", 'step "load": param "header" must be true or false, got "maybe"', 4, 38],
  ["unknown param", "pipeline:\n  - name: load\n    operation: read_csv\n    params: {path: data.csv, sep: ;}\n", 'step "load": unknown param "sep" for operation "read_csv"', 4, 30],
  ["operation's own check", LOAD + "  - name: q\n    operation: query\n    depends_on: [load]\n    params:\n      expr: x.constructor\n", 'step "q": param "expr" uses a forbidden name', 9, 13],
  ["too few inputs", LOAD + "  - name: q\n    operation: query\n    params: {expr: id > 1}\n", 'step "q": operation "query" needs at least 1 input, got 0', 6, 16],
  ["params.input not a dependency", LOAD + "  - name: q\n    operation: query\n    depends_on: [load]\n    params: {expr: id > 1, input: other}\n", 'step "q": params.input names "other", which is not in its depends_on', 8, 35],
  ["unknown variable", "variables: {min: 1}\n" + LOAD + "  - name: q\n    operation: query\n    depends_on: [load]\n    params: {expr: 'id > ${mni}'}\n", 'unknown variable "mni"', 9, 20],
  ["empty pipeline", "pipeline: []\n", "the pipeline has no steps", 1, 11],
  ["pipeline not a list", "pipeline: {name: a}\n", "pipeline must be a list of steps, got a map", 1, 11],
  ["no pipeline", "settings: {}\n", "the pipeline has no `pipeline:` list of steps", 1, 1],
  ["empty file", "# nothing yet\n", "the pipeline file is empty", 1, 1],
  ["top level not a map", "- name: a\n", "a pipeline must be a map with settings and pipeline, got a list", 1, 1],
  ["step that is not a map", "pipeline:\n  - load\n", 'pipeline entry 1 must be a map with name, operation, params…, got "load"', 2, 5],
  ["params not a map", LOAD + "  - {name: f, operation: noop, depends_on: load, params: [1]}\n", 'step "f": params must be a map, got a list', 5, 58],
  ["depends_on not a list", LOAD + "  - {name: f, operation: noop, depends_on: {a: 1}}\n", 'step "f": depends_on must be a step name or a list of step names, got a map', 5, 44],
  ["step without a name", "pipeline:\n  - operation: noop\n", "pipeline entry 1 has no name", 2, 5],
  ["module that does not exist", "modules:\n  - nope.ts\n" + LOAD, 'module file "nope.ts" not found', 2, 5],
  ["missing column", LOAD + "  - name: q\n    operation: query\n    depends_on: [load]\n    params: {expr: valeu > 1}\n", 'step "q": param "expr" names column "valeu", which its input does not have', 8, 20],
];

for (const [kind, yaml, message, line, col] of CASES) {
  Deno.test(`validation reports ${kind} with its line and column`, async () => {
    const errors = await errorsOf(yaml);
    assert.equal(errors.length, 1, errors.map((e) => e.format()).join("\n"));
    const e = errors[0];
    if (typeof message === "string") assert.equal(e.message.replace(/ \(looked for .*\)$/, ""), message);
    else assert.match(e.message, message);
    assert.deepEqual([e.line, e.col], [line, col], e.format());
    assert.equal(e.file, "bad.yml");
  });
}

Deno.test("validation suggests the closest name for misspellings", async () => {
  const hints = async (yaml: string) => (await errorsOf(yaml))[0].hint ?? "";
  assert.match(await hints("pipeline:\n  - name: a\n    operation: groupby_ag\n"), /did you mean "groupby_agg"\?/);
  assert.match(await hints(LOAD + "    dependson: []\n"), /did you mean "depends_on"\?/);
  assert.match(await hints(LOAD + "  - {name: f, operation: noop, depends_on: [laod]}\n"), /did you mean "load"\?/);
  assert.match(await hints("pipeline:\n  - {name: l, operation: read_csv, params: {path: data.csv, delimitr: ;}}\n"), /did you mean "delimiter"\?/);
  assert.match(await hints(LOAD + "    resource_hint: cpu\n"), /did you mean "cpu_bound"\?/);
});

Deno.test("one file with many mistakes reports every one of them, sorted by line", async () => {
  const yaml = `settings:
  engine: warp
  max_parallel: 0
variables:
  min: 100
pipeline:
  - name: load
    operation: read_csv
    params: {path: data.csv, delimitr: ";"}
  - name: load
    operation: groupby_ag
    depends_on: [lod]
  - name: t
    operation: query
    resource_hint: cpu
    depends_on: load
    params: {expr: "value > \${mni}"}
  - name: agg
    operation: groupby_agg
    depends_on: [t, c]
    params: {by: [category], agg: {amount: [sum, avg]}}
  - name: c
    operation: noop
    depends_on: [agg]
    timeout_ms: 0
`;
  const errors = await errorsOf(yaml);
  const got = errors.map((e) => `${e.line}:${e.col} ${e.message}`);
  assert.deepEqual(got, [
    '2:11 engine must be parallel or sequential, got "warp"',
    "3:17 max_parallel must be a positive integer, got 0",
    '9:30 step "load": unknown param "delimitr" for operation "read_csv"',
    '10:11 duplicate step name "load"',
    '11:16 step "load": unknown operation "groupby_ag"',
    '15:20 step "t": resource_hint must be one of cpu_bound, io_bound, memory_bound, network_bound, got "cpu"',
    '17:20 unknown variable "mni"',
    "20:21 dependency cycle: agg → c → agg",
    '21:50 step "agg": param "agg.amount[1]" must be one of "sum", "mean", "count", "min", "max", "median", "std", "var", "nunique", "first", "last", got "avg"',
    '25:17 step "c": timeout_ms must be a positive integer, got 0',
  ]);
  // the list error prints every problem as file:line:col
  const list = new SpecErrorList(errors);
  assert.match(list.message, /^10 problems in the pipeline:\n {2}bad.yml:2:11: engine must be/);
});

Deno.test("a billion-laughs file is refused with an error before anything expands", async () => {
  const levels = "abcdefghij";
  const lines = [`${levels[0]}: &${levels[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(10).fill(`*${levels[i - 1]}`).join(", ")}]`);
  const errors = await errorsOf(lines.join("\n") + "\npipeline: []\n");
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /YAML aliases expand beyond the limit/);
  assert.deepEqual([errors[0].line, errors[0].col], [2, 8]);
});

Deno.test("an unreadable pipeline file is one error naming the file and what to do", async () => {
  const dir = await mkdtemp(join(tmpdir(), "pfw-spec-"));
  try {
    const missing = join(dir, "nope.yml");
    await assert.rejects(loadPipeline(missing, { registry: fakeRegistry() }), (e: unknown) => {
      assert.ok(e instanceof SpecErrorList);
      assert.equal(e.errors.length, 1);
      assert.equal(e.errors[0].file, missing);
      assert.equal(e.errors[0].message, "cannot read the pipeline file: no such file");
      assert.match(e.errors[0].hint!, /check the path/);
      return true;
    });
    await assert.rejects(loadPipeline(dir, { registry: fakeRegistry() }), /it is a folder/);
    const bad = join(dir, "bad.yml");
    await writeFile(bad, "pipeline:\n  - name: [\n");
    await assert.rejects(loadPipeline(bad, { registry: fakeRegistry() }), (e: unknown) => e instanceof SpecErrorList && e.errors[0].file === bad);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
