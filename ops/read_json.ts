/**
 * `read_json {path, format: records|ndjson}`: JSON rows into a typed table.
 *
 * @module
 */
import { statSync } from "node:fs";
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { READ_PATH, readEachInput, stepInputs, worthOffloading } from "../lib/table/io_op_support.ts";
import { JSON_FORMATS, type JsonFormat, parseJsonTable } from "../lib/table/json_table.ts";
import { dataOf, isUrl, readFileBytes } from "../lib/table/read_bytes.ts";

/** Files up to this size are parsed by `validate` to learn their columns. */
const VALIDATE_MAX_BYTES = 16 << 20;

function formatOf(params: Record<string, unknown>): JsonFormat {
  const f = (params.format ?? "records") as JsonFormat;
  if (!JSON_FORMATS.includes(f)) throw new DataError(`format must be records or ndjson, not ${JSON.stringify(f)}`);
  return f;
}

/** Reads JSON (an array of objects, or one object per line). */
export const read_json: Operation = {
  name: "read_json",
  description: "Reads JSON rows (records: one array of objects; ndjson: one object per line) into a table.",
  resourceHint: "io_bound",
  offload: worthOffloading,
  params: {
    path: READ_PATH,
    format: { type: "string", enum: JSON_FORMATS, default: "records", description: "records (an array of objects) or ndjson (one object per line)." },
  },
  required: ["path"],
  minInputs: 0,
  columns(ctx) {
    const first = stepInputs(ctx)[0];
    if (isUrl(first) || statSync(first).size > VALIDATE_MAX_BYTES) return undefined;
    return parseJsonTable(dataOf(readFileBytes(first)), formatOf(ctx.params), first).columnNames();
  },
  run(ctx) {
    const format = formatOf(ctx.params);
    return readEachInput(ctx, (bytes, file) => parseJsonTable(bytes, format, file));
  },
};
