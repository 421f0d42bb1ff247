/**
 * Arrow-backed Arquero tables: wrap a flechette table into Arquero (≈1 ms, no
 * copy) and remember which Arrow column stands behind each Arquero column, so
 * writers and thread transfers can reuse the Arrow buffers later.
 *
 * @module
 */
import { aq, flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { type ArrowColumn, needsBigInt } from "./arrow_build.ts";
import { isUtf8Column, TextColumn } from "./text_column.ts";

// Arquero wraps dictionary columns in its own objects; this maps them back.
const ARROW_OF = new WeakMap<object, ArrowColumn>();

type ArrowInput = Parameters<typeof aq.fromArrow>[0];

/** Whether a value is a flechette column (duck-typed: batches and an Arrow type). */
export function isArrowColumn(col: unknown): col is ArrowColumn {
  const c = col as { data?: unknown; type?: { typeId?: unknown } } | null;
  return !!c && typeof c === "object" && Array.isArray(c.data) && typeof c.type?.typeId === "number";
}

/** The Arrow column behind an Arquero column, if there is one. */
export function arrowColumnOf(col: unknown): ArrowColumn | undefined {
  if (col && typeof col === "object") {
    const known = ARROW_OF.get(col);
    if (known) return known;
  }
  return isArrowColumn(col) ? col : undefined;
}

/**
 * An Arquero table over a flechette table, sharing its buffers. Plain string
 * columns read through a {@link TextColumn} (decoded in bulk on first read).
 */
export function toArquero(table: flechette.Table): Table {
  const out = aq.fromArrow(table as unknown as ArrowInput);
  const names = table.names as string[];
  let text = false;
  const data: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    let wrapper = out.column(names[i]) as unknown as object;
    const col = table.children[i] as ArrowColumn;
    if (wrapper === col && isUtf8Column(col)) {
      wrapper = new TextColumn(col);
      text = true;
    }
    if (wrapper !== col) ARROW_OF.set(wrapper, col);
    data[names[i]] = wrapper;
  }
  return text ? aq.table(data, names) : out;
}

/**
 * Int64 columns that hold values beyond ±(2^53−1) are re-wrapped to read as
 * BigInt (flechette would throw on them); others keep reading as numbers.
 */
export function withSafeInt64(table: flechette.Table): flechette.Table {
  let changed = false;
  const children = table.children.map((col) => {
    const type = col.type as { typeId: number; bitWidth?: number };
    if (type.typeId !== flechette.Type.Int || type.bitWidth !== 64) return col;
    const batches = col.data;
    if (!batches.some((b) => b.values && needsBigInt(b.values as BigInt64Array, b.length))) return col;
    changed = true;
    const Batch = flechette.batchType(col.type, { useBigInt: true });
    return new flechette.Column(batches.map((b) => new Batch(b)), col.type);
  });
  return changed ? new flechette.Table(table.schema, children) : table;
}
