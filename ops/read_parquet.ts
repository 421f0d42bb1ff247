/**
 * `read_parquet {path, columns?}`: Parquet into an Arrow-backed table (parquet-wasm).
 *
 * @module
 */
import { prepareParquetWasm } from "../lib/table/parquet_wasm.ts";
import type { Operation } from "../lib/operation.ts";
import { parquetFileColumnNames } from "../lib/table/file_columns.ts";
import { READ_PATH, readEachInput, stepInputs, stringsParam, worthOffloading } from "../lib/table/io_op_support.ts";
import { parquetToTable } from "../lib/table/parquet.ts";
import { isUrl } from "../lib/table/read_bytes.ts";

/** Reads Parquet files, a glob of them, or a URL. */
export const read_parquet: Operation = {
  name: "read_parquet",
  description: "Reads Parquet (a file, a glob, or an http(s) URL) into a table.",
  resourceHint: "io_bound",
  offload: worthOffloading,
  prepare: prepareParquetWasm,
  params: {
    path: READ_PATH,
    columns: { type: "array", items: { type: "string" }, description: "Only these columns, in this order." },
  },
  required: ["path"],
  minInputs: 0,
  async columns(ctx) {
    const first = stepInputs(ctx)[0];
    if (isUrl(first)) return undefined;
    const names = await parquetFileColumnNames(first);
    const wanted = stringsParam(ctx.params, "columns");
    for (const c of wanted ?? []) if (!names.includes(c)) ctx.missing("columns", c, names);
    return wanted ? wanted.filter((c) => names.includes(c)) : names;
  },
  run(ctx) {
    const columns = stringsParam(ctx.params, "columns");
    return readEachInput(ctx, (bytes, file) => parquetToTable(bytes, { columns, file }));
  },
};
