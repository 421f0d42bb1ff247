/**
 * Moving tables between threads: a table becomes one Arrow IPC buffer that is
 * put in postMessage's transfer list (never structured-cloned), and back.
 *
 * Arrow-backed tables (from pfw's readers, or decoded here) reuse their Arrow
 * buffers: encoding is a copy into the IPC frame, not a rebuild. Columns of
 * plain JS values are typed from their values (see arrow_from_values.ts).
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { tableToArrow } from "./arrow_export.ts";
import { toArquero, withSafeInt64 } from "./arrow_table.ts";

/** Serialises a table to Arrow IPC bytes whose buffer can be transferred. */
export function encodeTable(table: Table): Uint8Array {
  return flechette.tableToIPC(tableToArrow(table), { format: "stream" })!;
}

/** Rebuilds a table from bytes made by {@link encodeTable}; cheap (columns stay Arrow-backed). */
export function decodeTable(bytes: Uint8Array): Table {
  return toArquero(withSafeInt64(flechette.tableFromIPC(bytes, { useDate: true })));
}
