/**
 * Writes cells of Arrow columns as CSV or JSON text, straight into bytes:
 * dates as `YYYY-MM-DD`, timestamps as ISO 8601 in UTC
 * (`2024-01-02T03:04:05.000Z`), int64 exactly, booleans as true/false.
 * Dictionary values and dates are encoded once per distinct value.
 *
 * CSV: nulls are empty fields; NaN and ±Infinity are written `NaN`,
 * `Infinity`, `-Infinity`; a field is quoted when it holds the delimiter, a
 * quote, CR or LF. JSON: nulls, NaN and ±Infinity are `null`.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import { type ArrowColumn, isValidAt } from "./arrow_build.ts";
import type { ByteOut } from "./byte_out.ts";
import { utf8Values } from "./text_column.ts";

/** Appends the cell at `row` to `out`. */
export type CellWriter = (row: number, out: ByteOut) => void;

/** Which text form to write. */
export interface CellStyle {
  kind: "csv" | "json";
  /** CSV delimiter (one character). */
  delimiter?: string;
}

// deno-lint-ignore no-explicit-any
type AnyBatch = any;

const encoder = new TextEncoder();
const NULL = encoder.encode("null");
const DAY_MS = 86_400_000;

/** A field quoted when it needs to be (CSV). */
export function quoteField(text: string, delimiter: string): string {
  return text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r") ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A non-null JS value as text of the style (strings quoted/escaped as the style needs). */
export function valueText(v: unknown, style: CellStyle): string {
  const csv = style.kind === "csv";
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) || csv ? String(v) : "null";
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return csv ? quoteField(v, style.delimiter ?? ",") : JSON.stringify(v);
  }
  const text = v instanceof Date ? v.toISOString() : JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x) ?? "null";
  return csv ? quoteField(text, style.delimiter ?? ",") : v instanceof Date ? `"${text}"` : (typeof v === "object" ? text : JSON.stringify(text));
}

/** The writer for a one-batch column. */
export function cellWriter(col: ArrowColumn, style: CellStyle): CellWriter {
  const b = col.data[0] as AnyBatch;
  const empty = style.kind === "csv" ? null : NULL;
  if (!b) return () => {};
  const type = col.type as { typeId: number; unit?: number; bitWidth?: number };
  const validity: Uint8Array = b.validity;
  const nulls = b.nullCount > 0;
  const writeNull = (out: ByteOut) => empty && out.bytes(empty);
  const withNulls = (w: CellWriter): CellWriter => nulls ? (r, out) => isValidAt(validity, r) ? w(r, out) : writeNull(out) : w;
  const values = b.values;

  if (type.typeId === flechette.Type.Dictionary) {
    const dict = (b.cache ?? b.dictionary?.toArray() ?? []) as unknown[];
    const encoded = dict.map((v) => v === null ? empty : encoder.encode(valueText(v, style)));
    return withNulls((r, out) => {
      const e = encoded[values[r]];
      if (e) out.bytes(e);
    });
  }
  if (type.typeId === flechette.Type.Int && (type.bitWidth ?? 64) <= 32) return withNulls((r, out) => out.int(values[r]));
  if (type.typeId === flechette.Type.Float && values instanceof Float64Array) {
    const csv = style.kind === "csv";
    return withNulls((r, out) => {
      const v = values[r];
      const k = shortDecimals(v);
      if (k >= 0) out.fixed(k === 0 ? v : Math.round(v * POW10[k]), k);
      else if (Number.isFinite(v) || csv) out.ascii(String(v));
      else out.bytes(NULL);
    });
  }
  if (type.typeId === flechette.Type.Date && values instanceof Int32Array) {
    const cache = new Map<number, Uint8Array>();
    const quote = style.kind === "json";
    return withNulls((r, out) => {
      const day = values[r];
      let e = cache.get(day);
      if (!e) {
        const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
        cache.set(day, e = encoder.encode(quote ? `"${text}"` : text));
      }
      out.bytes(e);
    });
  }
  if (type.typeId === flechette.Type.Bool) {
    const t = encoder.encode("true"), f = encoder.encode("false");
    return withNulls((r, out) => out.bytes(values[r >> 3] & (1 << (r & 7)) ? t : f));
  }
  if (type.typeId === flechette.Type.Utf8) {
    const d = (style.delimiter ?? ",").charCodeAt(0);
    if (style.kind === "csv" && d < 128) return withNulls(utf8CsvCell(b.values, b.offsets, d));
    const strings = utf8Values(col);
    return (r, out) => {
      const v = strings[r];
      if (v === null) writeNull(out);
      else out.utf8(valueText(v, style));
    };
  }
  // everything else through the JS value
  return (r, out) => {
    const v = b.at(r);
    if (v === null || v === undefined) writeNull(out);
    else out.utf8(valueText(type.typeId === flechette.Type.Date ? dateText(v) : v, style));
  };
}

/**
 * A CSV cell straight from the bytes of a Utf8 column: copied as they are, or
 * quoted (quotes doubled) when they hold the delimiter (ASCII), a quote, CR or LF.
 */
function utf8CsvCell(bytes: Uint8Array, offsets: Int32Array, delimiter: number): CellWriter {
  return (r, out) => {
    const s = offsets[r], e = offsets[r + 1];
    let plain = true;
    for (let i = s; i < e; i++) {
      const c = bytes[i];
      if (c === delimiter || c === 34 || c === 10 || c === 13) {
        plain = false;
        break;
      }
    }
    if (plain) return out.range(bytes, s, e);
    out.byte(34);
    for (let i = s; i < e; i++) {
      if (bytes[i] === 34) out.byte(34);
      out.byte(bytes[i]);
    }
    out.byte(34);
  };
}

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];

/**
 * The fewest decimals k ≤ 6 with which v is exactly m / 10^k for a whole m of
 * at most 15 digits, or -1. Then "m with k decimals" is the text String(v)
 * gives: a decimal of ≤ 15 significant digits is the only one that short
 * mapping to v, and a minimal k leaves no trailing zero. Much cheaper than String(v).
 */
export function shortDecimals(v: number): number {
  if (!(Math.abs(v) < 1e9) || (v !== 0 && Math.abs(v) < 1e-6)) return -1;
  if (v === Math.trunc(v)) return Object.is(v, -0) ? -1 : 0;
  for (let k = 1; k <= 6; k++) {
    const m = Math.round(v * POW10[k]);
    if (m / POW10[k] === v) return Math.abs(m) < 1e15 ? k : -1;
  }
  return -1;
}

/** A date value (Date or ms) as `YYYY-MM-DD`. */
function dateText(v: unknown): string {
  return (v instanceof Date ? v : new Date(Number(v))).toISOString().slice(0, 10);
}
