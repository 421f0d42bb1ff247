/**
 * `pfw ops [NAME]`: the operations and their params, from the registry.
 *
 * @module
 */
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { createDefaultRegistry } from "../../ops/mod.ts";
import type { Operation } from "../operation.ts";
import { exampleStep } from "./op_example.ts";
import { describeSchema } from "../spec/param_check.ts";
import { OPS_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { suggestion } from "./args.ts";
import { EXIT } from "./format_error.ts";
import { loadFromCli } from "./pipeline_args.ts";
import type { Style } from "./style.ts";

/** `pfw ops`. */
export const opsCommand: Command = {
  spec: OPS_SPEC,
  async run(args, { io, style }) {
    const registry = createDefaultRegistry();
    if (args.flags.pipeline) {
      await loadFromCli(resolve(io.cwd, String(args.flags.pipeline)), io, { registry, checkColumns: false });
    }
    const name = args.positionals[0];
    if (name !== undefined) {
      const op = registry.get(name);
      if (!op) {
        throw new UsageError(`unknown operation "${name}"${suggestion(name, registry.allNames())}; "pfw ops" lists them all`);
      }
      io.out(args.flags.json ? JSON.stringify(opJson(op), null, 2) + "\n" : describeOperation(op, style));
      return EXIT.ok;
    }
    const ops = registry.list();
    if (args.flags.json) {
      io.out(JSON.stringify(ops.map(opJson), null, 2) + "\n");
      return EXIT.ok;
    }
    io.out(listOperations(ops, style));
    return EXIT.ok;
  },
};

/** The table `pfw ops` prints: name, where it runs, what it does, its params. */
export function listOperations(ops: readonly Operation[], style: Style): string {
  const nameW = Math.max(...ops.map((o) => o.name.length), 4);
  const lines: string[] = [];
  for (const op of ops) {
    const origin = op.source ? style.dim(` (from ${op.source.moduleUrl.split("/").pop()})`) : "";
    lines.push(`${style.bold(op.name.padEnd(nameW))}  ${style.dim(op.resourceHint.padEnd(13))}  ${op.description}${origin}`);
    const params = Object.keys(op.params).map((p) => (op.required?.includes(p) ? `${p}*` : p));
    if (params.length) lines.push(`${" ".repeat(nameW)}  ${" ".repeat(13)}  ${style.cyan("params:")} ${params.join(", ")}`);
  }
  lines.push("", style.dim(`${ops.length} operations; * = required. "pfw ops NAME" describes one.`));
  return lines.join("\n") + "\n";
}

/** `pfw ops NAME`: everything about one operation. */
export function describeOperation(op: Operation, style: Style): string {
  const lines = [`${style.bold(op.name)}: ${op.description}`, ""];
  if (op.aliases?.length) lines.push(`aliases:       ${op.aliases.join(", ")}`);
  lines.push(`resource_hint: ${op.resourceHint} (default; a step may override it)`);
  if (op.minInputs) lines.push(`inputs:        at least ${op.minInputs}`);
  if (op.source) lines.push(`defined in:    ${op.source.moduleUrl}`);
  const entries = Object.entries(op.params);
  lines.push("", entries.length ? "params:" : "params: none");
  const nameW = Math.max(0, ...entries.map(([n]) => n.length));
  for (const [name, schema] of entries) {
    const required = op.required?.includes(name) ? style.yellow("required") : "optional";
    const dflt = schema.default !== undefined ? `, default ${JSON.stringify(schema.default)}` : "";
    lines.push(`  ${style.bold(name.padEnd(nameW))}  ${describeSchema(schema)}; ${required}${dflt}`);
    if (schema.description) lines.push(`  ${" ".repeat(nameW)}  ${style.dim(schema.description)}`);
  }
  lines.push("", "example:", ...exampleStep(op).map((l) => "  " + l));
  return lines.join("\n") + "\n";
}

function opJson(op: Operation): Record<string, unknown> {
  return {
    name: op.name,
    aliases: op.aliases ?? [],
    description: op.description,
    resource_hint: op.resourceHint,
    params: op.params,
    required: op.required ?? [],
    min_inputs: op.minInputs ?? 0,
    ...(op.source ? { module: op.source.moduleUrl } : {}),
  };
}
