/**
 * Memory (not a test): `deno run -A bench/memory.ts [--quick] [--sizes 100000,1000000]`.
 *
 * Peak resident set size (VmHWM, through `/usr/bin/time -f %M`) of each
 * workflow run as a whole process — pfw sequential and parallel, DuckDB,
 * pandas — against the size of its input data in memory (the Arrow bytes
 * of the tables pfw's CSV reader makes of the input files), at several data
 * sizes. A runtime's baseline (the process doing nothing useful) is measured
 * too, so that growth with data can be told from fixed cost.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCsv } from "../lib/table/csv_reader.ts";
import { encodeTable, packetBytes } from "../lib/table/transfer.ts";
import { pandasStatus, PYTHON } from "./peers.ts";
import { WORKFLOWS } from "./workflows/catalog.ts";
import { makeInputs } from "./workflows/make_inputs.ts";
import { canMeasureRss, timeProcess } from "./workflows/run_process.ts";
import { allRunners, type RunnerId, runWorkflow } from "./workflows/runners.ts";
import { writeJson } from "./workflows/stats.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const MiB = 1024 * 1024;

/** One workflow run's peak memory. */
export interface MemoryRow {
  workflow: string;
  runner: RunnerId;
  rows: number;
  /** Arrow bytes of the workflow's input tables, MiB. */
  inputMiB: number;
  /** Peak RSS of the process, MiB (NaN when the run failed). */
  peakMiB: number;
  /** (peak − the runner's baseline) ÷ input size. */
  perInput: number;
}

/** Everything {@link measureMemory} measures. */
export interface MemoryResults {
  date: string;
  sizes: number[];
  /** Peak RSS of each runtime doing (almost) nothing, MiB. */
  baselines: Partial<Record<RunnerId, number>>;
  rows: MemoryRow[];
  notes: string[];
}

/** Options of {@link measureMemory}. */
export interface MemoryOptions {
  /** Row counts of orders.csv (default 100k and 1M; quick: 20k and 100k). */
  sizes?: number[];
  quick?: boolean;
  /** Which runners (default pfw_seq, pfw_par, duckdb, pandas). */
  runners?: RunnerId[];
  /** Where input folders live (default: the system temp folder). */
  dataRoot?: string;
  /** Rows already measured elsewhere (e.g. by bench/run.ts's timed runs); those runs are skipped. */
  known?: MemoryRow[];
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Arrow bytes of each input file as pfw reads it, MiB. */
async function inputSizes(dir: string, files: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of files) out[f] = packetBytes(encodeTable(await readCsv([join(dir, f)]))) / MiB;
  return out;
}

async function baselines(runners: RunnerId[], scratch: string): Promise<Partial<Record<RunnerId, number>>> {
  const sql = join(scratch, "baseline.sql");
  writeFileSync(sql, "SELECT 1;\n");
  const yml = join(scratch, "baseline.yml");
  writeFileSync(yml, "pipeline:\n  - name: nothing\n    operation: noop\n");
  const cmds: Partial<Record<RunnerId, [string, string[]]>> = {
    pfw_seq: [DENO, ["run", "-A", join(ROOT, "main.ts"), "run", yml, "--engine", "sequential", "--no-db", "--json"]],
    pfw_par: [DENO, ["run", "-A", join(ROOT, "main.ts"), "run", yml, "--engine", "parallel", "--no-db", "--json"]],
    duckdb: [DENO, ["run", "-A", join(ROOT, "bench/peers.ts"), "duckdb", sql, scratch, scratch]],
    duckdb_1t: [DENO, ["run", "-A", join(ROOT, "bench/peers.ts"), "duckdb", sql, scratch, scratch, "1"]],
    pandas: [PYTHON, ["-c", "import pandas"]],
  };
  const out: Partial<Record<RunnerId, number>> = {};
  for (const id of runners) {
    const c = cmds[id];
    if (!c) continue;
    const t = await timeProcess(c[0], c[1]);
    if (t.code === 0 && t.peakRssKb) out[id] = t.peakRssKb / 1024;
  }
  return out;
}

/** Runs every workflow once per size and runner and records its peak RSS. */
export async function measureMemory(options: MemoryOptions = {}): Promise<MemoryResults> {
  const notes: string[] = [];
  const log = options.log ?? (() => {});
  const sizes = options.sizes ?? (options.quick ? [20_000, 100_000] : [100_000, 1_000_000]);
  if (!canMeasureRss()) {
    notes.push("/usr/bin/time is missing: peak RSS not measured (apt-get install time)");
    return { date: new Date().toISOString(), sizes, baselines: {}, rows: [], notes };
  }
  let ids = options.runners ?? ["pfw_seq", "pfw_par", "duckdb", "pandas"];
  const pandas = pandasStatus();
  if (!pandas.ok && ids.includes("pandas")) {
    notes.push(pandas.note);
    ids = ids.filter((id) => id !== "pandas");
  }
  const runners = allRunners({ pandas: pandas.ok, binary: true }).filter((r) => ids.includes(r.id));
  const scratch = mkdtempSync(join(tmpdir(), "pfw-bench-memory-"));
  const dataRoot = options.dataRoot ?? join(tmpdir(), "pfw-bench");
  try {
    const base = await baselines(ids, scratch);
    log(`  baselines (MiB): ${Object.entries(base).map(([k, v]) => `${k} ${v!.toFixed(0)}`).join(", ")}`);
    const rows: MemoryRow[] = [...(options.known ?? [])];
    const inputMiBs = new Map<number, Record<string, number>>();
    for (const size of sizes) {
      const info = makeInputs(join(dataRoot, `rows-${size}`), { rows: size });
      const mib = await inputSizes(info.dir, [...new Set(WORKFLOWS.flatMap((w) => w.inputs))]);
      inputMiBs.set(size, mib);
      for (const w of WORKFLOWS) {
        const inputMiB = w.inputs.reduce((s, f) => s + mib[f], 0);
        for (const r of runners) {
          options.signal?.throwIfAborted();
          if (rows.some((x) => x.workflow === w.id && x.runner === r.id && x.rows === size)) continue;
          const rec = await runWorkflow(r, w, info.dir, join(scratch, "out"), scratch, options.signal);
          const peakMiB = rec.ok && rec.peakRssKb ? rec.peakRssKb / 1024 : NaN;
          if (!rec.ok) notes.push(`${w.id} ${r.id} at ${size} rows failed: ${rec.error}`);
          rows.push({ workflow: w.id, runner: r.id, rows: size, inputMiB, peakMiB, perInput: (peakMiB - (base[r.id] ?? 0)) / inputMiB });
        }
        const line = rows.filter((x) => x.workflow === w.id && x.rows === size).map((x) => `${x.runner} ${x.peakMiB.toFixed(0)}`).join(", ");
        log(`  ${w.id.padEnd(12)} ${size.toLocaleString("en-US").padStart(9)} rows, input ${inputMiB.toFixed(1)} MiB in memory: peak RSS (MiB) ${line}`);
      }
    }
    for (const r of rows) {
      const w = WORKFLOWS.find((x) => x.id === r.workflow);
      if (Number.isNaN(r.inputMiB) && w && inputMiBs.has(r.rows)) r.inputMiB = w.inputs.reduce((s, f) => s + inputMiBs.get(r.rows)![f], 0);
      r.perInput = (r.peakMiB - (base[r.runner] ?? 0)) / r.inputMiB;
    }
    return { date: new Date().toISOString(), sizes, baselines: base, rows, notes };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The results as a text table: one line per workflow and size, one column per runner. */
export function formatMemory(r: MemoryResults): string {
  const runners = [...new Set(r.rows.map((x) => x.runner))];
  const head = ["workflow", "rows", "input MiB", ...runners.map((id) => `${id} MiB`)];
  const keys = [...new Set(r.rows.map((x) => `${x.workflow}|${x.rows}`))];
  const body = keys.map((k) => {
    const [wf, rows] = k.split("|");
    const cells = runners.map((id) => {
      const x = r.rows.find((y) => y.workflow === wf && y.rows === Number(rows) && y.runner === id);
      return x && Number.isFinite(x.peakMiB) ? x.peakMiB.toFixed(0) : "–";
    });
    const input = r.rows.find((y) => y.workflow === wf && y.rows === Number(rows))!.inputMiB;
    return [wf, Number(rows).toLocaleString("en-US"), input.toFixed(1), ...cells];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const base = Object.entries(r.baselines).map(([k, v]) => `${k} ${v!.toFixed(0)}`).join(", ");
  return [line(head), ...body.map(line), `baseline peak RSS (MiB): ${base}`, ...r.notes].join("\n");
}

if (import.meta.main) {
  const args = Deno.args;
  const quick = args.includes("--quick");
  const at = args.indexOf("--sizes");
  const sizes = at >= 0 ? args[at + 1].split(",").map(Number) : undefined;
  console.log(`peak memory per workflow${quick ? " (quick)" : ""}`);
  const results = await measureMemory({ quick, sizes, log: console.log });
  console.log(formatMemory(results));
  writeJson(fileURLToPath(new URL("./results/memory.json", import.meta.url)), results);
}
