/**
 * Table I/O: pfw's readers and writers (CSV, Parquet, JSON, Arrow IPC), the
 * Arrow bridge of Arrow-backed tables, and thread transfer.
 *
 * @module
 */
export { type CsvReadOptions, type CsvTuning, DEFAULT_NULL_VALUES, parseCsv, readCsv } from "./csv_reader.ts";
export { CSV_COLUMN_TYPES, type CsvColumnType } from "./csv_column.ts";
export { type CsvWriteOptions, writeCsv } from "./csv_writer.ts";
export { PARQUET_COMPRESSIONS, type ParquetCompression, type ParquetReadOptions, parquetToTable, type ParquetWriteOptions, tableToParquet } from "./parquet.ts";
export { loadParquetWasm } from "./parquet_wasm.ts";
export { JSON_FORMATS, type JsonFormat, parseJsonTable, rowsToTable, writeJsonTable } from "./json_table.ts";
export { arrowBytesToTable, arrowFileColumnNames, tableToArrowFile } from "./arrow_file.ts";
export { csvFileColumnNames, parquetFileColumnNames } from "./file_columns.ts";
export { arrowColumnOf, toArquero } from "./arrow_table.ts";
export { tableToArrow } from "./arrow_export.ts";
export { decodeTable, encodeTable } from "./transfer.ts";
export { writeAtomic, writeBytesAtomic } from "./atomic_write.ts";
export { expandGlob } from "./glob.ts";
