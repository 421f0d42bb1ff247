/**
 * The value semantics of pfw expressions, one place for all of them.
 *
 * Rules (also in the README):
 * - Null: `null`, `undefined`, `NaN` and an invalid Date are all null; `x is null` is true for each.
 * - Arithmetic with a null operand gives null. Division by zero follows IEEE (±Infinity, 0/0 is NaN, so null).
 * - Comparisons (`== != < <= > >=`, `in`, `not in`) with a null operand are false — `!=` and
 *   `not in` included. Write `x is null or x != 3` to keep nulls.
 * - `and`, `or`, `not`, `if()` and filters treat null as false; their results are always booleans.
 * - No implicit conversion between strings and numbers: `'10' == 10` is false and ordering them is
 *   false. Exception: a date compared with a string parses the string as a date (`date >= '2024-01-01'`).
 * - `+` with a string on either side concatenates; in other arithmetic, dates count as epoch milliseconds.
 * - BigInt (int64 beyond 2^53): arithmetic between a BigInt and an integer number is exact in BigInt,
 *   `/` and non-integer operands convert to float; results that fit in ±2^53 become plain numbers again.
 *
 * @module
 */

/** True for null, undefined, NaN and invalid dates. */
export function isNull(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && v !== v) ||
    (v instanceof Date && Number.isNaN(v.getTime()));
}

/** Truthiness for and/or/not/if and filters: null and false-like values are false. */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  if (typeof v === "number") return v !== 0 && v === v;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "string") return v.length > 0;
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  return Boolean(v);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** A BigInt that fits in ±2^53 becomes a number; other values pass through. */
export function normalizeBigInt(v: bigint): bigint | number {
  return v <= MAX_SAFE && v >= MIN_SAFE ? Number(v) : v;
}

/** Epoch milliseconds for a Date, or NaN for anything that is not a date or a parsable date string. */
export function toEpochMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "string") return parseDateString(v);
  return NaN;
}

/** Parses an ISO-like date string as UTC (plain dates are UTC midnight); NaN when it is not one. */
export function parseDateString(s: string): number {
  const t = s.trim();
  if (!/^[+-]?\d{4,6}-\d{2}(-\d{2})?([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return NaN;
  const iso = t.replace(" ", "T");
  // Date-times without a zone are read as UTC, like plain dates.
  const withZone = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso + "Z" : iso;
  return Date.parse(withZone);
}

/** Orders two non-null values: negative, zero or positive, or NaN when they are not comparable. */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint")) {
    // Mixed number/BigInt compare exactly with < and >.
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  if (ta === "string" && tb === "string") return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (ta === "boolean" && tb === "boolean") return (a === b) ? 0 : a ? 1 : -1;
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : toEpochMs(a);
    const y = b instanceof Date ? b.getTime() : toEpochMs(b);
    return x - y; // NaN when one side is not a date
  }
  return NaN;
}

/** `a op b` for the six comparison operators, with the null rule. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  const c = compareValues(a, b);
  if (c !== c) return op === "!=";
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
  }
  return false;
}

/** `a op b` for `+ - * / % **`, with the null and BigInt rules. */
export function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (isNull(a) || isNull(b)) return null;
  if (op === "+" && (typeof a === "string" || typeof b === "string")) return toText(a) + toText(b);
  if (typeof a === "bigint" || typeof b === "bigint") return bigArithmetic(op, a, b);
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return x / y;
    case "%":
      return x % y;
    case "**":
      return x ** y;
  }
  return null;
}

function bigArithmetic(op: string, a: unknown, b: unknown): unknown {
  const exact = (v: unknown) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
  if (op === "/" || !exact(a) || !exact(b)) return arithmetic(op, Number(a), Number(b));
  const x = BigInt(a as number);
  const y = BigInt(b as number);
  switch (op) {
    case "+":
      return normalizeBigInt(x + y);
    case "-":
      return normalizeBigInt(x - y);
    case "*":
      return normalizeBigInt(x * y);
    case "%":
      return y === 0n ? null : normalizeBigInt(x % y);
    case "**":
      return y < 0n ? Number(x) ** Number(y) : normalizeBigInt(x ** y);
  }
  return null;
}

/** Numbers as they are; dates as epoch ms; booleans as 0/1; anything else NaN. */
export function toNumber(v: unknown): number {
  switch (typeof v) {
    case "number":
      return v;
    case "bigint":
      return Number(v);
    case "boolean":
      return v ? 1 : 0;
  }
  if (v instanceof Date) return v.getTime();
  return NaN;
}

/** Text of a value for string functions: dates as ISO (date only at midnight UTC), others by String(). */
export function toText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  return String(v);
}

/** A Date from a Date, epoch ms or an ISO-like string; undefined when not possible. */
export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  const ms = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" ? parseDateString(v) : NaN;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
