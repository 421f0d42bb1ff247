/**
 * `to_csv {path, delimiter}`: writes the input as CSV (atomically) and passes it on.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { writeCsv } from "../lib/table/csv_writer.ts";
import { WRITE_PATH, writeStepOutput } from "../lib/table/io_op_support.ts";

/** Writes CSV. */
export const to_csv: Operation = {
  name: "to_csv",
  description: "Writes the input table as CSV (header row; quotes only where needed; nulls as empty fields).",
  resourceHint: "io_bound",
  params: {
    path: WRITE_PATH,
    delimiter: { type: "string", default: ",", description: "The field separator: one character." },
  },
  required: ["path"],
  minInputs: 1,
  check(params) {
    const d = params.delimiter;
    if (d === undefined || (typeof d === "string" && d.length === 1 && d !== '"' && d !== "\n" && d !== "\r")) return [];
    return [{ param: "delimiter", message: `delimiter must be one character other than a quote or a line break, not ${JSON.stringify(d)}` }];
  },
  columns: (ctx) => ctx.input,
  run(ctx) {
    const delimiter = ctx.params.delimiter as string | undefined;
    return writeStepOutput(ctx, (table, write) => writeCsv(table, write, { delimiter, signal: ctx.signal, onProgress: (f) => ctx.progress(f) }));
  },
};
