/**
 * `pfw graph FILE --format mermaid|dot|text`: the pipeline's DAG.
 *
 * @module
 */
import { basename } from "node:path";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { GRAPH_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";
import { type GraphStep, toDot, toMermaid, toText } from "./graph_render.ts";
import { loadFromCli } from "./pipeline_args.ts";

/** `pfw graph`. */
export const graphCommand: Command = {
  spec: GRAPH_SPEC,
  async run(args, { io, style }) {
    const file = args.positionals[0];
    const pipeline = await loadFromCli(file, io, {
      registry: createDefaultRegistry(),
      vars: args.flags.var as string[] | undefined,
      checkColumns: false,
    });
    const steps: GraphStep[] = pipeline.steps;
    const format = (args.flags.format as string | undefined) ?? "text";
    if (format === "mermaid") io.out(toMermaid(steps));
    else if (format === "dot") io.out(toDot(steps, basename(file).replace(/\.ya?ml$/i, "")));
    else io.out(toText(steps, style));
    return EXIT.ok;
  },
};
