/**
 * `pfw run FILE`: validate, run with a live view (or plain lines, or NDJSON),
 * record the run, and exit 0 / 1 / 130 by its outcome.
 *
 * @module
 */
import { resolve } from "node:path";
import process from "node:process";
import { SpecErrorList } from "../errors.ts";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { CancellationToken } from "../engine/cancellation.ts";
import { envDbPath } from "../api/config.ts";
import { recordedRun } from "../api/recorded_run.ts";
import { defaultDbPath } from "../store/run_store.ts";
import type { PipelineSpec, Settings } from "../types.ts";
import { RUN_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";
import { flushProcessOutput } from "./io.ts";
import { loadFromCli } from "./pipeline_args.ts";
import { chooseViewMode, createRunView } from "./progress_view.ts";
import { onInterrupt } from "./signals.ts";
import { takeEarlyWorker } from "./early_worker.ts";

/** `pfw run`. */
export const runCommand: Command = {
  spec: RUN_SPEC,
  async run(args, { io, style }) {
    const file = args.positionals[0];
    const json = Boolean(args.flags.json);
    const overrides: Partial<Settings> = {};
    if (args.flags.engine) overrides.engine = args.flags.engine as Settings["engine"];
    if (args.flags["max-parallel"]) overrides.maxParallel = args.flags["max-parallel"] as number;
    const registry = createDefaultRegistry();
    const token = new CancellationToken();
    const pool = takeEarlyWorker();
    let pipeline: PipelineSpec;
    try {
      pipeline = await loadFromCli(file, io, {
        registry,
        vars: args.flags.var as string[] | undefined,
        overrides,
        signal: token.signal,
      });
    } catch (err) {
      pool?.terminate();
      if (json && err instanceof SpecErrorList) io.out(JSON.stringify(invalidLine(err)) + "\n");
      throw err;
    }
    const dbPath = args.flags["no-db"] ? undefined : resolve(
      io.cwd,
      (args.flags.db as string | undefined) ?? envDbPath(io.env) ?? defaultDbPath(pipeline.file ?? resolve(io.cwd, file)),
    );
    const mode = chooseViewMode({ json, quiet: Boolean(args.flags.quiet), isTTY: io.isTTY });
    let view: ReturnType<typeof createRunView> | undefined;
    const stopListening = onInterrupt({
      first: (signal) => {
        view?.onCancelRequested(signal === "SIGINT" ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)");
        token.cancel(`cancelled by ${signal}`);
      },
      second: () => {
        view?.close();
        io.err("stopped at once (second Ctrl-C)\n");
        flushProcessOutput().finally(() => process.exit(EXIT.cancelled));
      },
    });
    try {
      const result = await recordedRun(pipeline, {
        registry,
        signal: token.signal,
        pool,
        dbPath,
        onStoreError: (e) => io.err(style.yellow("warning") + `: the run is not recorded (${e.message})\n`),
        onStart: (runId) => {
          view = createRunView(mode, {
            io,
            style,
            runId,
            engine: pipeline.settings.engine,
            file,
            steps: pipeline.steps.map((s) => ({ name: s.name, operation: s.operation, resourceHint: s.resourceHint })),
          });
          view.start();
        },
        onEvent: (e) => view!.onEvent(e),
        onLog: (step, message) => view!.onLog(step, message),
      });
      view?.finish(result);
      return result.status === "completed" ? EXIT.ok : result.status === "cancelled" ? EXIT.cancelled : EXIT.failed;
    } finally {
      pool?.terminate();
      view?.close();
      stopListening();
    }
  },
};

/** The NDJSON line `--json` writes for an invalid pipeline (the readable list goes to stderr). */
function invalidLine(err: SpecErrorList): Record<string, unknown> {
  return {
    event: "invalid",
    errors: err.errors.map((e) => ({
      file: e.file ?? null,
      line: e.line ?? null,
      col: e.col ?? null,
      path: e.path ?? null,
      message: e.message,
      hint: e.hint ?? null,
    })),
  };
}
