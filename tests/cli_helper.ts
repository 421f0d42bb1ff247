/**
 * Helpers for end-to-end CLI tests: run the real `main.ts` in a child
 * process, in a temporary folder.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository's main.ts. */
export const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** Runs `deno run -A main.ts ...args` in `cwd` (NO_COLOR set, not a terminal). */
export async function runCli(args: string[], options: RunCliOptions): Promise<CliRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Starts the CLI without waiting, for tests that send signals. */
export function spawnCli(args: string[], options: RunCliOptions): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(prefix = "pfw-cli-"): Promise<{ dir: string; [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}
