/**
 * Parquet through parquet-wasm: tables go to Parquet as Arrow IPC (reusing
 * Arrow buffers of Arrow-backed tables) and come back as Arrow-backed tables.
 *
 * Types written: int32, int64, double, strings (dictionary-encoded), boolean,
 * DATE (from Date32), TIMESTAMP(MILLIS, UTC), nulls.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import type { ArrowColumn } from "./arrow_build.ts";
import { tableToArrow } from "./arrow_export.ts";
import { normalizeArrow } from "./arrow_normalize.ts";
import { toArquero } from "./arrow_table.ts";
import { loadParquetWasm } from "./parquet_wasm.ts";
import { PooledSink } from "./pooled_sink.ts";

/** Compression codecs accepted by to_parquet. */
export type ParquetCompression = "snappy" | "zstd" | "gzip" | "none";

/** The codecs, for validation. */
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ["snappy", "zstd", "gzip", "none"];

/** Options of {@link tableToParquet}. */
export interface ParquetWriteOptions {
  /** Default "snappy". */
  compression?: ParquetCompression;
  /** Most rows per row group (default: parquet-wasm's, 1,048,576). */
  rowGroupSize?: number;
}

/** Options of {@link parquetToTable}. */
export interface ParquetReadOptions {
  /** Only these columns, in this order. */
  columns?: string[];
  /** The file, for error messages. */
  file?: string;
}

/** A table as Parquet file bytes. */
export async function tableToParquet(table: Table, options: ParquetWriteOptions = {}): Promise<Uint8Array> {
  const pw = await loadParquetWasm();
  const compression = options.compression ?? "snappy";
  const codec = { snappy: pw.Compression.SNAPPY, zstd: pw.Compression.ZSTD, gzip: pw.Compression.GZIP, none: pw.Compression.UNCOMPRESSED }[compression];
  if (codec === undefined) throw new RangeError(`Cannot write Parquet with compression "${compression}": use one of ${PARQUET_COMPRESSIONS.join(", ")}`);
  const arrow = tableToArrow(table);
  const sink = new PooledSink();
  flechette.tableToIPC(arrow, { format: "stream", sink } as unknown as Parameters<typeof flechette.tableToIPC>[1]);
  const wasmTable = pw.Table.fromIPCStream(sink.finish());
  let builder = new pw.WriterPropertiesBuilder().setCompression(codec).setCreatedBy("pfw");
  // dictionary pages only where values repeat: trying them on unique values costs a third of the write
  (arrow.names as string[]).forEach((name, i) => {
    if (!repeats(arrow.children[i] as ArrowColumn)) builder = builder.setColumnDictionaryEnabled(name, false);
  });
  if (options.rowGroupSize !== undefined) {
    if (!Number.isInteger(options.rowGroupSize) || options.rowGroupSize < 1) {
      throw new RangeError(`Cannot use row_group_size ${options.rowGroupSize}: give a whole number of rows, 1 or more`);
    }
    builder = builder.setMaxRowGroupSize(options.rowGroupSize);
  }
  return pw.writeParquet(wasmTable, builder.build());
}

/** Column names of a Parquet file's schema. */
export async function parquetColumnNames(bytes: Uint8Array, file?: string): Promise<string[]> {
  const pw = await loadParquetWasm();
  let schema;
  try {
    schema = pw.readSchema(bytes);
  } catch (e) {
    throw notParquet(e, file);
  }
  return flechette.tableFromIPC(schema.intoIPCStream()).names as string[];
}

/** A Parquet file's bytes as an Arrow-backed table. */
export async function parquetToTable(bytes: Uint8Array, options: ParquetReadOptions = {}): Promise<Table> {
  const pw = await loadParquetWasm();
  const { columns, file } = options;
  if (columns) {
    const names = await parquetColumnNames(bytes, file);
    for (const c of columns) {
      if (!names.includes(c)) throw new DataError(`the file has no column "${c}"; available: ${names.join(", ")}`, { file, column: c });
    }
  }
  let ipc: Uint8Array;
  try {
    ipc = pw.readParquet(bytes, { columns, batchSize: 1 << 30 }).intoIPCStream();
  } catch (e) {
    throw notParquet(e, file);
  }
  let arrow = flechette.tableFromIPC(ipc, { useDate: true });
  if (columns) arrow = arrow.select(columns);
  return toArquero(normalizeArrow(arrow));
}

/** Whether a column's values repeat enough for dictionary pages (from an even sample). */
function repeats(col: ArrowColumn): boolean {
  if ((col.type as { typeId: number }).typeId === flechette.Type.Dictionary || col.length < 64) return true;
  const n = Math.min(2048, col.length), step = col.length / n;
  const seen = new Set<unknown>();
  for (let i = 0; i < n; i++) {
    const v = col.at(Math.floor(i * step));
    seen.add(v instanceof Date ? v.getTime() : v);
  }
  return seen.size <= n / 2;
}

function notParquet(e: unknown, file?: string): DataError {
  return new DataError(`cannot read as Parquet: ${(e as Error)?.message ?? String(e)}; is it a Parquet file?`, { file });
}
