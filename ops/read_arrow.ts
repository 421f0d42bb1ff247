/**
 * `read_arrow {path}`: an Arrow IPC file (or stream) into a table, sharing its buffers.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { arrowBytesToTable, arrowFileColumnNames } from "../lib/table/arrow_file.ts";
import { READ_PATH, readEachInput, stepInputs, worthOffloading } from "../lib/table/io_op_support.ts";
import { isUrl } from "../lib/table/read_bytes.ts";

/** Reads Arrow IPC files, a glob of them, or a URL. */
export const read_arrow: Operation = {
  name: "read_arrow",
  description: "Reads an Arrow IPC file (.arrow; file or stream format) into a table.",
  resourceHint: "io_bound",
  offload: worthOffloading,
  params: { path: READ_PATH },
  required: ["path"],
  minInputs: 0,
  columns(ctx) {
    const first = stepInputs(ctx)[0];
    return isUrl(first) ? undefined : arrowFileColumnNames(first);
  },
  run(ctx) {
    return readEachInput(ctx, (bytes, file) => arrowBytesToTable(bytes, file));
  },
};
