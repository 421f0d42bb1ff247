/**
 * Control operations: noop, sleep.  (shell lives in ops/shell.ts)
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { CancelledError } from "../lib/errors.ts";
import { shell } from "./shell.ts";

/** Does nothing; passes its first input through. Useful for joins in the DAG and for measuring overhead. */
export const noop: Operation = {
  name: "noop",
  description: "Does nothing; passes the first input through unchanged.",
  resourceHint: "io_bound",
  params: {},
  columns: (ctx) => ctx.input,
  inputColumns: (_params, used) => used,
  run: (ctx) => ctx.input,
};

/** Waits `ms` milliseconds (interrupted by cancellation), then passes its first input through. */
export const sleep: Operation = {
  name: "sleep",
  description: "Waits ms milliseconds, then passes the first input through.",
  resourceHint: "io_bound",
  params: { ms: { type: "number", minimum: 0, description: "How long to wait, in milliseconds." } },
  required: ["ms"],
  columns: (ctx) => ctx.input,
  inputColumns: (_params, used) => used,
  run: (ctx) =>
    new Promise((resolve, reject) => {
      const signal = ctx.signal;
      if (signal.aborted) return reject(signal.reason ?? new CancelledError());
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve(ctx.input);
      }, Number(ctx.params.ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason ?? new CancelledError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }),
};

/** The control operations, for ops/mod.ts. */
export const CONTROL_OPERATIONS: readonly Operation[] = [noop, sleep, shell];
