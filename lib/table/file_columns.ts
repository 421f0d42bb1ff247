/**
 * Column names of input files without reading their data, for `validate`:
 * a CSV header, a Parquet footer, an Arrow schema message.
 *
 * @module
 */
import { readSync } from "node:fs";
import { DataError } from "../errors.ts";
import { readCsvHead } from "./csv_header.ts";
import { delimiterByte } from "./csv_reader.ts";
import { parquetColumnNames } from "./parquet.ts";
import { withFile } from "./read_bytes.ts";

/** Options of {@link csvFileColumnNames}. */
export interface CsvHeaderOptions {
  delimiter?: string;
  header?: boolean;
  skipRows?: number;
}

/** The column names of a CSV file (header, or column_1.. without one), reading only its start. */
export function csvFileColumnNames(path: string, options: CsvHeaderOptions = {}): string[] {
  return withFile(path, (fd, size) => {
    let want = Math.min(size, 1 << 16);
    for (;;) {
      const buf = new Uint8Array(want);
      const n = readSync(fd, buf, 0, want, 0);
      const complete = n >= size;
      // without the whole file, trust only complete lines
      let end = n;
      if (!complete) while (end > 0 && buf[end - 1] !== 10 && buf[end - 1] !== 13) end--;
      if (end > 0 || complete) {
        try {
          const head = readCsvHead(buf, end, {
            delimiter: delimiterByte(options.delimiter),
            header: options.header ?? true,
            skipRows: options.skipRows ?? 0,
            file: path,
          });
          if (complete || head.names.length > 0) return head.names;
        } catch (e) {
          if (complete) throw e; // else: a quoted header field runs past what was read
        }
      }
      if (complete || want >= 1 << 26) return [];
      want = Math.min(size, want * 4);
    }
  });
}

/** The column names of a Parquet file, reading only its footer. */
export async function parquetFileColumnNames(path: string): Promise<string[]> {
  const footer = withFile(path, (fd, size) => {
    const tail = new Uint8Array(8);
    if (size < 12 || readSync(fd, tail, 0, 8, size - 8) !== 8) throw notParquet(path);
    const len = new DataView(tail.buffer).getInt32(0, true);
    const magic = String.fromCharCode(...tail.subarray(4));
    if (magic !== "PAR1" || len <= 0 || len > size - 12) throw notParquet(path);
    // "PAR1" + footer + length + "PAR1": enough for the schema
    const bytes = new Uint8Array(4 + len + 8);
    bytes.set([0x50, 0x41, 0x52, 0x31]);
    readSync(fd, bytes, 4, len + 8, size - 8 - len);
    return bytes;
  });
  return await parquetColumnNames(footer, path);
}

function notParquet(path: string): DataError {
  return new DataError("cannot read as Parquet: the file does not end with a Parquet footer; is it a Parquet file?", { file: path });
}
