/**
 * Window functions for derive: row_number, rank, lag, lead and cumsum, over
 * partitions (`partition_by`) in `order_by` order. Results are indexed by
 * data row; the rows themselves keep their place in the table.
 *
 * @module
 */
import type { Table } from "../types.ts";
import type { RowIndex } from "../ops_util/column_data.ts";
import { groupRows } from "../ops_util/keys.ts";
import { type SortKey, sortRows } from "../ops_util/sort_index.ts";
import { rowList } from "../ops_util/rows.ts";
import { arithmetic, isNull } from "./values.ts";

/** Where window functions run. */
export interface WindowOptions {
  /** Columns whose values split the rows into partitions (default: one partition). */
  partitionBy?: readonly string[];
  /** Order inside each partition (default: table order). */
  orderBy?: readonly SortKey[];
}

/** One window function call to compute. */
export interface WindowCall extends WindowOptions {
  fn: "row_number" | "rank" | "lag" | "lead" | "cumsum";
  /** The argument of lag/lead/cumsum, evaluated at data rows. */
  arg?: (row: number) => unknown;
  /** lag/lead distance. */
  offset: number;
  /** lag/lead value where the partition has no such row. */
  fallback: (row: number) => unknown;
  rows?: RowIndex;
}

/** The function's value for every data row (rows outside `rows` stay undefined). */
export function computeWindow(table: Table, call: WindowCall): unknown[] {
  const rows = call.rows ?? rowList(table);
  const partitionBy = call.partitionBy ?? [];
  const orderBy = call.orderBy ?? [];
  const keys: SortKey[] = [...partitionBy.map((column) => ({ column, ascending: true })), ...orderBy];
  const order = keys.length ? sortRows(table, rows, keys) : Int32Array.from(rows);
  const n = order.length;
  const partition = groupRows(table, partitionBy, order).ids;
  const out: unknown[] = new Array(table.totalRows());
  const starts = (i: number) => i === 0 || partition[i] !== partition[i - 1];

  switch (call.fn) {
    case "row_number": {
      let k = 0;
      for (let i = 0; i < n; i++) {
        k = starts(i) ? 1 : k + 1;
        out[order[i]] = k;
      }
      break;
    }
    case "rank": {
      const peers = orderBy.length ? groupRows(table, orderBy.map((o) => o.column), order).ids : new Int32Array(n);
      let rank = 0, pos = 0;
      for (let i = 0; i < n; i++) {
        if (starts(i)) {
          pos = rank = 1;
        } else {
          pos++;
          if (peers[i] !== peers[i - 1]) rank = pos;
        }
        out[order[i]] = rank;
      }
      break;
    }
    case "lag":
    case "lead": {
      const arg = call.arg!;
      const d = call.offset;
      let start = 0;
      // Partition boundaries: [start, end) for each position.
      const ends = new Int32Array(n);
      for (let i = n - 1, end = n; i >= 0; i--) {
        ends[i] = end;
        if (starts(i)) end = i;
      }
      for (let i = 0; i < n; i++) {
        if (starts(i)) start = i;
        const j = call.fn === "lag" ? i - d : i + d;
        out[order[i]] = j >= start && j < ends[i] ? arg(order[j]) : call.fallback(order[i]);
      }
      break;
    }
    case "cumsum": {
      const arg = call.arg!;
      let sum: unknown = 0;
      for (let i = 0; i < n; i++) {
        if (starts(i)) sum = 0;
        const v = arg(order[i]);
        if (isNull(v)) {
          out[order[i]] = null;
          continue;
        }
        sum = typeof v === "number" && typeof sum === "number" ? sum + v : arithmetic("+", sum, v);
        out[order[i]] = sum;
      }
      break;
    }
  }
  return out;
}
