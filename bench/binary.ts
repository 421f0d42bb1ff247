/**
 * The compiled binary against `deno run` (not a test):
 * `deno run -A bench/binary.ts [--quick]`.
 *
 * - builds the binary with compile.sh (build time, size);
 * - startup: `pfw --version` vs `deno run -A main.ts --version`;
 * - the seed pipeline (read_csv → query → groupby_agg → to_parquet) on 1k
 *   rows (and 100k rows unless quick), binary vs deno run, end to end.
 *
 * The binary runs copied alone into a temporary folder with PATH=/usr/bin:/bin,
 * as a user runs it. Prints medians (min–max) and ratios, and writes JSON to
 * bench/results/binary.json. The machine is shared and noisy: compare the
 * ratios inside one run.
 *
 * @module
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { makeData } from "../examples/make_data.ts";
import { bareEnv, buildBinary, installBinary, REPO_ROOT, runProcess } from "../build/build_binary.ts";

/** Options of {@link measureBinary}. */
export interface BinaryBenchOptions {
  /** Fewer repetitions and only the 1k-row run (≈ 20 s instead of ≈ 1 min). */
  quick?: boolean;
  /** Repetitions per measurement (default 11, quick 5). */
  reps?: number;
  /** Progress lines go here (default: nothing). */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Median and range of repeated measurements, in ms. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** One measurement of both ways of running pfw. */
export interface Comparison {
  what: string;
  binaryMs: Stat;
  denoMs: Stat;
  /** deno median / binary median: above 1, the binary is faster. */
  speedup: number;
}

/** What {@link measureBinary} measured. */
export interface BinaryBenchResults {
  date: string;
  cores: number;
  quick: boolean;
  /** Binary size in bytes. */
  bytes: number;
  buildMs: number;
  comparisons: Comparison[];
}

function stat(runs: number[]): Stat {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
}

/** Runs a command and returns its wall time in ms; throws if it fails. */
async function timed(file: string, args: string[], cwd: string, env: Record<string, string>, signal?: AbortSignal): Promise<number> {
  const t0 = performance.now();
  const r = await runProcess(file, args, { cwd, env, signal });
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${file} ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  return ms;
}

/** Interleaves the two commands `reps` times (after one warm-up each) and compares medians. */
async function compare(
  what: string,
  reps: number,
  bin: () => Promise<number>,
  deno: () => Promise<number>,
  log: (line: string) => void,
): Promise<Comparison> {
  await bin();
  await deno();
  const b: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      b.push(await bin());
      d.push(await deno());
    } else {
      d.push(await deno());
      b.push(await bin());
    }
  }
  const c = { what, binaryMs: stat(b), denoMs: stat(d), speedup: stat(d).median / stat(b).median };
  log(`${what}: binary ${c.binaryMs.median.toFixed(0)} ms, deno run ${c.denoMs.median.toFixed(0)} ms`);
  return c;
}

/**
 * Builds the binary and measures it against `deno run -A main.ts`.
 *
 * @example
 * ```ts
 * const results = await measureBinary({ quick: true, log: console.log });
 * console.log(formatBinaryResults(results));
 * ```
 */
export async function measureBinary(options: BinaryBenchOptions = {}): Promise<BinaryBenchResults> {
  const quick = options.quick ?? false;
  const reps = options.reps ?? (quick ? 5 : 11);
  const log = options.log ?? (() => {});
  const signal = options.signal;
  const tmp = mkdtempSync(join(tmpdir(), "pfw-bench-binary-"));
  try {
    const t0 = performance.now();
    const built = await buildBinary({ outfile: join(tmp, "build", "pfw"), signal });
    const buildMs = performance.now() - t0;
    log(`built the binary: ${(built.bytes / 1024 / 1024).toFixed(1)} MiB in ${(buildMs / 1000).toFixed(1)} s`);
    const work = join(tmp, "work");
    const home = join(tmp, "home");
    mkdirSync(work);
    mkdirSync(home);
    const pfw = installBinary(built.outfile, work);
    const deno = join(REPO_ROOT, "node_modules/.bin/deno");
    const main = join(REPO_ROOT, "main.ts");
    const binEnv = bareEnv(home);
    const denoEnv = { ...process.env as Record<string, string>, NO_COLOR: "1" };

    const comparisons: Comparison[] = [];
    comparisons.push(
      await compare(
        "pfw --version (startup)",
        reps,
        () => timed(pfw, ["--version"], work, binEnv, signal),
        () => timed(deno, ["run", "-A", main, "--version"], work, denoEnv, signal),
        log,
      ),
    );
    for (const rows of quick ? [1_000] : [1_000, 100_000]) {
      signal?.throwIfAborted();
      const dir = join(work, `seed${rows}`);
      mkdirSync(dir);
      cpSync(join(REPO_ROOT, "examples/seed/pipeline.yml"), join(dir, "pipeline.yml"));
      makeData(join(dir, "data.csv"), rows);
      const args = ["run", "pipeline.yml", "--quiet", "--no-db"];
      comparisons.push(
        await compare(
          `seed pipeline, ${rows.toLocaleString("en-US")} rows (end to end)`,
          rows > 10_000 ? Math.max(3, Math.ceil(reps / 2)) : reps,
          () => timed(pfw, args, dir, binEnv, signal),
          () => timed(deno, ["run", "-A", main, ...args], dir, denoEnv, signal),
          log,
        ),
      );
    }
    return {
      date: new Date().toISOString(),
      cores: navigator.hardwareConcurrency ?? 0,
      quick,
      bytes: built.bytes,
      buildMs,
      comparisons,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The results as a text table. */
export function formatBinaryResults(r: BinaryBenchResults): string {
  const ms = (s: Stat) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const rows = r.comparisons.map((c) => [c.what, ms(c.binaryMs), ms(c.denoMs), `${c.speedup.toFixed(2)}×`]);
  const head = ["measurement", "binary (dist/pfw)", "deno run -A main.ts", "deno / binary"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [
    `binary: ${(r.bytes / 1024 / 1024).toFixed(1)} MiB (${r.bytes} bytes), built in ${(r.buildMs / 1000).toFixed(1)} s; ${r.cores} cores; medians (min–max)`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ].join("\n");
}

/** Writes the results as JSON (to a temporary name, then renamed). */
export async function writeBinaryResults(results: BinaryBenchResults, path = new URL("./results/binary.json", import.meta.url)): Promise<void> {
  await mkdir(new URL(".", path), { recursive: true });
  const tmp = new URL(`${path.pathname.split("/").pop()}.${process.pid}.tmp`, path);
  await writeFile(tmp, JSON.stringify(results, null, 2) + "\n");
  await rename(tmp, path);
}

if (import.meta.main) {
  const quick = process.argv.includes("--quick");
  const results = await measureBinary({ quick, log: (l) => console.error(l) });
  console.log(formatBinaryResults(results));
  await writeBinaryResults(results);
  console.log("\nwrote bench/results/binary.json");
}
