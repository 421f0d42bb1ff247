/**
 * The shape of a CLI command: its {@link CommandSpec} (parsing and help) and
 * the function that does it, returning the exit code.
 *
 * @module
 */
import type { CommandSpec, ParsedArgs } from "./args.ts";
import type { CliIO } from "./io.ts";
import type { Style } from "./style.ts";

/** What every command receives besides its arguments. */
export interface CommandContext {
  io: CliIO;
  style: Style;
}

/** One `pfw <name>` command. */
export interface Command {
  spec: CommandSpec;
  /** Does the command; resolves with the exit code. Throws errors that {@link formatError} prints. */
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}
