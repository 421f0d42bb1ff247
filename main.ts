/**
 * The `pfw` command line. Thin on purpose: every command lives in lib/cli/.
 *
 *     deno run -A main.ts <command> [arguments] [options]
 *
 * @module
 */
import process from "node:process";
import { cli } from "./lib/cli/cli.ts";
import { flushProcessOutput, processIO } from "./lib/cli/io.ts";

if (import.meta.main) {
  const code = await cli(process.argv.slice(2), processIO());
  await flushProcessOutput();
  process.exit(code);
}
