/**
 * Puts Arrow tables that come from files (Parquet, Arrow IPC) into the shape
 * pfw's tables have: one batch per column, string columns dictionary-encoded
 * (hashing bytes, decoding each distinct value once), int64 beyond ±2^53 as
 * BigInt. Arquero groups and filters dictionary columns several times faster.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { type ArrowColumn, arrowTable, dictionaryColumn, isValidAt, makeColumn, utf8Column, validityFromNulls } from "./arrow_build.ts";
import { ByteDictionary, hashBytes } from "./byte_dictionary.ts";
import { singleBatch } from "./arrow_export.ts";
import { withSafeInt64 } from "./arrow_table.ts";

// deno-lint-ignore no-explicit-any
type AnyBatch = any;

/** Keep a string column plain (not dictionary) when more than this share of its rows are distinct. */
const MAX_DISTINCT_SHARE = 0.5;

/** The table with single-batch, dictionary-string, BigInt-safe columns. */
export function normalizeArrow(table: flechette.Table): flechette.Table {
  const names = table.names as string[];
  const cols = table.children.map((col) => {
    const one = singleBatch(col as ArrowColumn) ?? concatUtf8(col as ArrowColumn) ?? col;
    return (one.type as { typeId: number }).typeId === flechette.Type.Utf8 ? dictionaryEncode(one) ?? one : one;
  });
  return withSafeInt64(arrowTable(names, cols));
}

/** A multi-batch Utf8 column as one batch (offsets rebased). */
function concatUtf8(col: ArrowColumn): ArrowColumn | undefined {
  const batches = col.data as AnyBatch[];
  if ((col.type as { typeId: number }).typeId !== flechette.Type.Utf8) return undefined;
  let bytes = 0;
  for (const b of batches) bytes += b.offsets[b.length] - b.offsets[0];
  const data = new Uint8Array(bytes);
  const offsets = new Int32Array(col.length + 1);
  const nullRows: number[] = [];
  let row = 0, at = 0;
  for (const b of batches) {
    const o = b.offsets as Int32Array, base = o[0], end = o[b.length];
    data.set((b.values as Uint8Array).subarray(base, end), at);
    for (let i = 0; i < b.length; i++) {
      offsets[row + i + 1] = at + o[i + 1] - base;
      if (b.nullCount && !isValidAt(b.validity, i)) nullRows.push(row + i);
    }
    at += end - base;
    row += b.length;
  }
  const validity = nullRows.length ? validityFromNulls(nullRows, nullRows.length, col.length) : undefined;
  return makeColumn(flechette.utf8(), data, col.length, { offsets, nullCount: nullRows.length, validity });
}

/** A one-batch Utf8 column as a dictionary column, or undefined when most values are distinct. */
function dictionaryEncode(col: ArrowColumn): ArrowColumn | undefined {
  const b = col.data[0] as AnyBatch;
  if (!b) return undefined;
  const n = b.length;
  const offsets = b.offsets as Int32Array, bytes = b.values as Uint8Array;
  const dict = new ByteDictionary();
  const keys = new Int32Array(n);
  const limit = Math.max(1000, n * MAX_DISTINCT_SHARE);
  for (let i = 0; i < n; i++) {
    const s = offsets[i], e = offsets[i + 1];
    keys[i] = dict.lookup(bytes, s, e, hashBytes(bytes, s, e));
    if (dict.size > limit) return undefined;
  }
  const { bytes: dictBytes, offsets: dictOffsets } = dict.finish();
  return dictionaryColumn(keys, n, utf8Column(dictBytes, dictOffsets), { nullCount: b.nullCount, validity: b.nullCount ? b.validity : undefined });
}
