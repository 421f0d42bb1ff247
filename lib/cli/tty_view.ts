/**
 * The live view of `pfw run` on a terminal: one line per step with its
 * status, a bar, elapsed time, rows, ETA and retries, redrawn in place at
 * most ten times a second. Events only update state (cheap even for 100k
 * steps); drawing happens on a timer. Big pipelines show the running, failed,
 * most recently finished and next waiting steps that fit the terminal.
 *
 * @module
 */
import type { ProgressEvent, RunResult } from "../types.ts";
import type { RunView, RunViewInit, StepInfo } from "./progress_view.ts";
import { formatCount, formatDuration, formatRows, progressBar, truncate } from "./format.ts";
import { formatSummary, statusMark } from "./summary.ts";
import { stripAnsi, type Style, truncateAnsi } from "./style.ts";

const FRAME_MS = 100;
const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

interface StepState {
  info: StepInfo;
  index: number;
  status: string;
  attempt: number;
  progress: number;
  /** Run time (ms) when the current attempt started. */
  attemptStart?: number;
  firstStart?: number;
  end?: number;
  rows?: number;
  error?: string;
  retryAt?: number;
}

const ACTIVE = new Set(["running", "retrying"]);
const FINISHED = new Set(["completed", "failed", "cancelled", "skipped"]);

/** Live, redrawn-in-place view for terminals. */
export class TtyView implements RunView {
  #init: RunViewInit;
  #steps: StepState[];
  #byName = new Map<string, StepState>();
  #active = new Set<StepState>();
  #recent: StepState[] = [];
  #counts = new Map<string, number>();
  #nextWaiting = 0;
  #t0 = performance.now();
  #timer?: ReturnType<typeof setInterval>;
  #drawn = 0;
  #frame = 0;
  #dirty = true;
  #cursorHidden = false;
  #note?: string;

  /** See {@link RunViewInit}. */
  constructor(init: RunViewInit) {
    this.#init = init;
    this.#steps = init.steps.map((info, index) => ({ info, index, status: "pending", attempt: 0, progress: 0 }));
    for (const s of this.#steps) this.#byName.set(s.info.name, s);
    this.#counts.set("pending", this.#steps.length);
  }

  start(): void {
    this.#t0 = performance.now();
    this.#init.io.out(HIDE_CURSOR);
    this.#cursorHidden = true;
    this.#draw();
    this.#timer = setInterval(() => {
      if (this.#dirty || this.#active.size) this.#draw();
    }, FRAME_MS);
  }

  onEvent(e: ProgressEvent): void {
    const s = this.#byName.get(e.step);
    if (!s) return;
    this.#dirty = true;
    if (s.status !== e.status) {
      this.#counts.set(s.status, (this.#counts.get(s.status) ?? 1) - 1);
      this.#counts.set(e.status, (this.#counts.get(e.status) ?? 0) + 1);
    }
    if (e.status === "running" && (s.status !== "running" || s.attempt !== e.attempt)) {
      s.attemptStart = e.elapsedMs;
      s.firstStart ??= e.elapsedMs;
    }
    s.status = e.status;
    s.attempt = e.attempt;
    s.progress = e.status === "completed" ? 1 : e.progress;
    if (e.rows !== undefined) s.rows = e.rows;
    if (e.error !== undefined) s.error = e.error;
    s.retryAt = e.status === "retrying" && e.delayMs !== undefined ? e.elapsedMs + e.delayMs : undefined;
    if (ACTIVE.has(e.status)) this.#active.add(s);
    else this.#active.delete(s);
    if (FINISHED.has(e.status)) {
      s.end = e.elapsedMs;
      this.#recent.push(s);
      if (this.#recent.length > 64) this.#recent.splice(0, 32);
    }
  }

  onLog(step: string, message: string): void {
    this.#erase();
    this.#init.io.out(`${this.#init.style.dim(`[${step}]`)} ${message}\n`);
    this.#draw();
  }

  onCancelRequested(reason: string): void {
    this.#note = `${reason}: cancelling; press Ctrl-C again to stop at once`;
    this.#draw();
  }

  finish(result: RunResult): void {
    this.#stopTimer();
    this.#erase();
    this.#showCursor();
    const { io, style, file, engine } = this.#init;
    io.out(style.bold(`pfw run ${file ?? "(pipeline)"}`) + style.dim(` · ${engine}`) + "\n");
    io.out(formatSummary(result, { style, table: true }));
  }

  close(): void {
    this.#stopTimer();
    this.#showCursor();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #showCursor(): void {
    if (this.#cursorHidden) this.#init.io.out(SHOW_CURSOR);
    this.#cursorHidden = false;
  }

  #now(): number {
    return performance.now() - this.#t0;
  }

  #erase(): void {
    if (this.#drawn > 0) this.#init.io.out(`\x1b[${this.#drawn}F\x1b[J`);
    this.#drawn = 0;
  }

  #draw(): void {
    this.#dirty = false;
    this.#frame++;
    const lines = this.render();
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F` : "";
    this.#init.io.out(up + lines.map((l) => `\x1b[2K${l}\n`).join("") + "\x1b[J");
    this.#drawn = lines.length;
  }

  /** The current frame's lines (without cursor control), each fitting the terminal width. */
  render(): string[] {
    const { io, style, file, engine } = this.#init;
    const width = Math.max(20, io.columns - 1);
    const now = this.#now();
    const done = this.#counts.get("completed") ?? 0;
    const parts = [`${done}/${formatCount(this.#steps.length)} done`];
    for (const status of ["running", "retrying", "failed", "skipped", "cancelled"]) {
      const n = this.#counts.get(status) ?? 0;
      if (n) parts.push(`${n} ${status}`);
    }
    parts.push(formatDuration(now));
    const head = truncate(`pfw run ${file ?? "(pipeline)"} · ${engine} · ${parts.join(" · ")}`, width);
    const lines = [style.bold(head)];
    const limit = Math.max(3, io.rows - 3);
    const shown = this.#steps.length <= limit ? this.#steps : this.#pick(limit);
    const nameW = Math.min(28, Math.max(4, ...shown.map((s) => s.info.name.length)));
    const rowsW = Math.max(0, ...shown.map((s) => formatRows(s.rows).length));
    for (const s of shown) lines.push(this.#stepLine(s, { nameW, rowsW, width, now, style }));
    if (shown.length < this.#steps.length) {
      lines.push(style.dim(`  … ${formatCount(this.#steps.length - shown.length)} more steps`));
    }
    if (this.#note) lines.push(style.yellow(truncate(this.#note, width)));
    return lines;
  }

  /** Active steps, then failed, then recently finished, then the next waiting ones; in file order. */
  #pick(limit: number): StepState[] {
    const chosen = new Set<StepState>();
    const add = (s: StepState) => chosen.size < limit && chosen.add(s);
    for (const s of this.#active) add(s);
    for (let i = this.#recent.length - 1; i >= 0 && chosen.size < limit; i--) {
      if (this.#recent[i].status === "failed") add(this.#recent[i]);
    }
    const quota = chosen.size + Math.ceil((limit - chosen.size) / 2);
    for (let i = this.#recent.length - 1; i >= 0 && chosen.size < quota; i--) add(this.#recent[i]);
    while (this.#nextWaiting < this.#steps.length && !isWaiting(this.#steps[this.#nextWaiting])) this.#nextWaiting++;
    for (let i = this.#nextWaiting; i < this.#steps.length && chosen.size < limit; i++) {
      if (isWaiting(this.#steps[i])) add(this.#steps[i]);
    }
    return [...chosen].sort((a, b) => a.index - b.index);
  }

  #stepLine(s: StepState, layout: { nameW: number; rowsW: number; width: number; now: number; style: Style }): string {
    const { nameW, rowsW, width, now, style } = layout;
    const mark = s.status === "running" ? style.cyan(SPINNER[this.#frame % SPINNER.length]) : statusMark(s.status, style);
    const name = truncate(s.info.name, nameW).padEnd(nameW);
    const barW = width >= 100 ? 24 : width >= 80 ? 16 : width >= 60 ? 8 : 0;
    let rest: string;
    if (s.status === "pending" || s.status === "queued") {
      rest = style.dim(s.status === "queued" ? "queued" : "waiting");
    } else if (s.status === "skipped") {
      rest = style.dim("skipped (an upstream step failed)");
    } else {
      const started = s.firstStart ?? now;
      const elapsed = Math.max(0, (FINISHED.has(s.status) ? (s.end ?? now) : now) - started);
      // A running step that reports no fraction gets a moving block instead of a stuck 0%.
      const unknown = s.status === "running" && s.progress === 0;
      const pct = unknown ? "    " : `${Math.floor(s.progress * 100)}%`.padStart(4);
      const cells = unknown ? bounce(this.#frame, barW) : progressBar(s.progress, barW);
      const bar = barW ? colorBar(cells, s.status, style) + " " : "";
      const extra: string[] = [];
      if (s.status === "running" && s.progress > 0.02 && s.progress < 1 && s.attemptStart !== undefined) {
        const attemptElapsed = now - s.attemptStart;
        extra.push(`ETA ${formatDuration((attemptElapsed * (1 - s.progress)) / s.progress)}`);
      }
      if (s.status === "retrying") {
        const wait = s.retryAt === undefined ? "" : ` in ${formatDuration(Math.max(0, s.retryAt - now))}`;
        extra.push(`try ${s.attempt + 1}${wait}`);
      } else if (s.attempt > 1) extra.push(`attempt ${s.attempt}`);
      if (s.status === "failed" || s.status === "retrying") extra.push(s.error ?? "");
      if (s.status === "cancelled") extra.push("cancelled");
      const fixed = `${bar}${pct}  ${formatDuration(elapsed).padStart(8)}${
        rowsW ? "  " + formatRows(s.rows).padStart(rowsW) : ""
      }`;
      const room = width - 3 - nameW - 2 - stripAnsi(fixed).length - 2;
      // One terminal line per step: a multi-line error is folded.
      const tail = truncate(extra.filter(Boolean).join(" · ").replace(/\s*\r?\n\s*/g, " "), room);
      rest = tail ? `${fixed}  ${s.status === "failed" ? style.red(tail) : style.dim(tail)}` : fixed;
    }
    return truncateAnsi(`${mark} ${name}  ${rest}`, width);
  }

  /** For tests: the number of frames drawn. */
  get frames(): number {
    return this.#frame;
  }
}

/** A 3-cell block sliding back and forth across `width` cells. */
function bounce(frame: number, width: number): string {
  const span = Math.max(1, width - 3);
  const p = frame % (2 * span);
  const at = p < span ? p : 2 * span - p;
  return "░".repeat(at) + "███".slice(0, Math.min(3, width)) + "░".repeat(Math.max(0, width - at - 3));
}

function isWaiting(s: StepState): boolean {
  return s.status === "pending" || s.status === "queued";
}

function colorBar(bar: string, status: string, style: Style): string {
  if (status === "completed") return style.green(bar);
  if (status === "failed") return style.red(bar);
  if (status === "retrying" || status === "cancelled") return style.yellow(bar);
  return style.cyan(bar);
}
