/**
 * JSON tables: `records` (one array of objects) and `ndjson` (one object per
 * line). Reading types each column from its values (arrow_from_values.ts);
 * a string column whose values are all ISO dates (`YYYY-MM-DD`) becomes a
 * date column, all ISO timestamps a timestamp column. Columns appear in the
 * order their keys are first seen. Integers beyond ±2^53 are read exactly as
 * BigInt where the runtime gives JSON.parse the source text (Deno), else they
 * lose precision. Writing: dates as "YYYY-MM-DD", timestamps ISO 8601 UTC,
 * NaN and ±Infinity as null, BigInt as bare digits.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { type ArrowColumn, arrowTable, int64FromNumbers, makeColumn, validityFromNulls } from "./arrow_build.ts";
import { rowsToWrite } from "./arrow_export.ts";
import { arrowFromValues } from "./arrow_from_values.ts";
import { toArquero } from "./arrow_table.ts";
import type { WriteBytes } from "./atomic_write.ts";
import { isoResult, parseIsoDate } from "./csv_bytes.ts";
import { ByteOut } from "./byte_out.ts";
import { cellWriter } from "./cell_text.ts";

/** The two JSON layouts. */
export type JsonFormat = "records" | "ndjson";

/** The layouts, for validation. */
export const JSON_FORMATS: readonly JsonFormat[] = ["records", "ndjson"];

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Parses JSON bytes into a table. @throws {DataError} naming the file and line of a syntax error. */
export function parseJsonTable(bytes: Uint8Array, format: JsonFormat, file?: string): Table {
  const text = decoder.decode(bytes);
  const bigDigits = /\d{16}/.test(text);
  let rows: unknown[];
  if (format === "ndjson") {
    rows = [];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      rows.push(parse(lines[i], bigDigits, file, i + 1));
    }
  } else {
    const value = text.trim() === "" ? [] : parse(text, bigDigits, file);
    if (!Array.isArray(value)) throw new DataError('records JSON must be an array of objects, like [{"a": 1}, {"a": 2}]; for one object per line use format: ndjson', { file });
    rows = value;
  }
  return rowsToTable(rows, file);
}

function parse(text: string, bigDigits: boolean, file?: string, line?: number): unknown {
  try {
    // with the source text, whole numbers beyond 2^53 keep every digit
    return bigDigits ? JSON.parse(text, reviveBig as never) : JSON.parse(text);
  } catch (e) {
    const m = /line (\d+)/.exec((e as Error).message);
    throw new DataError(`invalid JSON: ${(e as Error).message}`, { file, line: line ?? (m ? Number(m[1]) : undefined) });
  }
}

function reviveBig(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) return BigInt(context.source);
  return value;
}

/** Row objects as a table (keys in first-seen order). */
export function rowsToTable(rows: unknown[], file?: string): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      throw new DataError(`row ${i + 1} is not an object; each row must be like {"column": value}`, { file });
    }
    for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), names.push(k);
  }
  const n = rows.length;
  const cols = names.map((name) => {
    const at = (i: number) => (rows[i] as Record<string, unknown>)[name];
    return dateColumn(at, n) ?? arrowFromValues(at, n);
  });
  return toArquero(arrowTable(names, cols));
}

/** A date or timestamp column when every non-null value is such a string; else undefined. */
function dateColumn(at: (i: number) => unknown, n: number): ArrowColumn | undefined {
  const ms = new Float64Array(n);
  const nullRows: number[] = [];
  let times = 0, values = 0;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) {
      nullRows.push(i);
      continue;
    }
    if (typeof v !== "string" || v.length < 10 || v.length > 40) return undefined;
    const bytes = encoder.encode(v);
    const t = parseIsoDate(bytes, 0, bytes.length);
    if (t !== t) return undefined;
    if (isoResult.hasTime) times++;
    ms[i] = t;
    values++;
  }
  if (values === 0) return undefined;
  const opts = nullRows.length ? { nullCount: nullRows.length, validity: validityFromNulls(nullRows, nullRows.length, n) } : {};
  if (times === 0) return makeColumn(flechette.dateDay(), Int32Array.from(ms, (x) => Math.floor(x / 86_400_000)), n, opts);
  return makeColumn(flechette.timestamp(flechette.TimeUnit.MILLISECOND, "UTC"), int64FromNumbers(ms, n), n, opts);
}

/** Options of {@link writeJsonTable}. */
export interface JsonWriteOptions {
  signal?: AbortSignal;
}

/**
 * Streams `table` as JSON to `write` (records: an array, one object per line;
 * ndjson: one object per line). The bytes passed are valid only during the call.
 */
export async function writeJsonTable(table: Table, format: JsonFormat, write: WriteBytes, options: JsonWriteOptions = {}): Promise<void> {
  const { arrow, rows } = rowsToWrite(table);
  const keys = (arrow.names as string[]).map((n, i) => encoder.encode((i ? "," : "{") + JSON.stringify(n) + ":"));
  const cells = arrow.children.map((c) => cellWriter(c as ArrowColumn, { kind: "json" }));
  const n = rows ? rows.length : arrow.numRows, m = cells.length;
  const records = format === "records";
  const out = new ByteOut(write);
  if (records) out.ascii(n ? "[\n" : "[]\n");
  let lastYield = performance.now();
  for (let start = 0; start < n; start += 65536) {
    options.signal?.throwIfAborted();
    const end = Math.min(n, start + 65536);
    for (let r = start; r < end; r++) {
      const row = rows ? rows[r] : r;
      if (m === 0) out.byte(123); // {
      for (let c = 0; c < m; c++) {
        out.bytes(keys[c]);
        cells[c](row, out);
      }
      out.byte(125); // }
      if (records && r < n - 1) out.byte(44); // ,
      out.byte(10);
      out.flush();
    }
    if (performance.now() - lastYield > 40) {
      await new Promise((res) => setTimeout(res, 0));
      lastYield = performance.now();
    }
  }
  if (records && n) out.ascii("]\n");
  out.flush(true);
}
