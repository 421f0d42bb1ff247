/**
 * Text tables of the workflow benchmark: the seed's table with real numbers,
 * and where pfw's time goes (per-step medians).
 *
 * @module
 */
import type { RunnerId } from "./runners.ts";
import type { Stat } from "./stats.ts";
import type { WorkflowResult } from "./suite.ts";

const ORDER: RunnerId[] = ["pfw_seq", "pfw_par", "pfw_bin", "duckdb", "duckdb_1t", "pandas"];
const SHORT: Record<RunnerId, string> = {
  pfw_seq: "pfw seq",
  pfw_par: "pfw parallel",
  pfw_bin: "pfw binary",
  duckdb: "DuckDB",
  duckdb_1t: "DuckDB 1t",
  pandas: "pandas",
};

function ms(s?: Stat): string {
  if (!s) return "failed";
  const f = (x: number) => Math.round(x).toLocaleString("en-US");
  return s.runs.length > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);
}

function ratio(x?: number): string {
  return x === undefined ? "–" : `${x.toFixed(2)}×`;
}

/** Lays out rows as a Markdown table (aligned, so it reads in a terminal too). */
export function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i < 1 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(head), rule, ...rows.map(line)].join("\n");
}

/** The seed's table: workflow, steps, each runner's median wall time (min–max) in ms, and the ratios. */
export function formatWorkflowTable(results: WorkflowResult[]): string {
  const present = ORDER.filter((id) => results.some((w) => w.runners.some((r) => r.runner === id)));
  const head = ["Workflow", "Steps", ...present.map((id) => `${SHORT[id]} ms`), "pandas ÷ pfw par", "DuckDB ÷ pfw par", "seq ÷ par"];
  const rows = results.map((w) => [
    w.title,
    String(w.steps),
    ...present.map((id) => ms(w.runners.find((r) => r.runner === id)?.ms)),
    ratio(w.pandasOverPfw),
    ratio(w.duckdbOverPfw),
    ratio(w.seqOverPar),
  ]);
  return markdownTable(head, rows);
}

/** Per workflow: pfw's slowest steps (sequential engine, so each is timed alone) and the fixed cost of the process. */
export function formatStepBreakdown(results: WorkflowResult[]): string {
  const lines: string[] = [];
  for (const w of results) {
    const seq = w.runners.find((r) => r.runner === "pfw_seq");
    const par = w.runners.find((r) => r.runner === "pfw_par");
    if (!seq?.stepMs || !seq.ms) continue;
    const steps = Object.entries(seq.stepMs).sort((a, b) => b[1] - a[1]);
    const sum = steps.reduce((s, [, v]) => s + v, 0);
    const fixed = seq.ms.median - sum;
    const top = steps.slice(0, 4).map(([n, v]) => `${n} ${Math.round(v)} ms (${Math.round((100 * v) / seq.ms!.median)}%)`).join(", ");
    lines.push(`${w.title}: sequential ${Math.round(seq.ms.median)} ms = steps ${Math.round(sum)} ms + process start/load/exit ${Math.round(fixed)} ms; slowest: ${top}`);
    if (par?.stepMs) {
      const pt = Object.entries(par.stepMs).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, v]) => `${n} ${Math.round(v)}`).join(", ");
      lines.push(`  parallel run, slowest steps (ms, overlapping): ${pt}`);
    }
  }
  return lines.join("\n");
}

/** Verification problems and run errors, one line each (empty when all is well). */
export function formatProblems(results: WorkflowResult[]): string[] {
  const out: string[] = [];
  for (const w of results) {
    for (const r of w.runners) {
      for (const e of r.errors) out.push(`${w.title} / ${r.label}: ${e}`);
      for (const c of r.verified) if (!c.ok) out.push(`${w.title} / ${r.label}: output ${c.output} differs from DuckDB's: ${c.problems.join("; ")}`);
    }
  }
  return out;
}
