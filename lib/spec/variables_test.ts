import assert from "node:assert/strict";
import { Problems } from "./problems.ts";
import { readVariables, substitute, variableRecord } from "./variables.ts";

function run(vars: unknown, overrides: Record<string, string> | undefined, value: unknown) {
  const problems = new Problems("p.yml");
  const variables = readVariables(vars, overrides, problems);
  const whole = new Set<string>();
  const out = substitute(value, ["pipeline", 0, "params"], { variables, problems, whole });
  return { out, whole, problems, variables };
}

Deno.test("variables are substituted in every string inside params, keys left alone", () => {
  const { out, problems } = run({ min: 100, dir: "out" }, undefined, {
    expr: "value > ${min}",
    path: "${dir}/result.parquet",
    nested: { list: ["${dir}", 3, true], "${min}": "k" },
  });
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(out, { expr: "value > 100", path: "out/result.parquet", nested: { list: ["out", 3, true], "${min}": "k" } });
});

Deno.test("--var overrides win over the file and may add names", () => {
  const { out, variables } = run({ min: 100 }, { min: "5", extra: "x" }, "${min}-${extra}");
  assert.equal(out, "5-x");
  assert.deepEqual(variableRecord(variables), { min: "5", extra: "x" });
});

Deno.test("a whole ${name} stays a string and is remembered for number coercion", () => {
  const { out, whole } = run({ n: 10 }, undefined, { n: "${n}", m: "x${n}" });
  assert.deepEqual(out, { n: "10", m: "x10" });
  assert.deepEqual([...whole], ["pipeline[0].params.n"]);
});

Deno.test("$${ writes a literal ${", () => {
  const { out, problems } = run({}, undefined, "echo $${HOME} costs $5");
  assert.equal(out, "echo ${HOME} costs $5");
  assert.equal(problems.count, 0);
});

Deno.test("unknown, malformed and valueless variables are errors naming the variable", () => {
  const { problems } = run({ region: null, minimum: 1 }, undefined, ["${minimun}", "${bad name}", "${region}", "${open"]);
  const messages = problems.errors.map((e) => e.message);
  assert.deepEqual(messages, [
    'unknown variable "minimun"',
    'malformed variable reference "${bad name}" in "${bad name}"',
    'variable "region" has no value',
    'malformed variable reference "${open" in "${open"',
  ]);
  assert.match(problems.errors[0].hint!, /did you mean "minimum"\?/);
  assert.equal(problems.errors[0].path, "pipeline[0].params[0]");
});

Deno.test("variables must be a map of scalars", () => {
  const { problems } = run({ ok: "x", list: [1], "bad-name": 1 }, undefined, "");
  assert.deepEqual(problems.errors.map((e) => e.message), [
    'variable "list" must be a string, number or boolean',
    'variable name "bad-name" is not valid',
  ]);
  assert.equal(run([1, 2], undefined, "").problems.errors[0].message, "`variables` must be a map of names to values");
});
