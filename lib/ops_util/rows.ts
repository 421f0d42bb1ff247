/**
 * The rows of a table that operations work on: its data indices after any
 * Arquero filter, in any Arquero order.
 *
 * @module
 */
import { aq } from "../deps.ts";
import type { Table } from "../types.ts";
import { rowIndex } from "../table/table_view.ts";

export { orderRows } from "../table/table_view.ts";

/** The data rows that pass the table's filter, in its order, or null meaning 0..n-1 (no filter, no order). */
export function activeRows(table: Table): Uint32Array | null {
  if (!table.isFiltered() && !table.isOrdered()) return null;
  return rowIndex(table);
}

/** The active rows of a table as an explicit Int32Array. */
export function rowList(table: Table): Int32Array {
  const rows = activeRows(table);
  // a typed copy: Int32Array.from iterates value by value
  return rows ? new Int32Array(rows) : rowRange(table, 0, table.totalRows());
}

/**
 * The active rows as an Int32Array that must not be written to: a view of the
 * table's own row indices when it is filtered or ordered (no copy), else a new list.
 */
export function rowsToRead(table: Table): Int32Array {
  return rowRange(table, 0, table.numRows());
}

/** Active rows `start` to `end` (positions, end excluded) without listing the others; read-only when the table is filtered or ordered (a view of its index). */
export function rowRange(table: Table, start: number, end: number): Int32Array {
  const rows = activeRows(table);
  if (rows) return new Int32Array(rows.buffer, rows.byteOffset + start * 4, end - start);
  const out = new Int32Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** The active rows for which `keep` is true. */
export function filterRows(table: Table, keep: (row: number) => boolean, signal?: AbortSignal): Int32Array {
  const rows = activeRows(table);
  const n = rows ? rows.length : table.totalRows();
  const out = new Int32Array(n);
  let k = 0;
  if (rows) {
    for (let i = 0; i < n; i++) if (keep(rows[i])) out[k++] = rows[i];
  } else {
    for (let start = 0; start < n; start += 1 << 20) {
      signal?.throwIfAborted();
      const end = Math.min(n, start + (1 << 20));
      for (let i = start; i < end; i++) if (keep(i)) out[k++] = i;
    }
  }
  return out.subarray(0, k);
}

/** True when the table's data rows are used as they are (no filter, no order). */
export function isPlain(table: Table): boolean {
  return !table.isFiltered() && !table.isOrdered();
}

/**
 * A plain table filtered to the rows for which `keep` is true, without
 * copying any row: an Arquero filter mask over the same columns. The table
 * itself when every row is kept.
 */
export function maskRows(table: Table, keep: (row: number) => boolean, signal?: AbortSignal): Table {
  const n = table.totalRows();
  const mask = new aq.BitSet(n);
  let kept = 0;
  for (let start = 0; start < n; start += 1 << 20) {
    signal?.throwIfAborted();
    const end = Math.min(n, start + (1 << 20));
    for (let i = start; i < end; i++) {
      if (keep(i)) {
        mask.set(i);
        kept++;
      }
    }
  }
  return kept === n ? table : table.create({ filter: mask });
}

