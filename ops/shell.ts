/**
 * `shell {cmd: [argv…], cwd?, env?}`: runs a program without a shell (no
 * string interpolation, no globbing), writes its output lines to the step
 * log, and fails the step on a non-zero exit with the code and the last
 * stderr lines. Cancelling the step sends SIGTERM, then SIGKILL after 2 s.
 *
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { resolve } from "node:path";
import type { Operation } from "../lib/operation.ts";
import { CancelledError, DataError } from "../lib/errors.ts";

const KILL_GRACE_MS = 2000;
const STDERR_TAIL = 20;

/** Runs a program; passes its first input through. */
export const shell: Operation = {
  name: "shell",
  description: "Runs a program without a shell: cmd: [python3, script.py, --flag]; output goes to the step log; a non-zero exit fails the step.",
  resourceHint: "io_bound",
  params: {
    cmd: { type: "array", items: { type: "string" }, minItems: 1, description: "The program and its arguments, one list item each (no shell parsing)." },
    cwd: { type: "string", description: "Working folder, relative to the pipeline file's folder (default: that folder)." },
    env: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] }, description: "Extra environment variables." },
  },
  required: ["cmd"],
  minInputs: 0,
  check(params) {
    const cmd = params.cmd;
    if (typeof cmd === "string") {
      return [{ param: "cmd", message: "cmd must be a list, not one string", hint: `write cmd: [${cmd.split(/\s+/).filter(Boolean).map((s) => JSON.stringify(s)).join(", ")}] (no shell is involved)` }];
    }
    if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((a) => typeof a !== "string" && typeof a !== "number")) {
      return [{ param: "cmd", message: "cmd must be a non-empty list of strings", hint: "write cmd: [program, arg1, arg2]" }];
    }
    return [];
  },
  columns: (ctx) => ctx.input,
  run(ctx) {
    const cmd = (ctx.params.cmd as unknown[]).map(String);
    const cwd = resolve(ctx.baseDir, String(ctx.params.cwd ?? "."));
    const extra = Object.fromEntries(Object.entries((ctx.params.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const signal = ctx.signal;
    return new Promise((done, fail) => {
      if (signal.aborted) return fail(signal.reason ?? new CancelledError());
      const child = spawn(cmd[0], cmd.slice(1), { cwd, env: { ...process.env, ...extra }, shell: false, stdio: ["ignore", "pipe", "pipe"] });
      const stderrTail: string[] = [];
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      let spawnError: Error | undefined;
      const lines = (stream: NodeJS.ReadableStream | null, onLine: (line: string) => void) => {
        if (!stream) return () => {};
        let buffer = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            onLine(buffer.slice(0, nl).replace(/\r$/, ""));
            buffer = buffer.slice(nl + 1);
          }
        });
        return () => {
          if (buffer) onLine(buffer);
          buffer = "";
        };
      };
      const flushOut = lines(child.stdout, (l) => ctx.log(l));
      const flushErr = lines(child.stderr, (l) => {
        ctx.log(`stderr: ${l}`);
        stderrTail.push(l);
        if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
      });
      const onAbort = () => {
        child.kill("SIGTERM");
        killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      child.on("error", (e: Error) => {
        spawnError = e;
      });
      child.on("close", (code: number | null, sig: string | null) => {
        signal.removeEventListener("abort", onAbort);
        if (killTimer !== undefined) clearTimeout(killTimer);
        flushOut();
        flushErr();
        if (signal.aborted) return fail(signal.reason ?? new CancelledError());
        if (spawnError) {
          const notFound = (spawnError as NodeJS.ErrnoException).code === "ENOENT";
          return fail(new DataError(notFound
            ? `step "${ctx.step}": cannot run "${cmd[0]}": no such program (or cwd ${cwd} does not exist); check cmd[0] and PATH`
            : `step "${ctx.step}": cannot run "${cmd[0]}": ${spawnError.message}`));
        }
        if (code === 0) return done(ctx.input);
        const why = code !== null ? `exited with code ${code}` : `was killed by ${sig}`;
        const tail = stderrTail.length ? `; last stderr lines:\n${stderrTail.map((l) => "  " + l).join("\n")}` : "";
        fail(Object.assign(new DataError(`step "${ctx.step}": command "${cmd.join(" ")}" ${why}${tail}`), { exitCode: code }));
      });
    });
  },
};
