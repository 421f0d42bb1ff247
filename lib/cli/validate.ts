/**
 * `pfw validate FILE`: every problem of a pipeline, listed with
 * file:line:col and a hint; nothing runs. Exit 0 when valid, 2 when not.
 *
 * @module
 */
import { createDefaultRegistry } from "../../ops/mod.ts";
import { VALIDATE_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";
import { loadFromCli } from "./pipeline_args.ts";

/** `pfw validate`. */
export const validateCommand: Command = {
  spec: VALIDATE_SPEC,
  async run(args, { io, style }) {
    const file = args.positionals[0];
    const pipeline = await loadFromCli(file, io, {
      registry: createDefaultRegistry(),
      vars: args.flags.var as string[] | undefined,
    });
    const n = pipeline.steps.length;
    const ops = [...new Set(pipeline.steps.map((s) => s.operation))].join(", ");
    io.out(
      `${style.green("✔")} ${file} is valid: ${n} step${n === 1 ? "" : "s"}${
        ops ? ` (${ops})` : ""
      }, engine ${pipeline.settings.engine}\n`,
    );
    return EXIT.ok;
  },
};
