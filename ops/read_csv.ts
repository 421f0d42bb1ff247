/**
 * `read_csv {path, delimiter=",", header=true, columns?, dtypes?, null_values?, skip_rows?}`:
 * CSV into a typed, Arrow-backed table (pfw's byte-level parser).
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import { CSV_COLUMN_TYPES, type CsvColumnType } from "../lib/table/csv_column.ts";
import { DEFAULT_NULL_VALUES, delimiterByte, readCsv } from "../lib/table/csv_reader.ts";
import { csvFileColumnNames } from "../lib/table/file_columns.ts";
import { isUrl } from "../lib/table/read_bytes.ts";
import { READ_PATH, stepInputs, stringsParam, worthOffloading } from "../lib/table/io_op_support.ts";

/** Reads CSV files, a glob of them, or a URL. */
export const read_csv: Operation = {
  name: "read_csv",
  description: "Reads CSV (a file, a glob like data/*.csv, or an http(s) URL) into a typed table; empty fields are null.",
  resourceHint: "io_bound",
  offload: worthOffloading,
  params: {
    path: READ_PATH,
    delimiter: { type: "string", default: ",", description: "The field separator: one character, e.g. \";\" or \"\\t\"." },
    header: { type: "boolean", default: true, description: "Whether the first row names the columns; without, they are column_1, column_2, ..." },
    columns: { type: "array", items: { type: "string" }, description: "Only these columns, in this order." },
    dtypes: {
      type: "object",
      additionalProperties: { type: "string", enum: CSV_COLUMN_TYPES },
      description: "Column types instead of inference: int, float, string, bool, date or timestamp.",
    },
    null_values: { type: "array", items: { type: "string" }, default: [...DEFAULT_NULL_VALUES], description: "Values read as null (an empty field always is)." },
    skip_rows: { type: "integer", minimum: 0, default: 0, description: "Lines to skip before the header." },
  },
  required: ["path"],
  minInputs: 0,
  check(params) {
    if (params.delimiter === undefined) return [];
    try {
      delimiterByte(String(params.delimiter));
      return [];
    } catch (e) {
      return [{ param: "delimiter", message: (e as Error).message, hint: 'write delimiter: ";" or delimiter: "\\t"' }];
    }
  },
  columns(ctx) {
    const first = stepInputs(ctx)[0];
    if (isUrl(first)) return undefined;
    const names = csvFileColumnNames(first, {
      delimiter: ctx.params.delimiter as string | undefined,
      header: ctx.params.header as boolean | undefined,
      skipRows: ctx.params.skip_rows as number | undefined,
    });
    const wanted = stringsParam(ctx.params, "columns");
    for (const c of wanted ?? []) if (!names.includes(c)) ctx.missing("columns", c, names);
    for (const c of Object.keys((ctx.params.dtypes ?? {}) as object)) if (!names.includes(c)) ctx.missing("dtypes", c, names);
    return wanted ? wanted.filter((c) => names.includes(c)) : names;
  },
  run(ctx) {
    const p = ctx.params;
    const dtypes = (p.dtypes ?? undefined) as Record<string, CsvColumnType> | undefined;
    for (const [col, t] of Object.entries(dtypes ?? {})) {
      if (!CSV_COLUMN_TYPES.includes(t)) throw new DataError(`dtypes: unknown type "${t}"; use one of ${CSV_COLUMN_TYPES.join(", ")}`, { column: col });
    }
    return readCsv(stepInputs(ctx), {
      delimiter: p.delimiter as string | undefined,
      header: p.header as boolean | undefined,
      columns: stringsParam(p, "columns"),
      onlyColumns: ctx.columnsUsed,
      dtypes,
      nullValues: stringsParam(p, "null_values"),
      skipRows: p.skip_rows as number | undefined,
      signal: ctx.signal,
      onProgress: (f) => ctx.progress(f),
    });
  },
};
