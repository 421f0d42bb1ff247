/**
 * Reads CSV into an Arrow-backed Arquero table: typed columns, dictionary
 * strings, nulls in validity bitmaps. Several inputs are concatenated (they
 * must have the same header). Files are read window by window into one reused
 * buffer; see csv_parser.ts for the scanner and csv_column.ts for the types.
 *
 * Rules:
 * - RFC 4180 quoting (`""` inside quotes; delimiters, CR and LF inside
 *   quotes); LF, CRLF and lone CR end lines; a UTF-8 BOM is skipped.
 * - Types are inferred per column: int (Int32, else Int64, BigInt beyond
 *   ±2^53), float (Float64), bool (true/false, any case), date (YYYY-MM-DD →
 *   Date32), timestamp (ISO 8601, UTC unless an offset is given →
 *   Timestamp(ms)), else string (dictionary; plain Utf8 when most values are
 *   distinct). int widens to float and date to timestamp; anything else that
 *   doesn't fit makes the column a string column (the read starts over).
 * - An empty field is null, and so is any of `null_values`.
 * - Fields are not trimmed (" 12" is text); blank lines are skipped;
 *   `skip_rows` counts physical lines; duplicate or empty header names
 *   become name_2 / column_i.
 * - A malformed row (wrong number of fields, unclosed quote, text after a
 *   closing quote) fails with a DataError naming the file and line.
 *
 * @module
 */
import { DataError } from "../errors.ts";
import type { Table } from "../types.ts";
import { arrowTable } from "./arrow_build.ts";
import { toArquero } from "./arrow_table.ts";
import { LF } from "./csv_bytes.ts";
import { CsvColumn, type CsvColumnType, K_BOOL, K_DATE, K_INT, K_NUM, K_SKIP, K_STR, K_TS, K_UNKNOWN } from "./csv_column.ts";
import { type CsvHead, readCsvHead } from "./csv_header.ts";
import { afterLastBreak, type CsvInput, csvInput, type CsvStream, giveBuffer, memoryInput, takeBuffer } from "./csv_input.ts";
import { CsvParser, NEED_DATA, Restart, ROWS_DONE } from "./csv_parser.ts";

/** Options of {@link readCsv} and {@link parseCsv}. */
export interface CsvReadOptions {
  /** One character (one byte), default ",". */
  delimiter?: string;
  /** Whether the first record names the columns (default true); without, columns are column_1.. */
  header?: boolean;
  /** Only these columns, in this order. */
  columns?: string[];
  /**
   * Only the columns with these names, in file order (names the file lacks
   * are ignored; the first column is kept if none matches, so rows still
   * count). For the engine's column pruning; `columns` takes precedence.
   */
  onlyColumns?: readonly string[];
  /** Types by column; no inference, a value that doesn't fit fails with its line. */
  dtypes?: Record<string, CsvColumnType>;
  /** Strings read as null (default ["", "NA", "null"]); an empty field is always null. */
  nullValues?: string[];
  /** Physical lines to skip before the header (default 0). */
  skipRows?: number;
  /** Stops the read between chunks. */
  signal?: AbortSignal;
  /** Fraction of bytes parsed, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Default null markers. */
export const DEFAULT_NULL_VALUES: readonly string[] = ["", "NA", "null"];

const KIND_OF: Record<CsvColumnType, number> = { int: K_INT, float: K_NUM, string: K_STR, bool: K_BOOL, date: K_DATE, timestamp: K_TS };
const CHUNK_ROWS = 65536;
const WINDOW_BYTES = 4 << 20;
const YIELD_MS = 40;
const encoder = new TextEncoder();

/** The delimiter as one byte. @throws {RangeError} for anything but one ASCII character. */
export function delimiterByte(delimiter = ","): number {
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new RangeError(`Cannot use ${JSON.stringify(delimiter)} as a CSV delimiter: use one ASCII character other than a quote or a line break`);
  }
  return delimiter.charCodeAt(0);
}

/** Reads and concatenates CSV files or URLs (absolute paths), in the given order. */
export function readCsv(paths: string[], options: CsvReadOptions = {}, tuning: CsvTuning = {}): Promise<Table> {
  return readCsvInputs(paths.map((p) => csvInput(p)), options, tuning);
}

/** Parses CSV text or bytes held in memory. */
export function parseCsv(data: string | Uint8Array, options: CsvReadOptions = {}, tuning: CsvTuning = {}): Promise<Table> {
  return readCsvInputs([memoryInput("<data>", typeof data === "string" ? encoder.encode(data) : data)], options, tuning);
}

/** Knobs for tests and benchmarks; the defaults are what pfw uses. */
export interface CsvTuning {
  /** Bytes read per window (default 4 MiB). */
  windowBytes?: number;
  /** Use the generic record loop instead of one compiled for the schema. */
  generic?: boolean;
}

/** What every input of one read shares. */
interface ReadState {
  tuning: CsvTuning;
  options: CsvReadOptions;
  delimiter: number;
  nullBytes: Uint8Array[];
  plan?: number[];
  total: number;
  parser?: CsvParser;
  names?: string[];
  selected: number[];
  lastYield: number;
}

/** Reads CSV inputs in order into one table, starting over when a column must become strings. */
export async function readCsvInputs(inputs: CsvInput[], options: CsvReadOptions = {}, tuning: CsvTuning = {}): Promise<Table> {
  const st: ReadState = {
    tuning,
    options,
    delimiter: delimiterByte(options.delimiter),
    nullBytes: (options.nullValues ?? DEFAULT_NULL_VALUES).map((s) => encoder.encode(s)),
    total: inputs.reduce((s, x) => s + (x.size ?? 0), 0),
    selected: [],
    lastYield: performance.now(),
  };
  for (;;) {
    st.parser = st.names = undefined;
    try {
      for (const input of inputs) {
        options.signal?.throwIfAborted();
        const stream = await input.open(options.signal);
        try {
          if (stream.whole) await readWhole(st, input.name, stream);
          else await readWindows(st, input.name, stream);
        } finally {
          stream.close();
        }
      }
      options.onProgress?.(1);
      const { names, selected } = st;
      const parser = st.parser as CsvParser | undefined;
      if (!parser || !names) return toArquero(arrowTable([], []));
      return toArquero(arrowTable(selected.map((f) => names[f]), selected.map((f) => parser.cols[f].finish(parser.row))));
    } catch (e) {
      if (!(e instanceof Restart) || !st.parser) throw e;
      st.plan = (st.parser as CsvParser).cols.map((c) => c.kind === K_SKIP ? K_UNKNOWN : c.kind);
      st.plan[e.column] = K_STR;
    }
  }
}

/** Sets up the parser from the first file's header, or checks a later file's header. False for an empty input. */
function begin(st: ReadState, head: CsvHead, file: string, stream: CsvStream): boolean {
  if (head.names.length === 0) return false;
  if (!st.parser || !st.names) {
    const { options } = st;
    st.names = head.names;
    st.selected = selectColumns(head.names, options, file);
    const cols = head.names.map((name, f) => {
      const keep = st.selected.includes(f);
      const dtype = keep ? options.dtypes?.[name] : undefined;
      return new CsvColumn(name, !keep ? K_SKIP : st.plan?.[f] ?? (dtype ? KIND_OF[dtype] : K_UNKNOWN), dtype, st.nullBytes);
    });
    st.parser = new CsvParser(cols, st.delimiter, st.nullBytes, st.total, !st.tuning.generic);
  } else if (head.names.join("\u0000") !== st.names.join("\u0000")) {
    throw new DataError(
      `the columns differ from the first file's (${st.names.join(", ")}): found ${head.names.join(", ")}; files read together need the same header`,
      { file, line: 1 },
    );
  }
  st.parser.beginFile(file, (offset) => stream.lineOf(offset));
  return true;
}

function headOf(st: ReadState, buf: Uint8Array, len: number, file: string): CsvHead {
  return readCsvHead(buf, len, { delimiter: st.delimiter, header: st.options.header ?? true, skipRows: st.options.skipRows ?? 0, file });
}

/** Parses the current window in chunks, reporting progress and yielding now and then; returns parseChunk's last result. */
async function drain(st: ReadState): Promise<number> {
  const parser = st.parser!;
  for (;;) {
    const r = parser.parseChunk(CHUNK_ROWS);
    if (st.total > 0) st.options.onProgress?.(Math.min(1, parser.bytesDone / st.total));
    if (performance.now() - st.lastYield > YIELD_MS) {
      await new Promise((r) => setTimeout(r, 0));
      st.options.signal?.throwIfAborted();
      st.lastYield = performance.now();
    }
    if (r !== ROWS_DONE) return r;
  }
}

async function readWhole(st: ReadState, file: string, stream: CsvStream): Promise<void> {
  const { buf, len } = stream.whole!;
  if (st.total === 0) st.total = len;
  const head = headOf(st, buf, len, file);
  if (!begin(st, head, file, stream)) return;
  st.parser!.setWindow(buf, len, head.dataStart, 0, true);
  await drain(st);
}

/** Reads a file window by window: each window ends at a line break; a cut record is parsed again with more data. */
async function readWindows(st: ReadState, file: string, stream: CsvStream): Promise<void> {
  let buf = takeBuffer((st.tuning.windowBytes ?? WINDOW_BYTES) + 1);
  let filled = 0, offset = 0, start = -1, eof = false;
  try {
    for (;;) {
      while (!eof && filled < buf.length - 1) {
        const n = stream.read(buf, filled, buf.length - 1 - filled);
        if (n <= 0) eof = true;
        else filled += n;
      }
      const safe = eof ? filled : afterLastBreak(buf, filled);
      if (safe === 0 && !eof) {
        buf = grown(buf, filled);
        continue;
      }
      const saved = buf[safe];
      buf[safe] = LF;
      if (start < 0) {
        let head: CsvHead;
        try {
          head = headOf(st, buf, safe, file);
        } catch (e) {
          if (eof) throw e;
          buf[safe] = saved;
          buf = grown(buf, filled); // the header runs past the window
          continue;
        }
        if (head.dataStart >= safe && !eof) {
          buf[safe] = saved;
          buf = grown(buf, filled);
          continue;
        }
        if (!begin(st, head, file, stream)) return;
        start = head.dataStart;
      }
      st.parser!.setWindow(buf, safe, start, offset, eof);
      const r = await drain(st);
      buf[safe] = saved;
      if (eof) return;
      const used = st.parser!.pos;
      buf.copyWithin(0, used, filled);
      offset += used;
      filled -= used;
      start = 0;
      if (r === NEED_DATA && filled >= buf.length - 1) buf = grown(buf, filled);
    }
  } finally {
    giveBuffer(buf);
  }
}

function grown(buf: Uint8Array, filled: number): Uint8Array {
  const b = new Uint8Array(buf.length * 2);
  b.set(buf.subarray(0, filled));
  return b;
}

/** Field indexes to keep, in output order. @throws {DataError} naming a missing column. */
function selectColumns(names: string[], options: CsvReadOptions, file: string): number[] {
  for (const name of Object.keys(options.dtypes ?? {})) {
    if (!names.includes(name)) throw new DataError(`dtypes names a column the file doesn't have; available: ${names.join(", ")}`, { file, column: name });
  }
  if (!options.columns) {
    const all = names.map((_, i) => i);
    if (!options.onlyColumns) return all;
    const only = new Set(options.onlyColumns);
    const some = all.filter((i) => only.has(names[i]));
    return some.length > 0 || names.length === 0 ? some : [0];
  }
  return options.columns.map((name) => {
    const f = names.indexOf(name);
    if (f < 0) throw new DataError(`columns names a column the file doesn't have; available: ${names.join(", ")}`, { file, column: name });
    return f;
  });
}
