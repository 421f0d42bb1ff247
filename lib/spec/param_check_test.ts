import assert from "node:assert/strict";
import type { Operation, ParamSchema } from "../operation.ts";
import { checkParams, checkValue, describeSchema, type ValueIssue } from "./param_check.ts";
import { Problems } from "./problems.ts";

function issues(value: unknown, schema: ParamSchema, whole: string[] = []): string[] {
  const out: ValueIssue[] = [];
  checkValue(value, schema, ["p"], new Set(whole), out);
  return out.map((i) => `${i.path.join(".")}: ${i.message}`);
}

Deno.test("param types: integer accepts whole numbers only; several types may be allowed", () => {
  assert.deepEqual(issues(3, { type: "integer" }), []);
  assert.deepEqual(issues(3.5, { type: "integer" }), ["p: must be an integer, got 3.5"]);
  assert.deepEqual(issues("x", { type: ["number", "null"] }), ['p: must be a number or null, got "x"']);
  assert.deepEqual(issues(null, { type: ["number", "null"] }), []);
  assert.deepEqual(issues([1], { type: "object" }), ["p: must be a map, got a list"]);
  assert.deepEqual(issues(true, { type: "boolean" }), []);
});

Deno.test("param enum, minimum and minItems", () => {
  assert.deepEqual(issues("zstd", { enum: ["snappy", "zstd"] }), []);
  assert.deepEqual(issues("snapy", { enum: ["snappy", "zstd"] }), ['p: must be one of "snappy", "zstd", got "snapy"']);
  assert.deepEqual(issues(-1, { type: "number", minimum: 0 }), ["p: must be ≥ 0, got -1"]);
  assert.deepEqual(issues([], { type: "array", minItems: 1 }), ["p: must list at least 1 item, got 0"]);
});

Deno.test("param items, additionalProperties and properties point at the bad element", () => {
  assert.deepEqual(issues(["a", 2], { type: "array", items: { type: "string" } }), ["p.1: must be a string, got 2"]);
  assert.deepEqual(
    issues({ amount: ["sum", "avg"] }, { type: "object", additionalProperties: { type: "array", items: { enum: ["sum", "mean"] } } }),
    ['p.amount.1: must be one of "sum", "mean", got "avg"'],
  );
  assert.deepEqual(issues({ a: 1, bb: 2 }, { type: "object", properties: { a: { type: "number" }, b: { type: "number" } } }), ['p.bb: unknown key "bb"']);
  assert.deepEqual(issues({ a: 1, z: 2 }, { type: "object", properties: { a: {} }, additionalProperties: true }), []);
});

Deno.test("param anyOf: any alternative passes; else the alternative of the same kind explains", () => {
  const cols: ParamSchema = { anyOf: [{ type: "array", items: { type: "string" } }, { type: "object", additionalProperties: { type: "string" } }] };
  assert.deepEqual(issues(["a"], cols), []);
  assert.deepEqual(issues({ a: "b" }, cols), []);
  assert.deepEqual(issues(["a", 1], cols), ["p.1: must be a string, got 1"]);
  assert.deepEqual(issues(5, cols), ["p: must be a list of strings or a map of strings, got 5"]);
  assert.equal(describeSchema(cols), "a list of strings or a map of strings");
});

Deno.test("a whole ${variable} string passes as a number or boolean when it reads as one", () => {
  assert.deepEqual(issues("10", { type: "integer", minimum: 1 }, ["p"]), []);
  assert.deepEqual(issues("0", { type: "integer", minimum: 1 }, ["p"]), ["p: must be ≥ 1, got 0"]);
  assert.deepEqual(issues("ten", { type: "integer" }, ["p"]), ['p: must be an integer, got "ten"']);
  assert.deepEqual(issues("10", { type: "integer" }), ['p: must be an integer, got "10"']);
  assert.deepEqual(issues("false", { type: "boolean" }, ["p"]), []);
});

const op: Operation = {
  name: "head",
  description: "first rows",
  resourceHint: "cpu_bound",
  params: { n: { type: "integer", minimum: 0, description: "How many rows." }, keep: { type: "boolean" } },
  required: ["n"],
  run: () => undefined,
};

Deno.test("checkParams reports unknown params with did-you-mean and missing required ones", () => {
  const problems = new Problems("p.yml");
  const ok = checkParams(op, { m: 3, keep: "yes", input: "a" }, ["pipeline", 0, "params"], { problems, whole: new Set(), step: "h" });
  assert.equal(ok, false);
  assert.deepEqual(problems.errors.map((e) => [e.message, e.path, e.step]), [
    ['step "h": unknown param "m" for operation "head"', "pipeline[0].params.m", "h"],
    ['step "h": param "keep" must be true or false, got "yes"', "pipeline[0].params.keep", "h"],
    ['step "h": operation "head" needs param "n"', "pipeline[0].params", "h"],
  ]);
  assert.match(problems.errors[0].hint!, /did you mean "n"\? Accepted params: n, keep, input/);
  assert.match(problems.errors[2].hint!, /add `n: …` under params \(How many rows\.\)/);
});

Deno.test("an operation with openParams accepts any param but still checks declared ones", () => {
  const problems = new Problems(undefined);
  const open: Operation = { ...op, openParams: true, required: [] };
  assert.equal(checkParams(open, { anything: 1, n: 2 }, ["params"], { problems, whole: new Set(), step: "s" }), true);
  assert.equal(checkParams(open, { n: -2 }, ["params"], { problems, whole: new Set(), step: "s" }), false);
});
