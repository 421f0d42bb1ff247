/**
 * The JSON Schema (draft-07) of pipeline YAML, generated from an operation
 * registry so it cannot drift from what `validate` accepts. Editors use it
 * through `# yaml-language-server: $schema=…` to complete and check files.
 *
 * Each operation's params are attached with `if`/`then` on the step's
 * `operation` (its name and aliases). Numbers and booleans may also be
 * written as a whole `${variable}`.
 *
 * The committed copy is schema/pipeline.schema.json; regenerate it with
 * `deno run -A lib/spec/write_json_schema.ts`.
 *
 * @module
 */
import type { Operation, ParamSchema } from "../operation.ts";
import type { OperationRegistry } from "../registry.ts";
import { RESOURCE_HINTS } from "../types.ts";
import { LEGACY_TYPES } from "./legacy.ts";
import { INPUT_PARAM } from "./param_check.ts";
import { ENGINE_NAMES } from "./settings.ts";

type Json = Record<string, unknown>;

/** A string that is exactly one `${name}`. */
const VARIABLE: Json = { type: "string", pattern: "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$", description: "A ${variable} (substituted before checking)." };

function withVariable(schema: Json): Json {
  const types = Array.isArray(schema.type) ? schema.type as string[] : schema.type ? [schema.type as string] : [];
  if (types.includes("string") || !types.some((t) => t === "number" || t === "integer" || t === "boolean")) return schema;
  const { description, ...rest } = schema;
  return { ...(description ? { description } : {}), anyOf: [rest, VARIABLE] };
}

/** A {@link ParamSchema} as JSON Schema (objects with `properties` reject other keys, as `validate` does). */
export function paramToJsonSchema(p: ParamSchema): Json {
  const out: Json = {};
  if (p.description) out.description = p.description;
  if (p.type !== undefined) out.type = p.type;
  if (p.enum) out.enum = [...p.enum];
  if (p.default !== undefined) out.default = p.default;
  if (p.minimum !== undefined) out.minimum = p.minimum;
  if (p.minItems !== undefined) out.minItems = p.minItems;
  if (p.items) out.items = paramToJsonSchema(p.items);
  if (p.properties) {
    out.properties = Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, paramToJsonSchema(v)]));
  }
  if (typeof p.additionalProperties === "object") out.additionalProperties = paramToJsonSchema(p.additionalProperties);
  else if (p.additionalProperties !== undefined) out.additionalProperties = p.additionalProperties;
  else if (p.properties) out.additionalProperties = false;
  if (p.anyOf) out.anyOf = p.anyOf.map(paramToJsonSchema);
  return withVariable(out);
}

function paramsSchema(op: Operation): Json {
  const properties: Json = {};
  for (const name of Object.keys(op.params)) properties[name] = paramToJsonSchema(op.params[name]);
  if (!op.params.input) properties.input = paramToJsonSchema(INPUT_PARAM);
  const out: Json = { type: "object", properties, additionalProperties: op.openParams === true };
  if (op.required?.length) out.required = [...op.required];
  return out;
}

const positiveInt = (description: string, minimum = 1): Json => withVariable({ type: "integer", minimum, description });

function retrySchema(description: string): Json {
  return {
    type: "object",
    description,
    additionalProperties: false,
    properties: {
      max_attempts: positiveInt("Tries in all, the first included (1 = no retry)."),
      backoff_ms: {
        description: "Waits between tries: a list (the last value repeats) or an exponential curve.",
        anyOf: [
          { type: "array", minItems: 1, items: positiveInt("Milliseconds.", 0) },
          positiveInt("Milliseconds, for every wait.", 0),
          {
            type: "object",
            additionalProperties: false,
            properties: {
              initial_ms: positiveInt("First wait (default 100).", 0),
              multiplier: withVariable({ type: "number", minimum: 1, description: "Growth per try (default 2)." }),
              max_ms: positiveInt("Longest wait (default 30000).", 0),
              jitter: withVariable({ type: "boolean", description: "Randomise each wait (default false)." }),
            },
          },
        ],
      },
    },
  };
}

/**
 * The JSON Schema of pipeline files for the operations in `registry`.
 *
 * @example
 * await Deno.writeTextFile("pipeline.schema.json", JSON.stringify(pipelineJsonSchema(createDefaultRegistry()), null, 2));
 */
export function pipelineJsonSchema(registry: OperationRegistry): object {
  const ops = registry.list();
  const opNames = ops.flatMap((op) => [op.name, ...(op.aliases ?? [])]).sort();
  const step: Json = {
    type: "object",
    required: ["name", "operation"],
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 1, description: "Unique step name; depends_on refers to it." },
      operation: {
        type: "string",
        description: "What the step does (`pfw ops` lists them; custom ones come from `modules:`).",
        ...(opNames.length ? { anyOf: [{ enum: opNames }, { type: "string" }] } : {}),
      },
      resource_hint: { enum: [...RESOURCE_HINTS], description: "Where the step runs (default: the operation's own hint)." },
      depends_on: {
        description: "Steps that must finish first; the first one's output is this step's input.",
        anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
      },
      params: { type: "object", description: "The operation's parameters." },
      retry: retrySchema("Overrides settings.retry_policy for this step."),
      timeout_ms: positiveInt("Hard timeout per attempt, in milliseconds."),
    },
    allOf: ops.map((op) => ({
      if: { properties: { operation: { enum: [op.name, ...(op.aliases ?? [])] } }, required: ["operation"] },
      then: {
        properties: { params: { ...paramsSchema(op), description: op.description } },
        ...(op.required?.length ? { required: ["params"] } : {}),
      },
    })),
  };
  const settings: Json = {
    type: "object",
    additionalProperties: false,
    properties: {
      engine: { enum: Object.keys(ENGINE_NAMES), description: "parallel (rust is an alias) or sequential (python is an alias)." },
      max_parallel: positiveInt("Most steps running at once (default 8)."),
      cpu_threads: positiveInt("Worker threads for cpu_bound and memory_bound steps (default: chosen per run, at most the core count)."),
      io_threads: positiveInt("Concurrent io_bound and network_bound steps (default 4)."),
      memory_slots: positiveInt("memory_bound steps at once (default 1)."),
      retry_policy: retrySchema("Retry policy of every step."),
      timeout_ms: positiveInt("Default hard timeout per attempt, in milliseconds."),
      cancel_grace_ms: positiveInt("How long busy workers may run on after a cancel (default 2000).", 0),
      fail_fast: withVariable({ type: "boolean", description: "Stop starting steps after the first failure (default false)." }),
    },
  };
  const legacyStep: Json = {
    type: "object",
    required: ["type"],
    properties: {
      name: { type: "string" },
      type: { enum: [...LEGACY_TYPES] },
      input: { type: "string", description: "A file (read) or a dataset name." },
      output: { type: "string", description: "A dataset name, or a file (save)." },
    },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "pfw pipeline",
    description: "A pfw YAML pipeline: settings, variables, modules and a list of steps run as a DAG.",
    type: "object",
    additionalProperties: false,
    anyOf: [{ required: ["pipeline"] }, { required: ["steps"] }],
    properties: {
      name: { type: "string", description: "A name for people." },
      description: { type: "string", description: "A description for people." },
      version: { description: "Accepted in parquetframe's older `steps:` dialect." },
      settings: { $ref: "#/definitions/settings" },
      variables: {
        type: "object",
        description: "Values for ${name} in any string; --var name=value overrides them.",
        propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
        additionalProperties: { type: ["string", "number", "boolean", "null"] },
      },
      modules: {
        type: "array",
        description: "TypeScript/JavaScript files (relative to this file) whose exports add operations.",
        items: { type: "string" },
      },
      pipeline: { type: "array", minItems: 1, items: { $ref: "#/definitions/step" } },
      steps: { type: "array", description: "parquetframe's older dialect (type: read|filter|select|groupby|transform|save).", items: { $ref: "#/definitions/legacy_step" } },
    },
    definitions: { settings, step, legacy_step: legacyStep },
  };
}
