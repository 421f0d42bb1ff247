/**
 * `to_json {path, format: records|ndjson}`: writes the input as JSON (atomically) and passes it on.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { WRITE_PATH, writeStepOutput } from "../lib/table/io_op_support.ts";
import { JSON_FORMATS, type JsonFormat, writeJsonTable } from "../lib/table/json_table.ts";

/** Writes JSON. */
export const to_json: Operation = {
  name: "to_json",
  description: "Writes the input table as JSON: records (an array of objects) or ndjson (one object per line).",
  resourceHint: "io_bound",
  params: {
    path: WRITE_PATH,
    format: { type: "string", enum: JSON_FORMATS, default: "records", description: "records (an array of objects) or ndjson (one object per line)." },
  },
  required: ["path"],
  minInputs: 1,
  columns: (ctx) => ctx.input,
  run(ctx) {
    const format = (ctx.params.format ?? "records") as JsonFormat;
    return writeStepOutput(ctx, (table, write) => writeJsonTable(table, format, write, { signal: ctx.signal }));
  },
};
