/**
 * Moving tables between threads: a table becomes one Arrow IPC buffer that is
 * put in postMessage's transfer list (never structured-cloned), and back.
 *
 * @module
 */
import { aq, flechette } from "../deps.ts";
import type { Table } from "../types.ts";

/** Serialises a table to Arrow IPC bytes whose buffer can be transferred. */
export function encodeTable(table: Table): Uint8Array {
  const arrow = aq.toArrow(table);
  return flechette.tableToIPC(arrow as unknown as flechette.Table, { format: "stream" })!;
}

/** Rebuilds a table from bytes made by {@link encodeTable}; cheap (columns stay Arrow-backed). */
export function decodeTable(bytes: Uint8Array): Table {
  return aq.fromArrow(flechette.tableFromIPC(bytes) as unknown as Parameters<typeof aq.fromArrow>[0]);
}
