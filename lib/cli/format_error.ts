/**
 * How the CLI reports errors and which exit code each kind gets. A user's
 * mistake is one readable block (file:line:col, the source line, a hint) and
 * never a stack trace; anything unexpected is a bug in pfw, reported in one
 * line, with the stack only under `PFW_DEBUG=1`.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { CancelledError, DataError, SpecError, SpecErrorList, UsageError } from "../errors.ts";
import type { Style } from "./style.ts";

/** The CLI's exit codes. */
export const EXIT = {
  /** The run completed (or the command succeeded). */
  ok: 0,
  /** A step failed. */
  failed: 1,
  /** Invalid pipeline or command line. */
  usage: 2,
  /** Cancelled by SIGINT/SIGTERM. */
  cancelled: 130,
} as const;

/** The exit code for an error that reached the top of a command. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SpecErrorList || err instanceof SpecError || err instanceof UsageError) return EXIT.usage;
  if (isNotFound(err)) return EXIT.usage;
  if (err instanceof CancelledError) return EXIT.cancelled;
  if (err instanceof DataError) return EXIT.failed;
  return EXIT.failed;
}

/** Whether an error is a user's mistake (no stack trace, no "bug" note). */
export function isUserError(err: unknown): boolean {
  return err instanceof SpecErrorList || err instanceof SpecError || err instanceof UsageError ||
    err instanceof DataError || err instanceof CancelledError || isNotFound(err);
}

function isNotFound(err: unknown): err is Error & { path?: string } {
  return err instanceof Error && ((err as { code?: string }).code === "ENOENT" || err.name === "NotFound");
}

/** Options of {@link formatError}. */
export interface FormatErrorOptions {
  style: Style;
  /** Print stacks of unexpected errors (PFW_DEBUG=1). */
  debug?: boolean;
}

/** The text to print on stderr for `err`, ending with a newline. */
export function formatError(err: unknown, options: FormatErrorOptions): string {
  const { style } = options;
  const label = style.red(style.bold("error"));
  if (err instanceof SpecErrorList) {
    const n = err.errors.length;
    const head = `${label}: ${n} problem${n === 1 ? "" : "s"} in the pipeline; nothing was run`;
    return [head, ...err.errors.map((e) => formatSpecError(e, style))].join("\n\n") + "\n";
  }
  if (err instanceof SpecError) return `${label}: the pipeline is invalid; nothing was run\n\n${formatSpecError(err, style)}\n`;
  if (isUserError(err)) {
    const message = isNotFound(err) ? `${(err as Error).message}; check the path` : (err as Error).message;
    return `${label}: ${message}\n`;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const lines = [`${label}: ${e.message || e.name}`, "this is a bug in pfw; please report it with the command you ran"];
  if (options.debug && e.stack) lines.push(e.stack);
  else lines.push(style.dim("(set PFW_DEBUG=1 to see the stack trace)"));
  return lines.join("\n") + "\n";
}

/** One spec problem: `file:line:col: message`, the source line with a caret, and the hint. */
export function formatSpecError(e: SpecError, style: Style): string {
  const where = [e.file ?? "<pipeline>", e.line, e.col].filter((x) => x !== undefined).join(":");
  const lines = [`  ${style.bold(where)}: ${e.message}`];
  const snippet = e.file && e.line ? sourceLine(e.file, e.line) : undefined;
  if (snippet !== undefined) {
    const gutter = String(e.line);
    lines.push(style.dim(`  ${gutter} | `) + snippet);
    if (e.col) lines.push(style.dim(`  ${" ".repeat(gutter.length)} | `) + " ".repeat(Math.max(0, e.col - 1)) + style.red("^"));
  }
  if (e.hint) lines.push(`  ${style.cyan("hint")}: ${e.hint}`);
  return lines.join("\n");
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[line - 1]?.replace(/\t/g, " ");
  } catch {
    return undefined;
  }
}
