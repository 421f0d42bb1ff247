/**
 * The whitelist of functions an expression may call. Nothing outside this
 * table can be called; the parser rejects any other name.
 *
 * Scalar functions return null when any argument is null, except
 * `coalesce` and `if`. Window functions (derive only) are computed over the
 * rows of a partition in `order_by` order by lib/expr/window.ts.
 *
 * @module
 */
import { isNull, normalizeBigInt, toDate, toNumber, toText } from "./values.ts";

export { closest as closestName } from "../did_you_mean.ts";

/** How a function is evaluated. */
export type FunctionKind = "scalar" | "window" | "special";

/** One whitelisted function. */
export interface FunctionSpec {
  kind: FunctionKind;
  minArgs: number;
  maxArgs: number;
  /** Shown in errors. */
  usage: string;
  /** Scalar functions: the implementation, called with non-null arguments only. */
  impl?: (...args: unknown[]) => unknown;
}

const num = (name: string, v: unknown): number => {
  if (typeof v === "number") return v;
  if (typeof v === "bigint" || typeof v === "boolean") return toNumber(v);
  throw new TypeError(`${name}() needs a number, got ${describeValue(v)}`);
};

/** A short description of a value for error messages. */
export function describeValue(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (v instanceof Date) return `the date ${toText(v)}`;
  return `${typeof v} ${String(v)}`;
}

const date = (name: string, v: unknown): Date => {
  const d = toDate(v);
  if (!d) throw new TypeError(`${name}() needs a date, got ${describeValue(v)}`);
  return d;
};

function round(x: unknown, digits: unknown = 0): unknown {
  if (typeof x === "bigint") return x;
  const v = num("round", x);
  const d = Math.trunc(num("round", digits));
  const p = 10 ** d;
  // Half away from zero, like SQL; correct the binary representation first (1.005 → 1.01).
  const r = Math.round(Math.abs(v) * p * (1 + Number.EPSILON)) / p;
  return v < 0 ? -r : r;
}

function substring(s: unknown, start: unknown, length?: unknown): unknown {
  const chars = [...toText(s)];
  let from = Math.trunc(num("substring", start));
  if (from < 0) from = Math.max(0, chars.length + from);
  const count = length === undefined ? chars.length : Math.max(0, Math.trunc(num("substring", length)));
  return chars.slice(from, from + count).join("");
}

/** Every function the language knows, by name. */
export const FUNCTIONS: Record<string, FunctionSpec> = {
  abs: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "abs(x)", impl: (x) => typeof x === "bigint" ? normalizeBigInt(x < 0n ? -x : x) : Math.abs(num("abs", x)) },
  round: { kind: "scalar", minArgs: 1, maxArgs: 2, usage: "round(x) or round(x, digits)", impl: round },
  floor: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "floor(x)", impl: (x) => typeof x === "bigint" ? x : Math.floor(num("floor", x)) },
  ceil: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "ceil(x)", impl: (x) => typeof x === "bigint" ? x : Math.ceil(num("ceil", x)) },
  sqrt: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "sqrt(x)", impl: (x) => Math.sqrt(num("sqrt", x)) },
  log: {
    kind: "scalar",
    minArgs: 1,
    maxArgs: 2,
    usage: "log(x) (natural) or log(x, base)",
    impl: (x, base) => base === undefined ? Math.log(num("log", x)) : Math.log(num("log", x)) / Math.log(num("log", base)),
  },
  exp: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "exp(x)", impl: (x) => Math.exp(num("exp", x)) },
  lower: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "lower(s)", impl: (s) => toText(s).toLowerCase() },
  upper: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "upper(s)", impl: (s) => toText(s).toUpperCase() },
  trim: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "trim(s)", impl: (s) => toText(s).trim() },
  length: {
    kind: "scalar",
    minArgs: 1,
    maxArgs: 1,
    usage: "length(s) (in characters)",
    impl: (s) => {
      const t = toText(s);
      let n = 0;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c < 0xdc00 || c > 0xdfff) n++; // count code points, not UTF-16 halves
      }
      return n;
    },
  },
  contains: { kind: "scalar", minArgs: 2, maxArgs: 2, usage: "contains(s, 'text')", impl: (s, t) => toText(s).includes(toText(t)) },
  startswith: { kind: "scalar", minArgs: 2, maxArgs: 2, usage: "startswith(s, 'text')", impl: (s, t) => toText(s).startsWith(toText(t)) },
  endswith: { kind: "scalar", minArgs: 2, maxArgs: 2, usage: "endswith(s, 'text')", impl: (s, t) => toText(s).endsWith(toText(t)) },
  substring: { kind: "scalar", minArgs: 2, maxArgs: 3, usage: "substring(s, start, length?) (start is 0-based; negative counts from the end)", impl: substring },
  replace: { kind: "scalar", minArgs: 3, maxArgs: 3, usage: "replace(s, 'old', 'new') (every occurrence, no regex)", impl: (s, a, b) => toText(s).replaceAll(toText(a), toText(b)) },
  year: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "year(d)", impl: (d) => date("year", d).getUTCFullYear() },
  month: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "month(d) (1-12)", impl: (d) => date("month", d).getUTCMonth() + 1 },
  day: { kind: "scalar", minArgs: 1, maxArgs: 1, usage: "day(d) (1-31)", impl: (d) => date("day", d).getUTCDate() },
  date: {
    kind: "scalar",
    minArgs: 1,
    maxArgs: 1,
    usage: "date(x) (a date from a string, a timestamp or epoch milliseconds, at UTC midnight)",
    impl: (x) => {
      const d = toDate(x);
      if (!d) return null;
      const ms = d.getTime();
      return new Date(ms - (((ms % 86400000) + 86400000) % 86400000));
    },
  },
  coalesce: { kind: "special", minArgs: 1, maxArgs: Infinity, usage: "coalesce(a, b, ...)" },
  if: { kind: "special", minArgs: 3, maxArgs: 3, usage: "if(condition, then, else)" },
  row_number: { kind: "window", minArgs: 0, maxArgs: 0, usage: "row_number() (1, 2, 3… in each partition)" },
  rank: { kind: "window", minArgs: 0, maxArgs: 0, usage: "rank() (by order_by; ties share a rank, gaps follow)" },
  lag: { kind: "window", minArgs: 1, maxArgs: 3, usage: "lag(x, n=1, default=null)" },
  lead: { kind: "window", minArgs: 1, maxArgs: 3, usage: "lead(x, n=1, default=null)" },
  cumsum: { kind: "window", minArgs: 1, maxArgs: 1, usage: "cumsum(x) (running sum; nulls stay null and add nothing)" },
};

/** Applies a scalar function with the null rule (null in, null out). */
export function callScalar(spec: FunctionSpec, args: unknown[]): unknown {
  for (const a of args) if (isNull(a)) return null;
  return spec.impl!(...args);
}
