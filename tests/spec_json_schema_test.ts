/**
 * schema/pipeline.schema.json is generated from the operation registry and
 * must not drift from it.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { pipelineJsonSchema } from "../lib/spec/json_schema.ts";
import { REGENERATE_COMMAND, renderPipelineSchema, SCHEMA_FILE } from "../lib/spec/write_json_schema.ts";
import { fakeRegistry } from "./fixtures/spec/fake_ops.ts";

Deno.test("the committed JSON Schema equals the one generated from the registry", async () => {
  const committed = await readFile(SCHEMA_FILE, "utf8").catch(() => "(missing)");
  assert.ok(committed === renderPipelineSchema(), `schema/pipeline.schema.json is out of date: run \`${REGENERATE_COMMAND}\` to regenerate it`);
});

// deno-lint-ignore no-explicit-any
type Json = Record<string, any>;

Deno.test("the JSON Schema lists every operation and attaches its params by operation name", () => {
  const schema = pipelineJsonSchema(fakeRegistry()) as Json;
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  const step = schema.definitions.step;
  assert.deepEqual(step.required, ["name", "operation"]);
  const names = step.properties.operation.anyOf[0].enum as string[];
  assert.ok(names.includes("groupby_agg") && names.includes("filter") && names.includes("query"));
  const rule = step.allOf.find((r: Json) => r.if.properties.operation.enum.includes("filter"));
  assert.deepEqual(rule.if.properties.operation.enum, ["query", "filter"]);
  const params = rule.then.properties.params;
  assert.equal(params.additionalProperties, false);
  assert.deepEqual(params.required, ["expr"]);
  assert.deepEqual(Object.keys(params.properties), ["expr", "input"]);
  assert.deepEqual(rule.then.required, ["params"]);
  const head = step.allOf.find((r: Json) => r.if.properties.operation.enum[0] === "head").then.properties.params.properties.n;
  assert.deepEqual(head.anyOf[0], { type: "integer", minimum: 0 }, "numbers may also be a ${variable}");
  assert.equal(head.anyOf[1].pattern, "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$");
  assert.deepEqual(schema.definitions.settings.properties.engine.enum, ["parallel", "sequential", "rust", "python"]);
  assert.deepEqual(step.properties.resource_hint.enum, ["cpu_bound", "io_bound", "memory_bound", "network_bound"]);
});

Deno.test("pipelines that validate pass the JSON Schema; mistakes it can see fail it", async () => {
  const { YAML } = await import("../lib/deps_yaml.ts");
  const { validate } = await import("./fixtures/spec/mini_json_schema.ts");
  const schema = pipelineJsonSchema(fakeRegistry()) as Json;
  const seed = YAML.parse(await readFile(new URL("./fixtures/spec/seed_pipeline.yml", import.meta.url), "utf8"));
  assert.deepEqual(validate(seed, schema, schema), []);
  const legacy = YAML.parse(await readFile(new URL("./fixtures/spec/legacy_workflow.yml", import.meta.url), "utf8"));
  assert.deepEqual(validate(legacy, schema, schema), []);
  const withVars = { variables: { n: 5 }, settings: { max_parallel: "${n}" }, pipeline: [{ name: "h", operation: "head", depends_on: "x", params: { n: "${n}" } }] };
  assert.deepEqual(validate(withVars, schema, schema), []);
  const bad = structuredClone(seed);
  bad.pipeline[2].params.agg = { amount: ["avg"] };
  bad.pipeline[1].params.exprr = "x";
  bad.settings.engine = "turbo";
  assert.deepEqual(validate(bad, schema, schema), [
    "$.settings.engine: not in enum",
    "$.pipeline[1].params.exprr: not allowed",
    "$.pipeline[2].params.agg.amount[0]: not in enum",
  ]);
});
