/**
 * The operation bench/handoff.ts runs in the engine's own pool workers: it
 * logs the absolute time (performance.timeOrigin + now, a clock all threads
 * share) at which it starts — its input table already decoded, as every
 * step's is — and returns that input unchanged, so that a job that ships its
 * output sends the table back.
 *
 * @module
 */
import type { OpContext, Operation } from "../../lib/operation.ts";
import type { Table } from "../../lib/types.ts";

/** `handoff_probe`: logs when it starts, returns its input. */
export const handoffProbe: Operation = {
  name: "handoff_probe",
  description: "Logs the time it starts and returns its input (bench/handoff.ts).",
  resourceHint: "cpu_bound",
  params: {},
  minInputs: 1,
  run(ctx: OpContext): Table {
    ctx.log(String(performance.timeOrigin + performance.now()));
    return ctx.input!;
  },
};
