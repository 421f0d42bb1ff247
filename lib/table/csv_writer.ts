/**
 * Writes a table as CSV: a header, then one line per row ending in `\n`;
 * fields quoted only when they hold the delimiter, a quote, CR or LF (quotes
 * doubled); nulls as empty fields; value forms as in cell_text.ts.
 *
 * @module
 */
import type { Table } from "../types.ts";
import type { ArrowColumn } from "./arrow_build.ts";
import { rowsToWrite } from "./arrow_export.ts";
import type { WriteBytes } from "./atomic_write.ts";
import { ByteOut } from "./byte_out.ts";
import { cellWriter, quoteField } from "./cell_text.ts";

export { quoteField };

/** Options of {@link writeCsv}. */
export interface CsvWriteOptions {
  /** One character, default ",". */
  delimiter?: string;
  signal?: AbortSignal;
  /** Fraction of rows written, 0..1. */
  onProgress?: (fraction: number) => void;
}

const ROWS_PER_CHUNK = 65536;

/**
 * Streams the CSV text of `table` to `write` (the bytes passed are valid only
 * during the call), checking the signal and yielding now and then.
 */
export async function writeCsv(table: Table, write: WriteBytes, options: CsvWriteOptions = {}): Promise<void> {
  const delimiter = options.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new RangeError(`Cannot use ${JSON.stringify(delimiter)} as a CSV delimiter: use one character other than a quote or a line break`);
  }
  const { arrow, rows } = rowsToWrite(table);
  const cells = arrow.children.map((c) => cellWriter(c as ArrowColumn, { kind: "csv", delimiter }));
  const out = new ByteOut(write);
  const sep = delimiter.charCodeAt(0) < 128 ? delimiter.charCodeAt(0) : -1;
  const sepBytes = new TextEncoder().encode(delimiter);
  out.utf8((arrow.names as string[]).map((n) => quoteField(n, delimiter)).join(delimiter) + "\n");
  const n = rows ? rows.length : arrow.numRows, m = cells.length;
  let lastYield = performance.now();
  for (let start = 0; start < n; start += ROWS_PER_CHUNK) {
    options.signal?.throwIfAborted();
    const end = Math.min(n, start + ROWS_PER_CHUNK);
    for (let r = start; r < end; r++) {
      const row = rows ? rows[r] : r;
      for (let c = 0; c < m; c++) {
        if (c) sep >= 0 ? out.byte(sep) : out.bytes(sepBytes);
        cells[c](row, out);
      }
      out.byte(10);
      out.flush();
    }
    options.onProgress?.(end / n);
    if (end < n && performance.now() - lastYield > 40) {
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
  }
  out.flush(true);
}
