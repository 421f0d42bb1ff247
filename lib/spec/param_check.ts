/**
 * Checks a step's params against its operation's {@link ParamSchema}s.
 *
 * The schema subset: `type` (one or several; `integer` = whole numbers),
 * `enum`, `items`, `properties`, `additionalProperties`, `anyOf`, `minimum`,
 * `minItems`, plus the operation's `required` list. An object schema with
 * `properties` and no `additionalProperties` rejects keys it does not list.
 * Defaults are not applied: params stay as written and operations apply their
 * own defaults.
 *
 * Every step also accepts `input` (a string naming one of its dependencies)
 * unless its operation declares `input` itself.
 *
 * @module
 */
import type { JsonType, Operation, ParamSchema } from "../operation.ts";
import { didYouMean, unknownNameHint } from "../did_you_mean.ts";
import { q } from "./problems.ts";
import { describeValue, isMap, type ScalarContext, variableBoolean, variableNumber } from "./scalars.ts";
import type { Path } from "./source_map.ts";

/** The schema of the `input` param every step accepts. */
export const INPUT_PARAM: ParamSchema = { type: "string", description: "The dependency whose output is this step's input (default: the first)." };

/** One problem found in a value, at an absolute path. */
export interface ValueIssue {
  path: Path;
  message: string;
  hint?: string;
  at?: "key" | "value";
}

const TYPE_WORDS: Record<JsonType, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a map",
  null: "null",
};

/** `a list of strings`, `one of "snappy", "zstd"`, `a string or a list of strings`. */
export function describeSchema(schema: ParamSchema): string {
  if (schema.anyOf?.length) return schema.anyOf.map(describeSchema).join(" or ");
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return "any value";
  return types.map((t) => {
    if (t === "array" && schema.items && !schema.items.anyOf && schema.items.type && !Array.isArray(schema.items.type)) {
      return `a list of ${TYPE_WORDS[schema.items.type].replace(/^an? /, "")}s`.replace("true or falses", "booleans");
    }
    if (t === "object" && isMap(schema.additionalProperties) && !schema.properties) {
      return `a map of ${describeSchema(schema.additionalProperties).replace(/^an? /, "")}s`;
    }
    return TYPE_WORDS[t];
  }).join(" or ");
}

function typeMatches(v: unknown, t: JsonType, path: Path, whole: ReadonlySet<string>): boolean {
  switch (t) {
    case "string":
      return typeof v === "string";
    case "number":
      return (typeof v === "number" && Number.isFinite(v)) || variableNumber(v, path, whole) !== undefined;
    case "integer": {
      const n = typeof v === "number" ? v : variableNumber(v, path, whole);
      return n !== undefined && Number.isInteger(n);
    }
    case "boolean":
      return typeof v === "boolean" || variableBoolean(v, path, whole) !== undefined;
    case "array":
      return Array.isArray(v);
    case "object":
      return isMap(v);
    case "null":
      return v === null;
  }
}

function kindOf(v: unknown): JsonType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v as JsonType;
}

function schemaTypes(s: ParamSchema): JsonType[] {
  if (s.type !== undefined) return Array.isArray(s.type) ? s.type : [s.type];
  if (s.anyOf) return s.anyOf.flatMap(schemaTypes);
  return [];
}

/**
 * Checks `value` against `schema`, appending problems to `out`. `path` is
 * the value's absolute path; `whole` lists strings that were one `${name}`.
 */
export function checkValue(value: unknown, schema: ParamSchema, path: Path, whole: ReadonlySet<string>, out: ValueIssue[]): void {
  if (schema.anyOf?.length) {
    const tries = schema.anyOf.map((alt) => {
      const issues: ValueIssue[] = [];
      checkValue(value, alt, path, whole, issues);
      return { alt, issues };
    });
    if (!tries.some((t) => t.issues.length === 0)) {
      const kind = kindOf(value);
      const sameKind = tries.filter((t) => schemaTypes(t.alt).some((ty) => ty === kind || (ty === "number" && kind === "integer")));
      if (sameKind.length === 1) out.push(...sameKind[0].issues);
      else out.push({ path, message: `must be ${describeSchema(schema)}, got ${describeValue(value)}` });
      return;
    }
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(value, t, path, whole))) {
      out.push({ path, message: `must be ${describeSchema({ ...schema, enum: undefined, anyOf: undefined })}, got ${describeValue(value)}` });
      return;
    }
  }
  if (schema.enum && !schema.enum.some((e) => e === value || (typeof value === "string" && String(e) === value))) {
    out.push({
      path,
      message: `must be ${describeSchema({ enum: schema.enum })}, got ${describeValue(value)}`,
      hint: typeof value === "string" ? didYouMean(value, schema.enum.map(String)) || undefined : undefined,
    });
    return;
  }
  if (schema.minimum !== undefined) {
    const n = typeof value === "number" ? value : variableNumber(value, path, whole);
    if (n !== undefined && n < schema.minimum) out.push({ path, message: `must be ≥ ${schema.minimum}, got ${n}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({ path, message: `must list at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}, got ${value.length}` });
    }
    if (schema.items) value.forEach((item, i) => checkValue(item, schema.items!, [...path, i], whole, out));
  } else if (isMap(value)) {
    const props = schema.properties;
    const extra = schema.additionalProperties;
    for (const [k, v] of Object.entries(value)) {
      if (props && k in props) checkValue(v, props[k], [...path, k], whole, out);
      else if (isMap(extra)) checkValue(v, extra, [...path, k], whole, out);
      else if (extra === false || (props && extra === undefined)) {
        out.push({ path: [...path, k], at: "key", message: `unknown key ${q(k)}`, hint: unknownNameHint(k, Object.keys(props ?? {}), "valid keys") });
      }
    }
  }
}

/** What {@link checkParams} reports into. */
export interface ParamContext extends ScalarContext {
  step: string;
  /** Receives the names of the params that had a problem. */
  bad?: Set<string>;
}

/**
 * Checks `params` (at `path`, e.g. `pipeline[2].params`) against `op`.
 * Returns true when nothing was wrong.
 */
export function checkParams(op: Operation, params: Record<string, unknown>, path: Path, ctx: ParamContext): boolean {
  const before = ctx.problems.count;
  const known = Object.keys(op.params);
  const accepted = op.params.input ? known : [...known, "input"];
  const issues: ValueIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const schema = op.params[name] ?? (name === "input" ? INPUT_PARAM : undefined);
    if (schema) checkValue(value, schema, [...path, name], ctx.whole, issues);
    else if (!op.openParams) {
      ctx.bad?.add(name);
      ctx.problems.add(`step ${q(ctx.step)}: unknown param ${q(name)} for operation ${q(op.name)}`, {
        path: [...path, name],
        at: "key",
        step: ctx.step,
        hint: accepted.length ? unknownNameHint(name, accepted, "accepted params") : `${op.name} takes no params`,
      });
    }
  }
  for (const issue of issues) {
    ctx.bad?.add(String(issue.path[path.length]));
    const param = issue.path.slice(path.length).map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[");
    ctx.problems.add(`step ${q(ctx.step)}: param ${q(param)} ${issue.message}`, {
      path: issue.path,
      at: issue.at,
      step: ctx.step,
      hint: issue.hint,
    });
  }
  for (const name of op.required ?? []) {
    if (params[name] !== undefined) continue;
    const desc = op.params[name]?.description;
    ctx.problems.add(`step ${q(ctx.step)}: operation ${q(op.name)} needs param ${q(name)}`, {
      path,
      at: "key",
      step: ctx.step,
      hint: `add \`${name}: …\` under params${desc ? ` (${desc})` : ""}`,
    });
  }
  return ctx.problems.count === before;
}
