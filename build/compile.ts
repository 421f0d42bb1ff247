/**
 * Builds the `pfw` binary with `Bun.build({ compile })`: one file holding
 * the Bun runtime, pfw's bundled code, its worker scripts, parquet-wasm's
 * .wasm and the dashboard's files. Run by compile.sh:
 *
 *     ./node_modules/.bin/bun build/compile.ts [--outfile dist/pfw] [--minify]
 *
 * What the binary needs, and how it gets it:
 * - `npm:name@version` specifiers (lib/deps.ts) are mapped to bare names by
 *   build/npm_specifier_plugin.ts; Bun resolves them from node_modules.
 * - The pool's worker starts from lib/engine/worker_entry.js, which imports
 *   lib/engine/worker.ts by a computed URL: both are extra entry points.
 *   Inside the binary every bundled module's `import.meta.url` is the main
 *   bundle's (`file:///$bunfs/root/pfw`), so the entry points are written
 *   flat beside it (`naming.entry: "[name].[ext]"`): then worker_url.ts's
 *   `new URL("./worker_entry.js", import.meta.url)` and worker_entry.js's
 *   `new URL("./worker.ts", import.meta.url)` both resolve (Bun maps the
 *   `.ts` to the bundled `.js`). Entry names must therefore be unique.
 * - parquet-wasm's .wasm: lib/table/parquet_wasm_bun.ts imports it with
 *   `{ type: "file" }`, which embeds it; nothing to do here.
 * - web/ (the dashboard's static files), when present, is embedded as
 *   assets under `/$bunfs/root/web/...` (see lib/runtime.ts `bundledFileUrl`).
 * - The binary ignores `.env` and `bunfig.toml` in the folder it runs in:
 *   pfw's behaviour must not depend on Bun's config files.
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { npmSpecifierPlugin } from "./npm_specifier_plugin.ts";

/** The repository root (this file lives in build/). */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The entry points of the binary, relative to the repository root. The first
 * is the program; the others are loaded at run time by URL (workers).
 */
export const ENTRY_POINTS: readonly string[] = [
  "main.ts",
  "lib/engine/worker_entry.js",
  "lib/engine/worker.ts",
];

/** Folders embedded as files (not code) when they exist and hold files. */
export const ASSET_DIRS: readonly string[] = ["web"];

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Repository root (default {@link REPO_ROOT}). */
  root?: string;
  /** Where to write the binary (default `<root>/dist/pfw`). */
  outfile?: string;
  /** Minify whitespace and syntax (identifiers are kept: error names matter). Default false. */
  minify?: boolean;
  /**
   * Embed JavaScriptCore bytecode next to the sources (default true): the
   * binary starts ~35% faster (`pfw --version` ~75 ms instead of ~115 ms
   * here) for ~5 MiB more.
   */
  bytecode?: boolean;
  /** Checked before the build starts. */
  signal?: AbortSignal;
}

/** What {@link compile} built. */
export interface CompileResult {
  /** Absolute path of the binary. */
  outfile: string;
  /** Its size in bytes. */
  bytes: number;
  /** The embedded asset files, relative to the root. */
  assets: string[];
}

/** The part of Bun's API this script uses (typed here so `deno check` passes). */
interface BunBuildApi {
  build(config: Record<string, unknown>): Promise<{ success: boolean; logs: unknown[]; outputs: { path: string }[] }>;
}

/** The files under the asset folders, relative to `root` (code files excluded). */
export function assetFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (!/\.(ts|tsx|mts|js|jsx|mjs)$/.test(name)) out.push(relative(root, file));
    }
  };
  for (const dir of ASSET_DIRS) {
    const abs = join(root, dir);
    if (existsSync(abs) && statSync(abs).isDirectory()) walk(abs);
  }
  return out;
}

/**
 * Compiles pfw into one executable. Runs under Bun only.
 *
 * @throws {Error} when not run by Bun, or when the build fails (the message holds Bun's logs).
 * @example
 * ```ts
 * const { outfile, bytes } = await compile({ outfile: "dist/pfw" });
 * ```
 */
export async function compile(options: CompileOptions = {}): Promise<CompileResult> {
  options.signal?.throwIfAborted();
  const bun = (globalThis as { Bun?: BunBuildApi }).Bun;
  if (!bun) throw new Error("build/compile.ts runs under Bun: ./node_modules/.bin/bun build/compile.ts (or bash compile.sh)");
  const names = ENTRY_POINTS.map((e) => e.replace(/^.*\//, "").replace(/\.[^.]+$/, ""));
  if (new Set(names).size !== names.length) throw new Error(`entry points need distinct file names (they are written flat): ${names.join(", ")}`);
  const root = resolve(options.root ?? REPO_ROOT);
  const outfile = resolve(root, options.outfile ?? "dist/pfw");
  mkdirSync(dirname(outfile), { recursive: true });
  // Built in a temporary folder under the same name, then renamed: never a
  // partial binary, and a running dist/pfw is not overwritten in place.
  const tmpDir = mkdtempSync(join(dirname(outfile), ".build-"));
  const tmpFile = join(tmpDir, basename(outfile));
  const assets = assetFiles(root);
  try {
    return await build(bun, { root, outfile, tmpFile, assets, minify: options.minify ?? false, bytecode: options.bytecode ?? true });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

async function build(
  bun: BunBuildApi,
  o: { root: string; outfile: string; tmpFile: string; assets: string[]; minify: boolean; bytecode: boolean },
): Promise<CompileResult> {
  const { root, outfile, assets, minify, bytecode } = o;
  const result = await bun.build({
    throw: false,
    entrypoints: ENTRY_POINTS.map((e) => join(root, e)),
    root,
    target: "bun",
    // ESM stays the format with bytecode too (main.ts and worker_entry.js use top-level await).
    format: "esm",
    bytecode,
    naming: { entry: "[name].[ext]" },
    plugins: [npmSpecifierPlugin({ root })],
    minify: { whitespace: minify, syntax: minify, identifiers: false },
    compile: {
      outfile: o.tmpFile,
      autoloadDotenv: false,
      autoloadBunfig: false,
      autoloadTsconfig: false,
      autoloadPackageJson: false,
      ...(assets.length > 0 ? { assets: ASSET_DIRS.filter((d) => assets.some((a) => a.startsWith(d + "/"))).map((d) => join(root, d)) } : {}),
    },
  });
  if (!result.success) {
    const logs = result.logs.map((l) => String(l)).join("\n");
    throw new Error(`bun build --compile failed:\n${logs}`);
  }
  renameSync(o.tmpFile, outfile);
  return { outfile, bytes: statSync(outfile).size, assets };
}

function parseCli(argv: readonly string[]): CompileOptions {
  const options: CompileOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--outfile") options.outfile = argv[++i];
    else if (a.startsWith("--outfile=")) options.outfile = a.slice("--outfile=".length);
    else if (a === "--minify") options.minify = true;
    else if (a === "--no-bytecode") options.bytecode = false;
    else throw new Error(`unknown argument ${a}; usage: bun build/compile.ts [--outfile PATH] [--minify] [--no-bytecode]`);
  }
  return options;
}

if (import.meta.main) {
  try {
    const started = performance.now();
    const r = await compile(parseCli(process.argv.slice(2)));
    const mib = (r.bytes / 1024 / 1024).toFixed(1);
    const fromHere = relative(process.cwd(), r.outfile);
    const rel = fromHere && !fromHere.startsWith("..") ? fromHere : r.outfile;
    console.log(`built ${rel}: ${mib} MiB (${r.bytes} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (r.assets.length > 0) console.log(`embedded ${r.assets.length} asset file(s): ${r.assets.join(", ")}`);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  }
}
