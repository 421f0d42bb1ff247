/**
 * Byte-level helpers of the CSV reader: character codes, exact powers of
 * ten, ISO date parsing straight from bytes, and text classification for the
 * slow path.
 *
 * @module
 */

/** `"` */
export const QUOTE = 34;
/** `\n` */
export const LF = 10;
/** `\r` */
export const CR = 13;
/** `.` */
export const DOT = 46;
/** `-` */
export const MINUS = 45;
/** `+` */
export const PLUS = 43;

/** 10^k for k = 0..22, each exactly representable as a double. */
export const POW10: Float64Array = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digit(b: number): number {
  const d = b - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function two(buf: Uint8Array, p: number): number {
  const a = digit(buf[p]), b = digit(buf[p + 1]);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Result of {@link parseIsoDate}: where the text ended and whether it had a time. */
export const isoResult = { end: 0, hasTime: false };

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH[:MM]]` at `p`
 * and returns milliseconds since the epoch (UTC when no zone is given), or
 * NaN when the bytes are not such a date. Sets {@link isoResult}.
 */
export function parseIsoDate(buf: Uint8Array, p: number, end: number): number {
  if (end - p < 10 || buf[p + 4] !== MINUS || buf[p + 7] !== MINUS) return NaN;
  const y1 = two(buf, p), y2 = two(buf, p + 2), mo = two(buf, p + 5), d = two(buf, p + 8);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1) return NaN;
  const y = y1 * 100 + y2;
  if (d > daysInMonth(y, mo)) return NaN;
  let ms = daysFromCivil(y, mo, d) * DAY_MS;
  p += 10;
  isoResult.hasTime = false;
  if (p < end && (buf[p] === 84 /* T */ || buf[p] === 32 /* space */)) {
    const hh = two(buf, p + 1), mi = buf[p + 3] === 58 ? two(buf, p + 4) : -1;
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return NaN;
    ms += hh * 3_600_000 + mi * 60_000;
    p += 6;
    if (p < end && buf[p] === 58 /* : */) {
      const ss = two(buf, p + 1);
      if (ss < 0 || ss > 59) return NaN;
      ms += ss * 1000;
      p += 3;
      if (p < end && buf[p] === DOT) {
        p++;
        let frac = 0, n = 0;
        for (let dd = digit(buf[p]); p < end && dd >= 0; dd = digit(buf[++p])) {
          if (n < 3) frac = frac * 10 + dd;
          n++;
        }
        if (n === 0) return NaN;
        for (let k = n; k < 3; k++) frac *= 10;
        ms += frac;
      }
    }
    if (p < end) {
      const z = buf[p];
      if (z === 90 /* Z */) p++;
      else if (z === PLUS || z === MINUS) {
        const oh = two(buf, p + 1);
        if (oh < 0 || oh > 23) return NaN;
        p += 3;
        let om = 0;
        if (buf[p] === 58) p++;
        if (p < end && digit(buf[p]) >= 0) {
          om = two(buf, p);
          if (om < 0 || om > 59) return NaN;
          p += 2;
        }
        const off = (oh * 60 + om) * 60_000;
        ms += z === PLUS ? -off : off;
      }
    }
    isoResult.hasTime = true;
  }
  isoResult.end = p;
  return p === end ? ms : NaN;
}

/** The kind of value a piece of text holds, for type inference. */
export type TextKind = "int" | "float" | "bool" | "date" | "timestamp" | "string";

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOAT_RE = /^[+-]?(?:inf|infinity|nan)$/i;
const BOOL_RE = /^(?:true|false)$/i;

/** Classifies one non-null field's text. */
export function classifyText(text: string, bytes: Uint8Array): TextKind {
  if (INT_RE.test(text)) return "int";
  if (FLOAT_RE.test(text) || SPECIAL_FLOAT_RE.test(text)) return "float";
  if (BOOL_RE.test(text)) return "bool";
  if (!Number.isNaN(parseIsoDate(bytes, 0, bytes.length))) return isoResult.hasTime ? "timestamp" : "date";
  return "string";
}

/** Whether text is a whole number in decimal digits. */
export function isIntText(text: string): boolean {
  return INT_RE.test(text);
}

/** Whether text is a decimal number (or inf / nan), so Number(text) is meaningful. */
export function isNumberText(text: string): boolean {
  return FLOAT_RE.test(text) || SPECIAL_FLOAT_RE.test(text);
}

/** Number(text) that also accepts `inf`, `-inf` and `nan` in any case. */
export function numberFromText(text: string): number {
  const t = text.toLowerCase().replace(/^\+/, "");
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (t === "nan" || t === "-nan") return NaN;
  return Number(text);
}

/** 1-based physical line of byte `pos` (CRLF, LF and lone CR all end a line). */
export function lineAt(buf: Uint8Array, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) {
    const b = buf[i];
    if (b === LF) line++;
    else if (b === CR && buf[i + 1] !== LF) line++;
  }
  return line;
}
