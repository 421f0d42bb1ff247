/**
 * A YAML step that uses an operation, its required params filled with
 * placeholders of their type: shown by `pfw ops NAME` and in docs/operations.md.
 *
 * @module
 */
import type { Operation, ParamSchema } from "../operation.ts";

/** Options of {@link exampleStep}. */
export interface ExampleStepOptions {
  /** The names listed under `depends_on` for `count` inputs (default: `previous_step`). */
  dependencies?: (count: number) => string[];
}

/** The lines of a pipeline step using `op`, without indentation before `- name:`. */
export function exampleStep(op: Operation, options: ExampleStepOptions = {}): string[] {
  const lines = [`- name: my_${op.name}`, `  operation: ${op.name}`];
  const inputs = op.minInputs ?? 0;
  if (inputs > 0) lines.push(`  depends_on: [${(options.dependencies?.(inputs) ?? ["previous_step"]).join(", ")}]`);
  const required = op.required ?? [];
  if (required.length) {
    lines.push("  params:");
    for (const p of required) lines.push(`    ${p}: ${placeholder(op.params[p] ?? {})}`);
  }
  return lines;
}

/** A YAML value standing for a param: its default, its first allowed value, or a stand-in of its type. */
export function placeholder(s: ParamSchema): string {
  if (s.default !== undefined) return JSON.stringify(s.default);
  if (s.enum?.length) return JSON.stringify(s.enum[0]);
  const typeOf = (x: ParamSchema) => Array.isArray(x.type) ? x.type[0] : x.type;
  const t = typeOf(s) ?? (s.anyOf?.[0] && typeOf(s.anyOf[0]));
  switch (t) {
    case "number":
    case "integer":
      return "0";
    case "boolean":
      return "true";
    case "array":
      return "[...]";
    case "object":
      return "{...}";
    default:
      return "...";
  }
}
