/**
 * Runs one benchmark command as a whole process: wall time from spawn to
 * exit, measured by the parent, and the child's peak resident set size
 * (through `/usr/bin/time -f %M` when it exists).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const TIME = "/usr/bin/time";

/** Options of {@link timeProcess}. */
export interface TimeProcessOptions {
  cwd?: string;
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** Kills the child when aborted. */
  signal?: AbortSignal;
  /** Kills the child after this many ms (default 300,000). */
  timeoutMs?: number;
}

/** What {@link timeProcess} measured. */
export interface ProcessTiming {
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
  /** Exit code (null when killed by a signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS of the child in KiB, when /usr/bin/time is present. */
  peakRssKb?: number;
}

/** Whether peak RSS can be measured on this machine. */
export function canMeasureRss(): boolean {
  return existsSync(TIME);
}

/** Runs `cmd args…` to its end; never rejects for a non-zero exit (see `code`). */
export function timeProcess(cmd: string, args: string[], options: TimeProcessOptions = {}): Promise<ProcessTiming> {
  const withTime = canMeasureRss();
  const tmp = withTime ? mkdtempSync(join(tmpdir(), "pfw-bench-time-")) : undefined;
  const rssFile = tmp ? join(tmp, "rss") : undefined;
  const argv = withTime ? ["-f", "%M", "-o", rssFile!, cmd, ...args] : args;
  const program = withTime ? TIME : cmd;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(program, argv, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      signal: options.signal,
    });
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    child.stdout!.on("data", (c: Uint8Array) => out.push(c));
    child.stderr!.on("data", (c: Uint8Array) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      reject(e);
    });
    child.on("close", (code) => {
      const ms = performance.now() - t0;
      clearTimeout(timer);
      let peakRssKb: number | undefined;
      if (rssFile && existsSync(rssFile)) {
        // The last line is %M; earlier lines may be "Command exited with non-zero status N".
        const lines = readFileSync(rssFile, "utf8").trim().split("\n");
        const kb = Number(lines[lines.length - 1]);
        if (Number.isFinite(kb)) peakRssKb = kb;
      }
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      const decode = (parts: Uint8Array[]) => new TextDecoder().decode(concatBytes(parts));
      resolve({ ms, code, stdout: decode(out), stderr: decode(err), peakRssKb });
    });
  });
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const all = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}
