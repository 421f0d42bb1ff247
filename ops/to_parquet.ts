/**
 * `to_parquet {path, compression: snappy|zstd|gzip|none, row_group_size?}`:
 * writes the input as Parquet (atomically) and passes it on.
 *
 * @module
 */
import { prepareParquetWasm } from "../lib/table/parquet_wasm.ts";
import type { Operation } from "../lib/operation.ts";
import { WRITE_PATH, writeStepOutput } from "../lib/table/io_op_support.ts";
import { PARQUET_COMPRESSIONS, type ParquetCompression, tableToParquet } from "../lib/table/parquet.ts";

/** Writes Parquet. */
export const to_parquet: Operation = {
  name: "to_parquet",
  description: "Writes the input table as Parquet (compression snappy, zstd, gzip or none).",
  resourceHint: "io_bound",
  prepare: prepareParquetWasm,
  params: {
    path: WRITE_PATH,
    compression: { type: "string", enum: PARQUET_COMPRESSIONS, default: "snappy", description: "snappy (default), zstd, gzip or none." },
    row_group_size: { type: "integer", minimum: 1, description: "Most rows per row group (default 1,048,576)." },
  },
  required: ["path"],
  minInputs: 1,
  columns: (ctx) => ctx.input,
  run(ctx) {
    const compression = (ctx.params.compression ?? "snappy") as ParquetCompression;
    const rowGroupSize = ctx.params.row_group_size as number | undefined;
    return writeStepOutput(ctx, async (table, write) => write(await tableToParquet(table, { compression, rowGroupSize })));
  },
};
