/**
 * Text-heavy data (not a test): `deno task bench:text [--rows N] [--reps N] [--quick]`.
 *
 * The seed's workflows hold only strings of a few distinct values (categories,
 * regions), which pfw keeps dictionary-encoded. Real tables also hold strings
 * that are nearly all distinct (e-mail addresses, names, ids): pfw keeps those
 * as Arrow UTF-8 bytes. This runs one such table (people.csv: email, all
 * distinct; name, mostly distinct; city; spend) through a sort by email, a
 * filter on email, a group-by on name and three CSV writes (bench/text/: the
 * same logic as a pfw pipeline, a DuckDB script and a pandas script) as whole
 * processes: pfw `deno run`, the pfw binary (when dist/pfw exists), DuckDB and
 * pandas (when /usr/bin/python3 has it). A verified warm-up, then the median
 * (min–max) of --reps runs. pfw records its runs in a run store, as it does by
 * default, so the timed runs size their workers by the warm-up's step times. Outputs are checked against DuckDB's: the same
 * e-mail order, the same filtered addresses, the same names in the same order.
 * Writes bench/results/text.json.
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "./make_data.ts";
import { pandasStatus, PYTHON } from "./peers.ts";
import { timeProcess } from "./workflows/run_process.ts";
import { type Stat, stat, writeJson } from "./workflows/stats.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const HERE = (name: string) => join(ROOT, "bench/text", name);
const DENO = join(ROOT, "node_modules/.bin/deno");
const OUTPUTS = ["text_sorted.csv", "text_early.csv", "text_names.csv"];

const FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Greta", "Hiro", "Inès", "Jonas", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya"];
const LAST = ["Smith", "García", "Müller", "Rossi", "Dubois", "Kowalski", "Nakamura", "Silva", "Jensen", "Novak", "Okafor", "Singh"];

/** people.csv of `rows` rows: email (all distinct, shuffled), name (mostly distinct), city (50), spend. */
export function peopleCsv(rows: number, seed = 7): string {
  const rand = mulberry32(seed);
  const ids = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const parts = ["email,name,city,spend\n"];
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]} ${Math.floor(rand() * rows / 4)}`;
    chunk += `user${ids[i]}@example.com,${name},city_${Math.floor(rand() * 50)},${(Math.floor(rand() * 100000) / 100).toFixed(2)}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

/** The folder holding people.csv for `rows` rows (made once). */
function inputs(rows: number): string {
  const dir = join(tmpdir(), "pfw-bench", `text-${rows}`);
  const file = join(dir, "people.csv");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, peopleCsv(rows));
    renameSync(`${file}.tmp`, file);
  }
  return dir;
}

interface Runner {
  id: string;
  label: string;
  command(data: string, out: string): { cmd: string; args: string[] };
}

function runners(scratch: string): { list: Runner[]; notes: string[] } {
  const notes: string[] = [];
  // each pfw runner records into a run store of its own, as `pfw run` does by default: from the
  // second run on (the warm-up is the first), the last run's step times size the workers
  const vars = (id: string, data: string, out: string) => ["--var", `data=${data}`, "--var", `out=${out}`, "--db", join(scratch, `${id}.db`), "--quiet"];
  const list: Runner[] = [
    { id: "pfw", label: "pfw (deno run)", command: (d, o) => ({ cmd: DENO, args: ["run", "-A", join(ROOT, "main.ts"), "run", HERE("text.yml"), ...vars("pfw", d, o)] }) },
  ];
  const binary = join(ROOT, "dist/pfw");
  if (existsSync(binary)) list.push({ id: "pfw_bin", label: "pfw binary", command: (d, o) => ({ cmd: binary, args: ["run", HERE("text.yml"), ...vars("pfw_bin", d, o)] }) });
  else notes.push("dist/pfw not found: no binary column (run `bash compile.sh`)");
  list.push({ id: "duckdb", label: "DuckDB", command: (d, o) => ({ cmd: DENO, args: ["run", "-A", join(ROOT, "bench/peers.ts"), "duckdb", HERE("text.sql"), d, o] }) });
  const pandas = pandasStatus();
  if (pandas.ok) list.push({ id: "pandas", label: "pandas", command: (d, o) => ({ cmd: PYTHON, args: [HERE("text.py"), d, o] }) });
  else notes.push(pandas.note);
  return { list, notes };
}

/** First fields of a CSV's data lines (the e-mail or the name: none holds a comma or a quote). */
function firstFields(file: string): string[] {
  const lines = readFileSync(file, "utf8").split("\n").slice(1).filter((l) => l !== "");
  return lines.map((l) => l.slice(0, l.indexOf(",")));
}

/** What differs between a runner's outputs and the reference's. */
function compareOutputs(ref: string, dir: string): string[] {
  const problems: string[] = [];
  for (const f of OUTPUTS) {
    const a = firstFields(join(ref, f)), b = firstFields(join(dir, f));
    if (f === "text_early.csv") {
      a.sort();
      b.sort();
    }
    if (a.length !== b.length) problems.push(`${f}: ${b.length} rows, expected ${a.length}`);
    else {
      const i = a.findIndex((v, k) => v !== b[k]);
      if (i >= 0) problems.push(`${f}: row ${i + 1} starts ${JSON.stringify(b[i])}, expected ${JSON.stringify(a[i])}`);
    }
  }
  return problems;
}

/** One runner's result. */
export interface TextResult {
  runner: string;
  label: string;
  ms: Stat;
  peakMiB?: number;
}

/** Runs the text benchmark. */
export async function measureText(options: { rows: number; reps: number; log?: (line: string) => void }): Promise<{ rows: number; results: TextResult[]; problems: string[]; notes: string[] }> {
  const log = options.log ?? (() => {});
  const data = inputs(options.rows);
  const scratch = mkdtempSync(join(tmpdir(), "pfw-bench-text-"));
  const { list, notes } = runners(scratch);
  const problems: string[] = [];
  try {
    const outOf = (r: Runner) => join(scratch, r.id);
    const once = async (r: Runner) => {
      rmSync(outOf(r), { recursive: true, force: true });
      mkdirSync(outOf(r), { recursive: true });
      const { cmd, args } = r.command(data, outOf(r));
      const t = await timeProcess(cmd, args, { cwd: ROOT });
      if (t.code !== 0) throw new Error(`${r.label} failed (exit ${t.code}): ${t.stderr.slice(-400)}`);
      return t;
    };
    for (const r of list) await once(r); // warm-up, then compare with DuckDB's outputs
    const ref = list.find((r) => r.id === "duckdb")!;
    for (const r of list) if (r !== ref) problems.push(...compareOutputs(outOf(ref), outOf(r)).map((p) => `${r.label}: ${p}`));
    log(`  warm-up done; outputs vs DuckDB: ${problems.length ? problems.join("; ") : "all match"}`);
    const runs = new Map<string, { ms: number[]; rss: number[] }>(list.map((r) => [r.id, { ms: [], rss: [] }]));
    for (let k = 0; k < options.reps; k++) {
      for (const r of list) {
        const t = await once(r);
        runs.get(r.id)!.ms.push(t.ms);
        if (t.peakRssKb) runs.get(r.id)!.rss.push(t.peakRssKb / 1024);
      }
    }
    const results = list.map((r) => {
      const m = runs.get(r.id)!;
      return { runner: r.id, label: r.label, ms: stat(m.ms), peakMiB: m.rss.length ? stat(m.rss).median : undefined };
    });
    return { rows: options.rows, results, problems, notes };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The results as a markdown table, with each runner's time over pfw's. */
export function formatText(results: TextResult[]): string {
  const pfw = results.find((r) => r.runner === "pfw")!.ms.median;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const lines = ["| Runner | ms, median (min–max) | ÷ pfw | peak RSS MiB |", "|---|---:|---:|---:|"];
  for (const r of results) lines.push(`| ${r.label} | ${fmt(r.ms.median)} (${fmt(r.ms.min)}–${fmt(r.ms.max)}) | ${(r.ms.median / pfw).toFixed(2)}× | ${r.peakMiB?.toFixed(0) ?? "–"} |`);
  return lines.join("\n");
}

if (import.meta.main) {
  const flag = (name: string) => {
    const i = Deno.args.indexOf(name);
    return i >= 0 ? Deno.args[i + 1] : undefined;
  };
  const quick = Deno.args.includes("--quick");
  const rows = Number(flag("--rows") ?? (quick ? 20_000 : 500_000));
  const reps = Number(flag("--reps") ?? (quick ? 1 : 3));
  console.log(`text-heavy data: ${rows.toLocaleString("en-US")} rows of people.csv, ${reps} timed round(s) after a verified warm-up`);
  const out = await measureText({ rows, reps, log: console.log });
  console.log(formatText(out.results));
  for (const n of out.notes) console.log(`note: ${n}`);
  const file = fileURLToPath(new URL(quick ? "./results/quick/text.json" : "./results/text.json", import.meta.url));
  writeJson(file, { date: new Date().toISOString(), ...out });
  console.log(`wrote ${file}`);
  if (out.problems.length) {
    console.log("FAILED: outputs differ\n" + out.problems.map((p) => `- ${p}`).join("\n"));
    process.exit(1);
  }
}
