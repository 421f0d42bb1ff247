/**
 * Writes docs/operations.md from the operation registry and the expression
 * language's function table, so the reference cannot drift from the code:
 *
 *     ./node_modules/.bin/deno run -A build/gen_docs.ts
 *
 * build/gen_docs_test.ts fails when the committed file differs from what
 * this would write.
 *
 * @module
 */
import { rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Operation, ParamSchema } from "../lib/operation.ts";
import { exampleStep } from "../lib/cli/op_example.ts";
import { FUNCTIONS } from "../lib/expr/mod.ts";
import { INPUT_PARAM } from "../lib/spec/param_check.ts";
import { CONTROL_OPERATIONS } from "../ops/control.ts";
import { IO_OPERATIONS } from "../ops/io.ts";
import { BUILTIN_OPERATIONS } from "../ops/mod.ts";
import { TRANSFORM_OPERATIONS } from "../ops/transforms.ts";

/** Where the operation reference is committed. */
export const OPERATIONS_DOC: string = fileURLToPath(new URL("../docs/operations.md", import.meta.url));

/** The command that regenerates {@link OPERATIONS_DOC}. */
export const REGENERATE_DOCS_COMMAND = "./node_modules/.bin/deno run -A build/gen_docs.ts";

/** A group of operations in the reference. */
export interface OperationGroup {
  title: string;
  intro: string;
  ops: readonly Operation[];
}

/** The reference's sections, in order; every built-in operation is in exactly one. */
export function operationGroups(): OperationGroup[] {
  const groups: OperationGroup[] = [
    { title: "Reading and writing", intro: "Readers start a pipeline (no inputs); writers end a branch. Relative paths start at the pipeline file's folder; writers write a temporary file and rename it, so no partial output is left.", ops: IO_OPERATIONS },
    { title: "Transforms", intro: "Table in, table out. Expressions (`query`, `derive`) use pfw's expression language, below.", ops: TRANSFORM_OPERATIONS },
    { title: "Control", intro: "Steps that pass data through or run programs.", ops: CONTROL_OPERATIONS },
  ];
  const grouped = new Set(groups.flatMap((g) => g.ops));
  const rest = BUILTIN_OPERATIONS.filter((op) => !grouped.has(op));
  if (rest.length) groups.push({ title: "Other", intro: "", ops: rest });
  return groups;
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_ -]/g, "").replace(/ /g, "-");
}

/** A param's type in words: `string`, `list of string`, `map of number`, `one of "a", "b"`, `string or list of string`. */
export function typeText(schema: ParamSchema): string {
  if (schema.anyOf?.length) return schema.anyOf.map(typeText).join(" or ");
  if (schema.enum?.length) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return "any";
  return types.map((t) => {
    if (t === "array" && schema.items) return `list of ${wrap(typeText(schema.items))}`;
    if (t === "array") return "list";
    if (t === "object" && schema.properties) return `map {${Object.keys(schema.properties).join(", ")}}`;
    if (t === "object" && typeof schema.additionalProperties === "object") return `map of ${wrap(typeText(schema.additionalProperties))}`;
    if (t === "object") return "map";
    return t;
  }).join(" or ");
}

function wrap(text: string): string {
  return text.includes(" or ") ? `(${text})` : text;
}

function defaultText(schema: ParamSchema): string {
  return schema.default === undefined ? "" : "`" + JSON.stringify(schema.default) + "`";
}

/** One operation's section. */
export function renderOperation(op: Operation): string {
  const facts = [`resource_hint \`${op.resourceHint}\``];
  if (op.aliases?.length) facts.unshift(`alias${op.aliases.length > 1 ? "es" : ""} ${op.aliases.map((a) => `\`${a}\``).join(", ")}`);
  facts.push(op.minInputs ? `inputs: at least ${op.minInputs}` : "inputs: none needed");
  const lines = [`### ${op.name}`, "", op.description, "", facts.join(" · "), ""];
  const params = Object.entries(op.params);
  if (params.length === 0) {
    lines.push("No params.", "");
  } else {
    lines.push("| param | type | default | required | description |", "|---|---|---|---|---|");
    for (const [name, schema] of params) {
      const required = op.required?.includes(name) ? "yes" : "";
      lines.push(`| \`${name}\` | ${cell(typeText(schema))} | ${cell(defaultText(schema))} | ${required} | ${cell(schema.description ?? "")} |`);
    }
    lines.push("");
  }
  lines.push("```yaml", ...exampleStep(op, { dependencies: (n) => Array.from({ length: n }, (_, i) => `step_${i + 1}`) }), "```", "");
  return lines.join("\n");
}

/** The expression functions table. */
function renderFunctions(): string {
  const kinds: Record<string, string> = { scalar: "scalar", special: "scalar (nulls allowed)", window: "window (derive only)" };
  const lines = ["| function | kind | usage |", "|---|---|---|"];
  for (const [name, spec] of Object.entries(FUNCTIONS)) {
    lines.push(`| \`${name}\` | ${kinds[spec.kind] ?? spec.kind} | ${cell(spec.usage)} |`);
  }
  return lines.join("\n");
}

/** The whole of docs/operations.md. */
export function renderOperationsDoc(): string {
  const groups = operationGroups();
  const out = [
    "# Operation reference",
    "",
    `<!-- Generated by \`${REGENERATE_DOCS_COMMAND}\` from the operation registry; do not edit by hand. -->`,
    "",
    "Every built-in operation with its params. `pfw ops` prints the same from the binary, `pfw ops NAME` one operation,",
    "`pfw ops --pipeline FILE` adds the custom operations of a pipeline's `modules:`. See [yaml.md](yaml.md) for the file format.",
    "",
    `Every step also accepts the param \`input\`: ${INPUT_PARAM.description}`,
    "A step's `resource_hint` overrides the operation's default shown here.",
    "",
  ];
  for (const g of groups) {
    out.push(`- **${g.title}**: ${g.ops.map((op) => `[${op.name}](#${anchor(op.name)})`).join(", ")}`);
  }
  out.push("- **Expressions**: [functions](#expression-functions)", "");
  for (const g of groups) {
    out.push(`## ${g.title}`, "");
    if (g.intro) out.push(g.intro, "");
    for (const op of g.ops) out.push(renderOperation(op));
  }
  out.push(
    "## Expression functions",
    "",
    "`query` and `derive` take expressions such as `amount > 100 and region in ['EU', 'US']`: column names (backticked when",
    "they contain spaces), numbers, quoted strings, `true`/`false`/`null`, `+ - * / % **`, `== != < <= > >=`,",
    "`and or not`, `x in [...]`, `x is null`, parentheses, and these functions. Scalar functions return null when an",
    "argument is null, except `coalesce` and `if`.",
    "",
    renderFunctions(),
    "",
  );
  return out.join("\n");
}

if (import.meta.main) {
  const tmp = `${OPERATIONS_DOC}.tmp-${Date.now()}`;
  await writeFile(tmp, renderOperationsDoc());
  await rename(tmp, OPERATIONS_DOC);
  console.log(`wrote ${OPERATIONS_DOC}`);
}
