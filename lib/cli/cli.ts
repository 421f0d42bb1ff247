/**
 * The CLI's dispatcher: finds the command, parses its arguments, runs it,
 * and turns any error into a printed message and an exit code. `main.ts`
 * only calls {@link cli} with the process's arguments.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type CommandSpec, formatHelp, parseArgs, suggestion } from "./args.ts";
import type { Command } from "./command.ts";
import { GRAPH_SPEC, INIT_SPEC, OPS_SPEC, RUN_SPEC, RUNS_SPEC, SCHEMA_SPEC, VALIDATE_SPEC } from "./command_specs.ts";
import { EXIT, exitCodeFor, formatError } from "./format_error.ts";
import type { CliIO } from "./io.ts";
import { createStyle } from "./style.ts";
import { VERSION } from "./version.ts";

/** A command's interface, and its module, imported only when the command runs. */
interface CommandEntry {
  spec: CommandSpec;
  load(): Promise<Command>;
}

/** Every command, in the order `pfw --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    spec: RUN_SPEC,
    load: async () => {
      // A worker takes ~0.2 s to boot: let it boot on another core while this one loads the
      // run's modules and the pipeline (the run takes it over; see early_worker.ts).
      (await import("./early_worker.ts")).startEarlyWorker();
      return (await import("./run.ts")).runCommand;
    },
  },
  { spec: VALIDATE_SPEC, load: async () => (await import("./validate.ts")).validateCommand },
  { spec: GRAPH_SPEC, load: async () => (await import("./graph.ts")).graphCommand },
  { spec: OPS_SPEC, load: async () => (await import("./ops.ts")).opsCommand },
  { spec: RUNS_SPEC, load: async () => (await import("./runs.ts")).runsCommand },
  { spec: INIT_SPEC, load: async () => (await import("./init.ts")).initCommand },
  { spec: SCHEMA_SPEC, load: async () => (await import("./schema.ts")).schemaCommand },
];

/** `pfw --help`. */
export function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    `pfw ${VERSION}: run YAML data pipelines as a parallel DAG.`,
    "",
    "Usage: pfw <command> [arguments] [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(w)}  ${c.spec.summary}`),
    "",
    "Options:",
    "  -h, --help     Show help (also: pfw <command> --help, pfw help <command>).",
    "  -V, --version  Print the version.",
    "",
    "Environment:",
    "  PFW_MAX_PARALLEL, PFW_CPU_THREADS, PFW_IO_THREADS, PFW_RETRY_MAX_ATTEMPTS  defaults for settings",
    "  PFW_DB        the run store file (default: .pfw/pfw.db beside the pipeline)",
    "  NO_COLOR      no colors;  PFW_DEBUG=1  stack traces for internal errors",
    "",
    "Exit codes: 0 ok, 1 a step failed, 2 invalid pipeline or usage, 130 cancelled.",
    "",
    "Start with: pfw init demo && pfw run demo/pipeline.yml",
    "",
  ].join("\n");
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * Never throws: errors are printed on `io.err`.
 *
 * @example
 * ```ts
 * import process from "node:process";
 * process.exitCode = await cli(process.argv.slice(2), processIO());
 * ```
 */
export async function cli(argv: readonly string[], io: CliIO): Promise<number> {
  const style = createStyle({ isTTY: io.isTTY, env: io.env });
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h") {
      io.out(mainHelp());
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === "--version" || first === "-V" || first === "version") {
      io.out(`pfw ${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === "help") {
      const command = rest[0] === undefined ? undefined : findCommand(rest[0]);
      io.out(command ? formatHelp(command.spec) : mainHelp());
      return EXIT.ok;
    }
    const command = findCommand(first);
    const args = parseArgs(rest, command.spec);
    if (args.help) {
      io.out(formatHelp(command.spec));
      return EXIT.ok;
    }
    return await (await command.load()).run(args, { io, style });
  } catch (err) {
    io.err(formatError(err, { style, debug: Boolean(io.env.PFW_DEBUG) && io.env.PFW_DEBUG !== "0" }));
    return exitCodeFor(err);
  }
}

function findCommand(name: string): CommandEntry {
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (command) return command;
  const names = COMMANDS.map((c) => c.spec.name);
  if (name.startsWith("-")) {
    throw new UsageError(
      `unknown option ${name}${
        suggestion(name, ["--help", "--version"])
      }; options go after the command, e.g. "pfw run FILE --json"`,
    );
  }
  throw new UsageError(`unknown command "${name}"${suggestion(name, names)}; commands: ${names.join(", ")} (see "pfw --help")`);
}
