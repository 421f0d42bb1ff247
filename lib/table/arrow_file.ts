/**
 * Arrow IPC files: reading (file or stream format) into Arrow-backed tables,
 * writing the file format, and reading just the schema for validation.
 *
 * @module
 */
import { readSync } from "node:fs";
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { tableToArrow } from "./arrow_export.ts";
import { normalizeArrow } from "./arrow_normalize.ts";
import { toArquero } from "./arrow_table.ts";
import { withFile } from "./read_bytes.ts";

/** Arrow IPC bytes (file or stream format) as a table. @throws {DataError} when they aren't Arrow. */
export function arrowBytesToTable(bytes: Uint8Array, file?: string): Table {
  let arrow: flechette.Table;
  try {
    arrow = flechette.tableFromIPC(bytes, { useDate: true });
  } catch (e) {
    throw new DataError(`cannot read as Arrow IPC: ${(e as Error).message}; is it an Arrow (.arrow / .feather v2) file?`, { file });
  }
  return toArquero(normalizeArrow(arrow));
}

/** A table as Arrow IPC file-format bytes. */
export function tableToArrowFile(table: Table): Uint8Array {
  return flechette.tableToIPC(tableToArrow(table), { format: "file" })!;
}

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/**
 * Column names from the schema message at the start of an Arrow IPC file,
 * reading only that message.
 * @throws {DataError} naming the file when it can't be read or isn't Arrow.
 */
export function arrowFileColumnNames(path: string): string[] {
  return withFile(path, (fd) => {
    try {
      const head = new Uint8Array(16);
      const n = readSync(fd, head, 0, 16, 0);
      const isFile = n >= 8 && MAGIC.every((b, i) => head[i] === b);
      const at = isFile ? 8 : 0;
      const view = new DataView(head.buffer);
      const cont = view.getUint32(at, true) === 0xffffffff;
      const len = view.getInt32(cont ? at + 4 : at, true);
      const prefix = cont ? 8 : 4;
      if (n < at + prefix || len <= 0 || len > 1 << 26) throw new Error("no schema message");
      const msg = new Uint8Array(prefix + len + 8);
      readSync(fd, msg, 0, prefix + len, at);
      // end-of-stream marker after the schema: a stream with no batches
      new DataView(msg.buffer).setUint32(prefix + len, 0xffffffff, true);
      return flechette.tableFromIPC(msg).names as string[];
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError(`cannot read as Arrow IPC: ${(e as Error).message}; is it an Arrow (.arrow) file?`, { file: path });
    }
  });
}
