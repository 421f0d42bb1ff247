/**
 * `pfw runs [FILE]`: recent runs from the run store, or one run's steps and
 * attempts with `--run ID`.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { envDbPath } from "../api/config.ts";
import { defaultDbPath, type RunRow, RunStore } from "../store/run_store.ts";
import { RUNS_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";
import { formatDuration, formatRows, formatTimestamp, indentRest } from "./format.ts";
import type { CliIO } from "./io.ts";
import { statusMark } from "./summary.ts";
import type { Style } from "./style.ts";

/** `pfw runs`. */
export const runsCommand: Command = {
  spec: RUNS_SPEC,
  run(args, { io, style }) {
    const file = args.positionals[0] === undefined ? undefined : resolve(io.cwd, args.positionals[0]);
    const explicit = args.flags.db as string | undefined;
    const dbPath = resolve(
      io.cwd,
      explicit ?? envDbPath(io.env) ?? (file ? defaultDbPath(file) : join(io.cwd, ".pfw", "pfw.db")),
    );
    if (!existsSync(dbPath)) {
      if (args.flags.json) io.out("[]\n");
      else io.out(`no runs recorded yet (no store at ${relative(io.cwd, dbPath) || dbPath}); "pfw run FILE" records one\n`);
      return Promise.resolve(EXIT.ok);
    }
    const store = RunStore.open(dbPath);
    try {
      if (args.flags.run !== undefined) showRun(store, String(args.flags.run), io, style, Boolean(args.flags.json));
      else {listRuns(
          store,
          { pipeline: file, limit: args.flags.limit as number | undefined },
          io,
          style,
          Boolean(args.flags.json),
        );}
    } finally {
      store.close();
    }
    return Promise.resolve(EXIT.ok);
  },
};

function listRuns(store: RunStore, options: { pipeline?: string; limit?: number }, io: CliIO, style: Style, json: boolean): void {
  const runs = store.listRuns(options);
  if (json) {
    io.out(JSON.stringify(runs.map(runJson), null, 2) + "\n");
    return;
  }
  if (runs.length === 0) {
    io.out(options.pipeline ? `no runs of ${relative(io.cwd, options.pipeline)} recorded yet\n` : "no runs recorded yet\n");
    return;
  }
  const idW = Math.max(...runs.map((r) => r.id.length));
  io.out(
    style.dim(
      `${"run".padEnd(idW)}  ${"started".padEnd(19)}  ${"status".padEnd(11)}  ${
        "duration".padStart(8)
      }  steps  engine      pipeline`,
    ) + "\n",
  );
  for (const r of runs) {
    const duration = r.durationMs === null ? "-" : formatDuration(r.durationMs);
    const pipeline = r.pipeline ? relative(io.cwd, r.pipeline) || r.pipeline : "(built in code)";
    io.out(
      `${r.id.padEnd(idW)}  ${formatTimestamp(r.startedAt)}  ${statusMark(r.status, style)} ${r.status.padEnd(9)}  ${
        duration.padStart(8)
      }  ${String(r.stepCount ?? "-").padStart(5)}  ${r.engine.padEnd(10)}  ${pipeline}\n`,
    );
  }
}

function showRun(store: RunStore, id: string, io: CliIO, style: Style, json: boolean): void {
  let run: RunRow | undefined;
  try {
    run = store.findRun(id);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!run) throw new UsageError(`no run "${id}" in this store; "pfw runs" lists the recorded runs`);
  const steps = store.steps(run.id);
  const attempts = store.attempts(run.id);
  if (json) {
    io.out(JSON.stringify({ ...runJson(run), steps, attempts }, null, 2) + "\n");
    return;
  }
  io.out(
    `${style.bold(`run ${run.id}`)}  ${statusMark(run.status, style)} ${run.status}  started ${formatTimestamp(run.startedAt)}` +
      `  ${run.durationMs === null ? "" : formatDuration(run.durationMs)}  ${run.engine}\n`,
  );
  if (run.pipeline) io.out(`pipeline ${run.pipeline}\n`);
  const nameW = Math.max(4, ...steps.map((s) => s.name.length));
  for (const s of steps) {
    const tries = attempts.filter((a) => a.step === s.name);
    io.out(
      `  ${statusMark(s.status, style)} ${s.name.padEnd(nameW)}  ${s.status.padEnd(9)}  ${
        (s.durationMs === null ? "" : formatDuration(s.durationMs)).padStart(8)
      }  ${formatRows(s.rows ?? undefined).padStart(14)}  ${s.attempts} attempt${s.attempts === 1 ? "" : "s"}\n`,
    );
    for (const a of tries.filter((a) => a.status !== "completed")) {
      io.out(style.dim(`      attempt ${a.attempt}: ${a.status}${a.error ? `: ${indentRest(a.error, "        ")}` : ""}\n`));
    }
  }
}

function runJson(r: RunRow): Record<string, unknown> {
  return {
    id: r.id,
    pipeline: r.pipeline,
    status: r.status,
    started_at: new Date(r.startedAt).toISOString(),
    duration_ms: r.durationMs,
    engine: r.engine,
    steps: r.stepCount,
  };
}
