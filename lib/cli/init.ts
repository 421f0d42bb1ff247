/**
 * `pfw init [DIR]`: scaffolds a runnable example — pipeline.yml (with a
 * yaml-language-server schema line), a generated data.csv, a custom
 * TypeScript operation module, and the JSON Schema. Every file is embedded
 * in the program, so a compiled binary can do it anywhere.
 *
 * @module
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { INIT_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";
import { INIT_OPS_TS, INIT_README, initPipelineYaml } from "./init_files.ts";
import { sampleCsv } from "./sample_data.ts";
import { schemaText } from "./schema.ts";

/** The files `pfw init` writes, by name. */
export function scaffoldFiles(rows = 1000): Record<string, string> {
  return {
    "pipeline.yml": initPipelineYaml("./pipeline.schema.json"),
    "ops.ts": INIT_OPS_TS,
    "data.csv": sampleCsv({ rows }),
    "pipeline.schema.json": schemaText(),
    "README.md": INIT_README,
  };
}

/** `pfw init`. */
export const initCommand: Command = {
  spec: INIT_SPEC,
  run(args, { io, style }) {
    const dir = resolve(io.cwd, args.positionals[0] ?? ".");
    const files = scaffoldFiles((args.flags.rows as number | undefined) ?? 1000);
    const clashes = Object.keys(files).filter((f) => existsSync(join(dir, f)));
    if (clashes.length && !args.flags.force) {
      throw new UsageError(
        `${clashes.join(", ")} already exist${
          clashes.length === 1 ? "s" : ""
        } in ${dir}; choose another folder or pass --force to overwrite`,
      );
    }
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, name);
      writeFileSync(`${path}.tmp`, text);
      renameSync(`${path}.tmp`, path);
    }
    const shown = relative(io.cwd, dir) || ".";
    const pipeline = join(shown, "pipeline.yml");
    io.out(
      `${style.green("✔")} created ${Object.keys(files).map((f) => join(shown, f)).join(", ")}\n\nNext:\n` +
        `  pfw validate ${pipeline}\n  pfw graph ${pipeline}\n  pfw run ${pipeline}\n`,
    );
    return Promise.resolve(EXIT.ok);
  },
};
