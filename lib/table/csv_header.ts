/**
 * The start of a CSV file: the BOM, skipped lines, and the header record.
 * Shared by the reader and by `validate` (which reads only the header).
 *
 * @module
 */
import { DataError } from "../errors.ts";
import { CR, LF, lineAt, QUOTE } from "./csv_bytes.ts";

const decoder = new TextDecoder();

/** Where the data starts and what the header said. */
export interface CsvHead {
  /** Byte position of the first data record. */
  dataStart: number;
  /** Column names (from the header, or column_1.. without one); empty for an empty file. */
  names: string[];
}

/** Options of {@link readCsvHead}. */
export interface CsvHeadOptions {
  /** The field separator byte. */
  delimiter: number;
  /** Whether the first record holds column names. */
  header: boolean;
  /** Physical lines to skip before the header (or the first record). */
  skipRows: number;
  /** The file, for error messages. */
  file?: string;
}

/**
 * Reads the BOM, the skipped lines and the header from `buf[0..len)`.
 * Without a header the names are column_1..column_n, n being the number of
 * fields of the first record. Empty or duplicate names are made unique.
 */
export function readCsvHead(buf: Uint8Array, len: number, options: CsvHeadOptions): CsvHead {
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (let i = 0; i < options.skipRows && pos < len; i++) pos = nextLine(buf, pos, len);
  // blank lines before the header are skipped
  while (pos < len && (buf[pos] === LF || buf[pos] === CR)) pos++;
  if (pos >= len) return { dataStart: len, names: [] };
  const { fields, next } = readRecord(buf, pos, len, options.delimiter, options.file);
  if (!options.header) return { dataStart: pos, names: fields.map((_, i) => `column_${i + 1}`) };
  return { dataStart: next, names: uniqueNames(fields) };
}

/** Position after the end of the physical line at `pos`. */
function nextLine(buf: Uint8Array, pos: number, len: number): number {
  while (pos < len && buf[pos] !== LF && buf[pos] !== CR) pos++;
  if (pos < len) {
    if (buf[pos] === CR && buf[pos + 1] === LF) pos++;
    pos++;
  }
  return Math.min(pos, len);
}

/** Parses one record into strings (quotes honoured); returns the position after its line end. */
export function readRecord(
  buf: Uint8Array,
  pos: number,
  len: number,
  delimiter: number,
  file?: string,
): { fields: string[]; next: number } {
  const fields: string[] = [];
  for (;;) {
    let text: string;
    if (buf[pos] === QUOTE) {
      const start = pos;
      let out = "";
      let p = pos + 1;
      for (;;) {
        const q = buf.indexOf(QUOTE, p);
        if (q < 0 || q >= len) {
          throw new DataError("a quoted field is not closed; add the closing quote (\")", { file, line: lineAt(buf, start) });
        }
        out += decoder.decode(buf.subarray(p, q));
        if (buf[q + 1] === QUOTE) {
          out += '"';
          p = q + 2;
        } else {
          pos = q + 1;
          break;
        }
      }
      text = out;
    } else {
      const start = pos;
      while (pos < len && buf[pos] !== delimiter && buf[pos] !== LF && buf[pos] !== CR) pos++;
      text = decoder.decode(buf.subarray(start, pos));
    }
    fields.push(text);
    const b = pos < len ? buf[pos] : LF;
    if (b === delimiter) {
      pos++;
      continue;
    }
    if (b === CR) pos++;
    if (pos < len && buf[pos] === LF) pos++;
    else if (b !== CR && b !== LF) {
      throw new DataError(`unexpected character ${JSON.stringify(String.fromCharCode(b))} after a closing quote; double quotes inside a quoted field ("")`, {
        file,
        line: lineAt(buf, pos),
      });
    }
    return { fields, next: Math.min(pos, len) };
  }
}

/** Names made non-empty and unique: "" → column_i, a repeated "x" → "x_2", "x_3"… */
export function uniqueNames(fields: string[]): string[] {
  const seen = new Set<string>();
  return fields.map((f, i) => {
    let name = f.trim() === "" ? `column_${i + 1}` : f;
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      name = `${name}_${k}`;
    }
    seen.add(name);
    return name;
  });
}
