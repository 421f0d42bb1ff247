/**
 * Reading scalar settings (integers, numbers, booleans) with one error per
 * bad value. A string that came from a whole `${name}` substitution is read
 * as the number or boolean it spells (see variables.ts).
 *
 * @module
 */
import { unknownNameHint } from "../did_you_mean.ts";
import type { Problems } from "./problems.ts";
import { formatPath, type Path } from "./source_map.ts";

/** Where a scalar is and how to report it. */
export interface ScalarContext {
  problems: Problems;
  /** Paths of strings that were exactly one `${name}`. */
  whole: ReadonlySet<string>;
  step?: string;
}

/** `step "load": ` inside a step, nothing elsewhere: the start of a message. */
export function stepPrefix(ctx: { step?: string }): string {
  return ctx.step ? `step ${JSON.stringify(ctx.step)}: ` : "";
}

/** A short description of a value for messages: `"abc"`, `a list`, `-1`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 37) + "…" : v);
  return String(v);
}

/** The number a variable-made string spells, if `path` holds one. */
export function variableNumber(v: unknown, path: Path, whole: ReadonlySet<string>): number | undefined {
  if (typeof v !== "string" || !whole.has(formatPath(path))) return undefined;
  const t = v.trim();
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** The boolean a variable-made string spells, if `path` holds one. */
export function variableBoolean(v: unknown, path: Path, whole: ReadonlySet<string>): boolean | undefined {
  if (typeof v !== "string" || !whole.has(formatPath(path))) return undefined;
  const t = v.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** Options of {@link readInteger}. */
export interface IntegerRule {
  /** The setting's name in messages, e.g. `max_parallel`. */
  name: string;
  /** Smallest accepted value (default 1). */
  min?: number;
}

/** An integer ≥ `rule.min`, or undefined after recording an error. */
export function readInteger(v: unknown, path: Path, rule: IntegerRule, ctx: ScalarContext): number | undefined {
  const min = rule.min ?? 1;
  const n = typeof v === "number" ? v : variableNumber(v, path, ctx.whole);
  if (n === undefined || !Number.isInteger(n) || n < min) {
    const what = min === 1 ? "a positive integer" : min === 0 ? "a whole number ≥ 0" : `an integer ≥ ${min}`;
    ctx.problems.add(`${stepPrefix(ctx)}${rule.name} must be ${what}, got ${describeValue(v)}`, {
      path,
      step: ctx.step,
      hint: `write e.g. ${rule.name}: ${Math.max(min, 1) * (rule.name.endsWith("_ms") ? 1000 : 1)}`,
    });
    return undefined;
  }
  return n;
}

/** A number ≥ `min`, or undefined after recording an error. */
export function readNumber(v: unknown, path: Path, name: string, min: number, ctx: ScalarContext): number | undefined {
  const n = typeof v === "number" ? v : variableNumber(v, path, ctx.whole);
  if (n === undefined || !Number.isFinite(n) || n < min) {
    ctx.problems.add(`${stepPrefix(ctx)}${name} must be a number ≥ ${min}, got ${describeValue(v)}`, { path, step: ctx.step });
    return undefined;
  }
  return n;
}

/** A boolean, or undefined after recording an error. */
export function readBoolean(v: unknown, path: Path, name: string, ctx: ScalarContext): boolean | undefined {
  const b = typeof v === "boolean" ? v : variableBoolean(v, path, ctx.whole);
  if (b === undefined) {
    ctx.problems.add(`${stepPrefix(ctx)}${name} must be true or false, got ${describeValue(v)}`, { path, step: ctx.step });
    return undefined;
  }
  return b;
}

/** Whether `v` is a map (a plain object, not a list). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Records every key of `obj` that is not in `allowed`, with a did-you-mean
 * hint. `where` names the place in messages (e.g. `settings`, `step "load"`).
 */
export function checkKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  path: Path,
  where: string,
  ctx: ScalarContext,
): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    ctx.problems.add(`unknown key ${JSON.stringify(key)} in ${where}`, {
      path: [...path, key],
      at: "key",
      step: ctx.step,
      hint: unknownNameHint(key, allowed, "valid keys"),
    });
  }
}
