/**
 * Builds the binary from Deno code (tests, benchmarks) by running
 * `bash compile.sh --outfile PATH` in a child process, and runs it the way a
 * user would: copied alone into a folder, with a PATH that has no deno, bun
 * or node_modules.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT: string = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** The Bun that compile.sh uses (installed from npm). */
export const BUN_PATH: string = join(REPO_ROOT, "node_modules/.bin/bun");
/** A PATH with system tools only: no deno, bun or node_modules. */
export const BARE_PATH = "/usr/bin:/bin";

/** What a child process printed and returned. */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  cwd: string;
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
  signal?: AbortSignal;
}

/** Runs `file args...` and collects its output. */
export function runProcess(file: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], signal: options.signal });
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    child.stdout.on("data", (c: Uint8Array) => out.push(c));
    child.stderr.on("data", (c: Uint8Array) => err.push(c));
    child.on("error", reject);
    child.on("close", (code, sig) => {
      const dec = new TextDecoder();
      const text = (parts: Uint8Array[]) => dec.decode(concat(parts));
      resolvePromise({ code: code ?? (sig === "SIGINT" ? 130 : 128), stdout: text(out), stderr: text(err) });
    });
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Options of {@link buildBinary}. */
export interface BuildBinaryOptions {
  /** Where to write the binary. */
  outfile: string;
  signal?: AbortSignal;
}

/**
 * Runs `bash compile.sh --outfile OUTFILE` and returns the binary's size.
 *
 * @throws {Error} with compile.sh's output when the build fails.
 */
export async function buildBinary(options: BuildBinaryOptions): Promise<{ outfile: string; bytes: number }> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR"]) {
    const v = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[key];
    if (v !== undefined) env[key] = v;
  }
  const r = await runProcess("bash", [join(REPO_ROOT, "compile.sh"), "--outfile", options.outfile], { cwd: REPO_ROOT, env, signal: options.signal });
  if (r.code !== 0 || !existsSync(options.outfile)) {
    throw new Error(`bash compile.sh failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  }
  return { outfile: options.outfile, bytes: statSync(options.outfile).size };
}

/** Copies the binary into `dir` (which should be empty) and returns the copy's path. */
export function installBinary(binary: string, dir: string): string {
  const to = join(dir, "pfw");
  copyFileSync(binary, to);
  return to;
}

/** The environment the binary runs with in tests and benchmarks: system PATH only, no colors. */
export function bareEnv(home: string): Record<string, string> {
  return { PATH: BARE_PATH, HOME: home, NO_COLOR: "1", TMPDIR: "/tmp" };
}
