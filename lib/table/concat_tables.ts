/**
 * Concatenates the tables read from several files (a glob) into one
 * Arrow-backed table: same columns required; numbers, dates and booleans are
 * joined buffer by buffer, string dictionaries are merged (keys remapped),
 * anything else is rebuilt from values.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { type ArrowColumn, arrowTable } from "./arrow_build.ts";
import { singleBatch, tableToArrow } from "./arrow_export.ts";
import { arrowFromValues, stringColumn } from "./arrow_from_values.ts";
import { toArquero } from "./arrow_table.ts";

/** Tables with their source file, for messages. */
export interface NamedTable {
  file: string;
  table: Table;
}

// deno-lint-ignore no-explicit-any
type AnyBatch = any;

/** The rows of every table, in order. @throws {DataError} when a file's columns differ from the first's. */
export function concatTables(parts: NamedTable[]): Table {
  if (parts.length === 1) return parts[0].table;
  const arrows = parts.map((p) => tableToArrow(p.table));
  const names = arrows[0].names as string[];
  for (let i = 1; i < arrows.length; i++) {
    const other = arrows[i].names as string[];
    if (other.join("\u0000") !== names.join("\u0000")) {
      throw new DataError(`the columns differ from the first file's (${names.join(", ")}): found ${other.join(", ")}; files read together need the same columns`, {
        file: parts[i].file,
      });
    }
  }
  const cols = names.map((_, c) => concatColumn(arrows.map((a) => a.children[c] as ArrowColumn)));
  return toArquero(arrowTable(names, cols));
}

function typeKey(t: flechette.DataType): string {
  return JSON.stringify(t, (k, v) => k === "id" ? undefined : v);
}

function concatColumn(cols: ArrowColumn[]): ArrowColumn {
  const type = cols[0].type as { typeId: number };
  const same = cols.every((c) => typeKey(c.type) === typeKey(cols[0].type));
  const n = cols.reduce((s, c) => s + c.length, 0);
  if (same && type.typeId === flechette.Type.Dictionary) return mergeDictionaries(cols, n);
  if (same) {
    const batches = cols.flatMap((c) => c.data as AnyBatch[]);
    const merged = singleBatch(new flechette.Column(batches, cols[0].type) as ArrowColumn);
    if (merged) return merged;
  }
  const at = valueReader(cols);
  return arrowFromValues(at, n);
}

function mergeDictionaries(cols: ArrowColumn[], n: number): ArrowColumn {
  const at = valueReader(cols);
  let nulls = 0;
  for (const c of cols) nulls += c.nullCount;
  const nullRows = new Int32Array(nulls);
  if (nulls) {
    for (let i = 0, k = 0; i < n; i++) if (at(i) === null) nullRows[k++] = i;
  }
  return stringColumn(at, n, nulls, nullRows);
}

function valueReader(cols: ArrowColumn[]): (i: number) => unknown {
  const starts: number[] = [];
  let s = 0;
  for (const c of cols) starts.push(s), s += c.length;
  let part = 0;
  return (i) => {
    // rows are read in order, so the part only moves forward (with a fallback search)
    if (i < starts[part] || (part + 1 < starts.length && i >= starts[part + 1])) {
      part = starts.findLastIndex((st) => st <= i);
    }
    return cols[part].at(i - starts[part]) ?? null;
  };
}
