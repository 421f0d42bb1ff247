/**
 * Retry policies: `settings.retry_policy` and a step's `retry`.
 *
 * ```yaml
 * retry_policy:
 *   max_attempts: 3               # every try counts, the first included; 1 = no retry
 *   backoff_ms: [100, 500, 2000]  # wait before try k+1 = backoff_ms[k-1], the last repeating
 * retry:
 *   backoff_ms: {initial_ms: 100, multiplier: 2, max_ms: 30000, jitter: true}
 * ```
 *
 * A step's `retry` overrides field by field: a step that sets only
 * `max_attempts` keeps the settings' backoff.
 *
 * @module
 */
import type { Backoff, RetryPolicy } from "../types.ts";
import { checkKeys, describeValue, isMap, readBoolean, readInteger, readNumber, type ScalarContext, stepPrefix } from "./scalars.ts";
import type { Path } from "./source_map.ts";

/** Backoff when none is written: 100 ms doubling up to 30 s, no jitter. */
export const DEFAULT_BACKOFF: Readonly<Backoff> = { kind: "exponential", initialMs: 100, multiplier: 2, maxMs: 30_000, jitter: false };

/** One try, no retry. */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = { maxAttempts: 1, backoff: DEFAULT_BACKOFF };

/** Keys of a retry map. */
export const RETRY_KEYS = ["max_attempts", "backoff_ms"] as const;

/** Keys of an exponential backoff map. */
export const BACKOFF_KEYS = ["initial_ms", "multiplier", "max_ms", "jitter"] as const;

function readBackoff(raw: unknown, path: Path, base: Backoff, ctx: ScalarContext): Backoff | undefined {
  if (typeof raw === "number" || typeof raw === "string") raw = [raw];
  if (Array.isArray(raw)) {
    if (raw.length === 0) {
      ctx.problems.add(`${stepPrefix(ctx)}backoff_ms must not be an empty list`, { path, step: ctx.step, hint: "write e.g. backoff_ms: [100, 500, 2000]" });
      return undefined;
    }
    const ms: number[] = [];
    raw.forEach((v, i) => {
      const n = readInteger(v, [...path, i], { name: "each backoff_ms value", min: 0 }, ctx);
      if (n !== undefined) ms.push(n);
    });
    return ms.length === raw.length ? { kind: "list", ms } : undefined;
  }
  if (isMap(raw)) {
    const errors = ctx.problems.count;
    checkKeys(raw, BACKOFF_KEYS, path, "backoff_ms", ctx);
    const start = base.kind === "exponential" ? base : DEFAULT_BACKOFF as Extract<Backoff, { kind: "exponential" }>;
    const initialMs = raw.initial_ms === undefined ? start.initialMs : readInteger(raw.initial_ms, [...path, "initial_ms"], { name: "initial_ms", min: 0 }, ctx);
    const multiplier = raw.multiplier === undefined ? start.multiplier : readNumber(raw.multiplier, [...path, "multiplier"], "multiplier", 1, ctx);
    const maxMs = raw.max_ms === undefined ? Math.max(start.maxMs, initialMs ?? 0) : readInteger(raw.max_ms, [...path, "max_ms"], { name: "max_ms", min: 0 }, ctx);
    const jitter = raw.jitter === undefined ? start.jitter : readBoolean(raw.jitter, [...path, "jitter"], "jitter", ctx);
    if (initialMs !== undefined && maxMs !== undefined && maxMs < initialMs) {
      ctx.problems.add(`${stepPrefix(ctx)}max_ms (${maxMs}) is less than initial_ms (${initialMs})`, { path: [...path, "max_ms"], step: ctx.step, hint: "raise max_ms or lower initial_ms" });
    }
    if (ctx.problems.count > errors) return undefined;
    return { kind: "exponential", initialMs: initialMs!, multiplier: multiplier!, maxMs: maxMs!, jitter: jitter! };
  }
  ctx.problems.add(`${stepPrefix(ctx)}backoff_ms must be a list of waits in ms or a map {initial_ms, multiplier, max_ms, jitter}, got ${describeValue(raw)}`, {
    path,
    step: ctx.step,
    hint: "write e.g. backoff_ms: [100, 500, 2000]",
  });
  return undefined;
}

/**
 * Reads a retry map at `path` on top of `base`. Returns `base` unchanged for
 * an absent value; records errors and returns `base` for a bad one.
 */
export function readRetry(raw: unknown, path: Path, base: RetryPolicy, ctx: ScalarContext, name = "retry"): RetryPolicy {
  if (raw === undefined || raw === null) return base;
  if (!isMap(raw)) {
    ctx.problems.add(`${stepPrefix(ctx)}${name} must be a map {max_attempts, backoff_ms}, got ${describeValue(raw)}`, {
      path,
      step: ctx.step,
      hint: `write e.g.\n    ${name}:\n      max_attempts: 3\n      backoff_ms: [100, 500, 2000]`,
    });
    return base;
  }
  checkKeys(raw, RETRY_KEYS, path, name, ctx);
  const maxAttempts = raw.max_attempts === undefined
    ? base.maxAttempts
    : readInteger(raw.max_attempts, [...path, "max_attempts"], { name: "max_attempts" }, ctx) ?? base.maxAttempts;
  const backoff = raw.backoff_ms === undefined ? base.backoff : readBackoff(raw.backoff_ms, [...path, "backoff_ms"], base.backoff, ctx) ?? base.backoff;
  return { maxAttempts, backoff };
}
