/**
 * `to_arrow {path}`: writes the input as an Arrow IPC file (atomically) and passes it on.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { tableToArrowFile } from "../lib/table/arrow_file.ts";
import { WRITE_PATH, writeStepOutput } from "../lib/table/io_op_support.ts";

/** Writes an Arrow IPC file. */
export const to_arrow: Operation = {
  name: "to_arrow",
  description: "Writes the input table as an Arrow IPC file (.arrow).",
  resourceHint: "io_bound",
  params: { path: WRITE_PATH },
  required: ["path"],
  minInputs: 1,
  columns: (ctx) => ctx.input,
  run(ctx) {
    return writeStepOutput(ctx, (table, write) => write(tableToArrowFile(table)));
  },
};
