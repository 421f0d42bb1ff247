/**
 * The text printed when a run ends: a table of steps (or just the failed ones
 * for big pipelines) and one closing line.
 *
 * @module
 */
import type { RunResult, StepResult } from "../types.ts";
import { formatCount, formatDuration, formatRows, indentRest } from "./format.ts";
import type { Style } from "./style.ts";

/** Options of {@link formatSummary}. */
export interface SummaryOptions {
  style: Style;
  /** List every step (up to `maxRows`); otherwise only failed steps and the closing line. */
  table: boolean;
  /** Above this many steps the table lists only steps that did not complete (default 40). */
  maxRows?: number;
}

/** The run's summary, ending with a newline. */
export function formatSummary(result: RunResult, options: SummaryOptions): string {
  const { style } = options;
  const lines: string[] = [];
  const max = options.maxRows ?? 40;
  const notDone = result.steps.filter((s) => s.status !== "completed");
  if (options.table) {
    const shown = result.steps.length <= max ? result.steps : notDone.slice(0, max);
    if (shown.length) lines.push(...stepTable(shown, style));
    if (shown.length < result.steps.length) {
      lines.push(style.dim(`  … ${formatCount(result.steps.length - shown.length)} more steps not shown`));
    }
  } else {
    for (const s of result.steps) {
      if (s.status === "failed") lines.push(`  ${style.red("✖")} ${s.name}: ${indentRest(s.error ?? "failed", "    ")}`);
    }
  }
  lines.push(closingLine(result, style));
  return lines.join("\n") + "\n";
}

/** `✔ completed: 4 steps in 1.23 s (run 1f3a…)` and the like. */
export function closingLine(result: RunResult, style: Style): string {
  const count = (status: string) => result.steps.filter((s) => s.status === status).length;
  const total = result.steps.length;
  const duration = formatDuration(result.durationMs);
  const run = style.dim(`(run ${result.runId})`);
  if (result.status === "completed") {
    return `${style.green("✔ completed")}: ${formatCount(total)} step${total === 1 ? "" : "s"} in ${duration} ${run}`;
  }
  const parts = [`${count("completed")} completed`];
  for (const status of ["failed", "skipped", "cancelled"]) {
    const n = count(status);
    if (n) parts.push(`${n} ${status}`);
  }
  const head = result.status === "failed" ? style.red("✖ failed") : style.yellow("⊘ cancelled");
  return `${head}: ${parts.join(", ")} of ${formatCount(total)} steps after ${duration} ${run}`;
}

function stepTable(steps: StepResult[], style: Style): string[] {
  const nameW = Math.max(4, ...steps.map((s) => s.name.length));
  const out: string[] = [];
  for (const s of steps) {
    const mark = statusMark(s.status, style);
    const tries = s.attempts > 1 ? `${s.attempts} attempts` : "";
    const cells = [
      `  ${mark} ${s.name.padEnd(nameW)}`,
      s.status.padEnd(9),
      (s.attempts > 0 ? formatDuration(s.durationMs) : "").padStart(8),
      formatRows(s.rows).padStart(14),
      tries,
    ];
    let line = cells.join("  ").trimEnd();
    if (s.error && s.status !== "completed") line += `\n      ${style.red(indentRest(s.error, "      "))}`;
    out.push(line);
  }
  return out;
}

/** The one-character mark of a status, colored. */
export function statusMark(status: string, style: Style): string {
  switch (status) {
    case "completed":
      return style.green("✔");
    case "failed":
      return style.red("✖");
    case "cancelled":
      return style.yellow("⊘");
    case "skipped":
      return style.gray("-");
    case "running":
      return style.cyan("▸");
    case "retrying":
      return style.yellow("↻");
    default:
      return style.gray("·");
  }
}
