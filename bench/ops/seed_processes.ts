/**
 * The seed pipeline (examples/seed/pipeline.yml) end to end, each runner as a
 * whole process (spawn to exit): pfw (`deno run -A main.ts run … --quiet
 * --no-db`, and dist/pfw when it exists), DuckDB through bench/peers.ts
 * (default threads and one; seed_pipeline.sql), pandas (seed_pipeline.py,
 * writing CSV: no pyarrow here). The pipeline YAML is copied unchanged into a
 * temporary folder beside a link data.csv → the generated orders.csv. A
 * verified warm-up (outputs compared with DuckDB's by category), then `reps`
 * rounds with the runner order rotated.
 *
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckdbReader } from "../peers.ts";
import { timeProcess } from "../workflows/run_process.ts";
import { BINARY } from "../workflows/runners.ts";
import { compareOutput } from "../workflows/verify.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const HERE = fileURLToPath(new URL("./", import.meta.url));

/** One whole-process runner of the seed pipeline. */
interface SeedRunner {
  id: string;
  label: string;
  /** The command, and the output file it leaves. */
  command(dir: string, out: string): { cmd: string; args: string[]; output: string };
}

/** Options of {@link measureSeedPipeline}. */
export interface SeedOptions {
  /** The generated orders.csv. */
  orders: string;
  scratch: string;
  reps: number;
  pandas: boolean;
  db: DuckdbReader;
  log(line: string): void;
  signal?: AbortSignal;
}

/** Per runner: wall times in ms, peak RSS, and whether its output matched DuckDB's. */
export interface SeedResult {
  id: string;
  label: string;
  runs: number[];
  peakRssKb?: number;
  ok: boolean;
  problems: string[];
}

function runners(pandas: boolean): SeedRunner[] {
  const pfw = (cmd: string, pre: string[]) => (dir: string) => ({ cmd, args: [...pre, "run", join(dir, "pipeline.yml"), "--quiet", "--no-db"], output: join(dir, "output.parquet") });
  const duck = (threads?: string) => (dir: string, out: string) => ({
    cmd: DENO,
    args: ["run", "-A", join(ROOT, "bench/peers.ts"), "duckdb", join(HERE, "seed_pipeline.sql"), dir, out, ...(threads ? [threads] : [])],
    output: join(out, "output.parquet"),
  });
  const list: SeedRunner[] = [{ id: "pfw", label: "pfw (deno run)", command: pfw(DENO, ["run", "-A", join(ROOT, "main.ts")]) }];
  if (existsSync(BINARY)) list.push({ id: "pfw_bin", label: "pfw binary", command: pfw(BINARY, []) });
  list.push({ id: "duckdb", label: "DuckDB", command: duck() }, { id: "duckdb_1t", label: "DuckDB 1 thread", command: duck("1") });
  if (pandas) {
    list.push({ id: "pandas", label: "pandas (CSV out)", command: (dir, out) => ({ cmd: "/usr/bin/python3", args: [join(HERE, "seed_pipeline.py"), dir, out], output: join(out, "output.csv") }) });
  }
  return list;
}

/** Runs the seed pipeline with every runner; see the module doc. */
export async function measureSeedPipeline(options: SeedOptions): Promise<SeedResult[]> {
  const dir = join(options.scratch, "seed");
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, "examples/seed/pipeline.yml"), join(dir, "pipeline.yml"));
  rmSync(join(dir, "data.csv"), { force: true });
  symlinkSync(options.orders, join(dir, "data.csv"));
  const list = runners(options.pandas);
  const results: SeedResult[] = list.map((r) => ({ id: r.id, label: r.label, runs: [], ok: true, problems: [] }));
  const once = async (i: number, keep: string) => {
    const out = join(options.scratch, `seed_out_${list[i].id}`);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    rmSync(join(dir, "output.parquet"), { force: true });
    const { cmd, args, output } = list[i].command(dir, out);
    const t = await timeProcess(cmd, args, { signal: options.signal, env: { NO_COLOR: "1" } });
    if (t.code !== 0 || !existsSync(output)) {
      results[i].ok = false;
      results[i].problems.push(`exit ${t.code}: ${(t.stderr.trim() || t.stdout.trim()).split("\n").slice(-4).join(" | ")}`);
      return t.ms;
    }
    copyFileSync(output, keep);
    results[i].peakRssKb = Math.max(results[i].peakRssKb ?? 0, t.peakRssKb ?? 0) || undefined;
    return t.ms;
  };
  // Warm-up, verified against DuckDB's output.
  const kept = list.map((r) => join(options.scratch, `seed_${r.id}.${r.id === "pandas" ? "csv" : "parquet"}`));
  for (let i = 0; i < list.length; i++) {
    const ms = await once(i, kept[i]);
    options.log(`  warm-up ${list[i].label}: ${Math.round(ms)} ms`);
  }
  const ref = list.findIndex((r) => r.id === "duckdb");
  for (let i = 0; i < list.length; i++) {
    if (i === ref || !results[i].ok || !results[ref].ok) continue;
    const c = await compareOutput(options.db, { name: "output", keys: ["category"] }, kept[ref], kept[i]);
    if (!c.ok) {
      results[i].ok = false;
      results[i].problems.push(...c.problems);
    }
  }
  for (let round = 0; round < options.reps; round++) {
    for (let k = 0; k < list.length; k++) {
      const i = (k + round) % list.length;
      if (!results[i].ok) continue;
      results[i].runs.push(await once(i, kept[i]));
    }
    options.log(`  round ${round + 1}/${options.reps} done`);
  }
  return results;
}
