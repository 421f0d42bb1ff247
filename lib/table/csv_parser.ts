/**
 * The CSV parser: runs a record loop (csv_codegen.ts, generated per schema, or
 * csv_generic_loop.ts) that scans bytes, parses numbers and dates straight
 * from them and dictionary-encodes strings by hashing bytes; odd fields
 * (quoted, null markers, exponents, long numbers) go to the slow path here.
 *
 * Types are inferred as it goes: a column takes the kind of its first
 * non-null value; int → float and date → timestamp widen in place; a value
 * that fits none of that makes the column a string column and the parse
 * starts over ({@link Restart}).
 *
 * @module
 */
import { DataError } from "../errors.ts";
import { hashBytes } from "./byte_dictionary.ts";
import { classifyText, CR, isIntText, isNumberText, isoResult, LF, numberFromText, parseIsoDate, QUOTE, type TextKind } from "./csv_bytes.ts";
import { compileLoop, LOOP_GROW, LOOP_KIND, LOOP_NEED_DATA, LOOP_WINDOW_DONE, type LoopHooks, type LoopState, type RecordLoop } from "./csv_codegen.ts";
import { genericLoop } from "./csv_generic_loop.ts";
import { CsvColumn, K_BOOL, K_DATE, K_INT, K_NUM, K_STR, K_TEXT, K_TS, K_UNKNOWN } from "./csv_column.ts";

/** Thrown when column `column` must become a string column: the caller parses again. */
export class Restart {
  /** `column` is the index among the file's fields. */
  constructor(readonly column: number) {}
}

const decoder = new TextDecoder();
const SAFE = 9007199254740991n;

/** parseChunk's results. */
export const WINDOW_DONE = 0, ROWS_DONE = 1, NEED_DATA = 2;

/** Thrown inside the scanner when a quoted field runs past the end of a non-final window. */
class NeedData {}
const NEED = new NeedData();

/**
 * Parses records into shared columns. Input comes in windows: a buffer whose
 * `buf[len]` is a `\n` sentinel and which ends at a line break; a record cut
 * by the window's end (a quoted field with a line break) is rolled back and
 * parsed again with more data. Several files can feed the same parser.
 */
export class CsvParser {
  /** Columns by field index of the file (K_SKIP for unselected ones). */
  readonly cols: CsvColumn[];
  /** Rows parsed so far, over every file. */
  row = 0;
  #cap = 0;
  #buf: Uint8Array = new Uint8Array(1);
  #len = 0;
  #pos = 0;
  #final = true;
  #offset = 0;
  #file?: string;
  #lineOf: (offset: number) => number;
  #delim: number;
  #nullValues: Uint8Array[];
  #scratch = new Uint8Array(256);
  // the last field scanned by #scanField
  #src: Uint8Array = this.#scratch;
  #fs = 0;
  #fe = 0;
  /** Total bytes of all inputs and bytes of finished inputs, to size storage and report progress. */
  #totalBytes: number;
  #bytesBefore = 0;

  #generated: boolean;

  /**
   * `cols` in file field order; `delimiter` a byte; `totalBytes` of every input together;
   * `generated` false uses the generic loop instead of one compiled for the schema.
   */
  constructor(cols: CsvColumn[], delimiter: number, nullValues: Uint8Array[], totalBytes: number, generated = true) {
    this.cols = cols;
    this.#generated = generated;
    this.#delim = delimiter;
    this.#nullValues = nullValues;
    this.#totalBytes = Math.max(1, totalBytes);
    this.#lineOf = () => 0;
  }

  /** Starts a file; `lineOf(offset)` gives the 1-based line of a byte offset, for errors. */
  beginFile(file: string | undefined, lineOf: (offset: number) => number): void {
    this.#bytesBefore += this.#offset + this.#pos;
    this.#offset = 0;
    this.#pos = 0;
    this.#len = 0;
    this.#file = file;
    this.#lineOf = lineOf;
  }

  /**
   * Parses `buf[pos..len)`, which starts at byte `offset` of the file;
   * `final` when nothing follows. `buf[len]` must be `\n`.
   */
  setWindow(buf: Uint8Array, len: number, pos: number, offset: number, final: boolean): void {
    this.#buf = buf;
    this.#len = len;
    this.#pos = pos;
    this.#offset = offset;
    this.#final = final;
  }

  /** Where parsing stopped in the window (the start of the first unparsed record). */
  get pos(): number {
    return this.#pos;
  }

  /** Bytes consumed so far over every file. */
  get bytesDone(): number {
    return this.#bytesBefore + this.#offset + this.#pos;
  }

  /** Parses up to `maxRows` records: WINDOW_DONE at the window's end, ROWS_DONE, or NEED_DATA. */
  parseChunk(maxRows: number): number {
    if (this.cols.length === 0) {
      this.#pos = this.#len;
      return WINDOW_DONE;
    }
    for (const col of this.cols) if (col.wantsText(this.row)) col.toText(this.row);
    return this.#runLoop(maxRows);
  }

  #loops = new Map<string, RecordLoop>();
  #loopState: LoopState = { pos: 0, row: 0, rec: 0 };
  #hooks: LoopHooks = {
    slow: (c, pos, row) => this.#slow(c, pos, row),
    skipQuoted: (pos) => this.#scanField(pos),
    fieldError: (pos, found, expected) => this.#fieldError(pos, found, expected),
    need: NEED,
    isoHasTime: () => isoResult.hasTime,
  };

  /** The record loop for the columns' current kinds: compiled for them, or the generic one. */
  #loop(): RecordLoop {
    const key = this.#generated ? this.cols.map((c) => c.kind).join(",") : "generic";
    let loop = this.#loops.get(key);
    if (!loop) {
      loop = this.#generated ? compileLoop(this.cols, this.#delim, this.#hooks) : genericLoop(this.cols, this.#delim, this.#hooks);
      this.#loops.set(key, loop);
    }
    return loop;
  }

  #runLoop(maxRows: number): number {
    const st = this.#loopState;
    st.pos = this.#pos;
    st.row = this.row;
    const stop = this.row + maxRows;
    for (;;) {
      const loop = this.#loop();
      const r = loop(this.#buf, this.#len, st, stop, this.#cap);
      this.#pos = st.pos;
      this.row = st.row;
      if (r === LOOP_GROW) this.#grow(st.row);
      else if (r === LOOP_KIND) {
        for (const col of this.cols) col.rollback(st.row);
      } else if (r === LOOP_NEED_DATA) {
        for (const col of this.cols) col.rollback(st.row);
        this.#pos = st.rec;
        return NEED_DATA;
      } else return r === LOOP_WINDOW_DONE ? WINDOW_DONE : ROWS_DONE;
    }
  }

  #skipPlain(pos: number): number {
    const buf = this.#buf, delim = this.#delim;
    let b = buf[pos];
    while (b !== delim && b !== LF && b !== CR) b = buf[++pos];
    return pos;
  }

  #grow(row: number): void {
    let cap: number;
    if (this.#cap === 0) cap = 4096;
    else {
      // size from the bytes per row seen so far, with a margin (untouched memory costs nothing)
      const done = this.bytesDone;
      const est = done > 0 ? Math.ceil((this.#totalBytes / done) * row * 1.1) + 4096 : 0;
      cap = Math.max(est, Math.ceil(this.#cap * 1.5));
    }
    for (const col of this.cols) col.grow(cap, row);
    this.#cap = cap;
  }

  /** Scans the field at `pos` into #src[#fs..#fe) (quotes removed); returns its end. */
  #scanField(pos: number): number {
    const buf = this.#buf, len = this.#len;
    if (buf[pos] !== QUOTE) {
      this.#src = buf;
      this.#fs = pos;
      const end = this.#skipPlain(pos);
      this.#fe = end;
      return end;
    }
    const start = pos;
    let p = pos + 1, q = buf.indexOf(QUOTE, p);
    if (q < 0 || q >= len) this.#unclosed(start);
    if (buf[q + 1] !== QUOTE) {
      this.#src = buf;
      this.#fs = p;
      this.#fe = q;
      return q + 1;
    }
    // doubled quotes: copy the unescaped value into the scratch buffer
    let n = 0;
    for (;;) {
      const piece = q - p + (buf[q + 1] === QUOTE ? 1 : 0);
      if (n + piece > this.#scratch.length) {
        const s = new Uint8Array(Math.max(this.#scratch.length * 2, n + piece));
        s.set(this.#scratch.subarray(0, n));
        this.#scratch = s;
      }
      this.#scratch.set(buf.subarray(p, p + piece), n);
      n += piece;
      if (buf[q + 1] !== QUOTE) break;
      p = q + 2;
      q = buf.indexOf(QUOTE, p);
      if (q < 0 || q >= len) this.#unclosed(start);
    }
    this.#src = this.#scratch;
    this.#fs = 0;
    this.#fe = n;
    return q + 1;
  }

  #isNull(src: Uint8Array, s: number, e: number): boolean {
    const n = e - s;
    if (n === 0) return true;
    outer: for (const nv of this.#nullValues) {
      if (nv.length !== n) continue;
      for (let j = 0; j < n; j++) if (nv[j] !== src[s + j]) continue outer;
      return true;
    }
    return false;
  }

  /** Any field of column `c`: quoted, null, an unusual number, or the first value of an unknown column. */
  #slow(c: number, pos: number, row: number): number {
    const col = this.cols[c];
    const next = this.#scanField(pos);
    const src = this.#src, s = this.#fs, e = this.#fe;
    if (this.#isNull(src, s, e)) {
      col.setNull(row);
      return next;
    }
    if (col.kind === K_STR) {
      const k = col.dict.lookup(src, s, e, hashBytes(src, s, e));
      if (k < 0) col.setNull(row);
      else col.i32[row] = k;
      return next;
    }
    if (col.kind === K_TEXT) {
      col.appendText(src, s, e, row);
      return next;
    }
    const bytes = src.subarray(s, e);
    const text = decoder.decode(bytes);
    if (col.kind === K_UNKNOWN) {
      const kind = classifyText(text, bytes);
      col.setKind(KIND_OF_TEXT[kind]);
      if (col.kind === K_STR) {
        const k = col.dict.lookup(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
        if (k < 0) col.setNull(row);
        else col.i32[row] = k;
        return next;
      }
    }
    switch (col.kind) {
      case K_INT:
      case K_NUM:
        this.#number(c, pos, row, text);
        break;
      case K_BOOL: {
        const t = text.toLowerCase();
        if (t === "true") col.u8[row] = 1;
        else if (t === "false") col.u8[row] = 0;
        else this.#promote(c, pos, text, "true or false");
        break;
      }
      case K_DATE:
      case K_TS: {
        const ms = parseIsoDate(bytes, 0, bytes.length);
        if (ms !== ms) this.#promote(c, pos, text, col.kind === K_DATE ? "a date (YYYY-MM-DD)" : "a timestamp (YYYY-MM-DDTHH:MM:SS)");
        if (isoResult.hasTime && col.kind === K_DATE) {
          if (col.fixed === "date") this.#badValue(c, pos, text, "a date without a time (use dtype timestamp)");
          col.widen(row);
        }
        if (col.kind === K_TS) col.f64[row] = ms;
        else col.i32[row] = ms / 86_400_000;
        break;
      }
    }
    return next;
  }

  /** A number for an int or float column, widening Int32 to doubles when needed. */
  #number(c: number, pos: number, row: number, text: string): void {
    const col = this.cols[c];
    let v: number;
    let big: bigint | undefined;
    if (isIntText(text)) {
      const digits = text.length - (text[0] === "-" || text[0] === "+" ? 1 : 0);
      if (digits <= 15) v = Number(text);
      else {
        big = BigInt(text);
        v = Number(big);
        if (big <= SAFE && big >= -SAFE) big = undefined;
      }
    } else if (isNumberText(text)) {
      if (col.fixed === "int") this.#badValue(c, pos, text, "a whole number");
      v = numberFromText(text);
      if (col.kind === K_INT) col.widen(row);
      col.isInt = false;
    } else return this.#promote(c, pos, text, "a number");
    if (col.kind === K_INT) {
      if (big === undefined && v >= -2147483648 && v <= 2147483647) {
        col.i32[row] = v;
        return;
      }
      col.widen(row);
    }
    if (big !== undefined) col.setBig(row, big);
    else col.f64[row] = v;
  }

  /** A value that doesn't fit: widen to string (restart) or, for a user dtype, fail. */
  #promote(c: number, pos: number, text: string, expected: string): never {
    if (this.cols[c].fixed) this.#badValue(c, pos, text, expected);
    throw new Restart(c);
  }

  #line(pos: number): number {
    return this.#lineOf(this.#offset + pos);
  }

  #badValue(c: number, pos: number, text: string, expected: string): never {
    const col = this.cols[c];
    throw new DataError(`value ${JSON.stringify(text)} is not ${expected} (dtype ${col.fixed}); fix the value or change dtypes`, {
      file: this.#file,
      line: this.#line(pos),
      column: col.name,
    });
  }

  #fieldError(pos: number, found: number, expected: number): never {
    const b = this.#buf[pos];
    const line = this.#line(pos);
    if (b === LF || b === CR) {
      throw new DataError(`the row has ${found} field${found === 1 ? "" : "s"} but the header has ${expected}; check delimiters and quotes on this line`, { file: this.#file, line });
    }
    if (b === this.#delim) {
      throw new DataError(`the row has more than ${expected} fields (the header has ${expected}); quote fields that contain the delimiter`, {
        file: this.#file,
        line,
      });
    }
    throw new DataError(`unexpected character ${JSON.stringify(String.fromCharCode(b))} after a closing quote; write quotes inside a quoted field as ""`, {
      file: this.#file,
      line,
    });
  }

  #unclosed(start: number): never {
    if (!this.#final) throw NEED;
    throw new DataError('a quoted field is not closed; add the closing quote (")', { file: this.#file, line: this.#line(start) });
  }
}

const KIND_OF_TEXT: Record<TextKind, number> = { int: K_INT, float: K_NUM, bool: K_BOOL, date: K_DATE, timestamp: K_TS, string: K_STR };
