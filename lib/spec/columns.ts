/**
 * Column checks before the run: follows each step's output columns through
 * the DAG (readers read CSV headers and Parquet schemas; transforms derive
 * theirs from their inputs) and reports every param that names a column its
 * input lacks, at that param — at the exact list element or map key when it
 * can — with the closest existing name and the available columns.
 *
 * Where columns cannot be known (an operation without `columns`, an
 * unreadable input, a param holding an unknown `${variable}`), they are
 * `undefined` and checks downstream are skipped: no false alarms. A step
 * whose params have other problems is still followed, so a misspelt column
 * beside a mistyped param is reported too.
 *
 * @module
 */
import { DataError } from "../errors.ts";
import type { ColumnContext } from "../operation.ts";
import { closest } from "../did_you_mean.ts";
import { type Problems, q } from "./problems.ts";
import { isMap } from "./scalars.ts";
import type { Path } from "./source_map.ts";
import { parseParamPath, type StepDraft } from "./steps.ts";

/** Most column names listed in one error. */
const MAX_LISTED = 30;

/** What {@link checkColumns} needs. */
export interface ColumnCheckContext {
  problems: Problems;
  baseDir: string;
  signal?: AbortSignal;
}

/** `id, category, amount` (shortened past {@link MAX_LISTED}). */
export function listColumns(columns: readonly string[]): string {
  if (columns.length === 0) return "(none)";
  const shown = columns.slice(0, MAX_LISTED).join(", ");
  return columns.length > MAX_LISTED ? `${shown}, … (${columns.length - MAX_LISTED} more)` : shown;
}

/**
 * The path of the first node under `value` (at `path`) that spells `column`:
 * a string equal to it, or a map key equal to it. Undefined when none does
 * (e.g. the column is inside an expression).
 */
export function findColumnNode(value: unknown, column: string, path: Path): { path: Path; at: "key" | "value" } | undefined {
  if (value === column) return { path, at: "value" };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findColumnNode(value[i], column, [...path, i]);
      if (hit) return hit;
    }
  } else if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === column) return { path: [...path, k], at: "key" };
      const hit = findColumnNode(v, column, [...path, k]);
      if (hit) return hit;
    }
  }
  return undefined;
}

function lookup(params: Record<string, unknown>, rel: (string | number)[]): unknown {
  let v: unknown = params;
  for (const seg of rel) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/**
 * Runs every operation's `columns` in dependency order (independent steps at
 * once) and records missing columns in `ctx.problems`. `order` is a
 * topological order of step indexes; `depIndex[i]` the dependencies of step i.
 * Returns each step's output columns (undefined where unknown).
 */
export async function checkColumns(
  steps: readonly StepDraft[],
  order: readonly number[],
  depIndex: readonly number[][],
  ctx: ColumnCheckContext,
): Promise<(string[] | undefined)[]> {
  type Cols = string[] | undefined;
  const results = new Array<Cols | Promise<Cols>>(steps.length);
  const reported = new Set<string>();
  const fail = (step: StepDraft, e: unknown): Cols => {
    if (ctx.signal?.aborted) throw e;
    if (!step.paramsOk) return undefined; // bad params already reported; this only echoes them
    const pathParam = "path" in step.params ? "path" : undefined;
    const what = e instanceof DataError ? (e as Error).message : `columns could not be worked out: ${(e as Error)?.message ?? e}`;
    ctx.problems.add(`step ${q(step.name)}: ${what}`, {
      path: pathParam ? [...step.path, "params", pathParam] : step.path,
      step: step.name,
      hint: e instanceof DataError
        ? "check that the input file exists and is readable (paths are relative to the pipeline file's folder)"
        : `this is a bug in ${q(step.op?.name)}'s column inference; please report it`,
    });
    return undefined;
  };
  // Synchronous where every input is known; a promise only behind an async `columns` (file reads),
  // so independent readers work at once and 100,000 in-memory steps cost no promise each.
  const run = (i: number, inputsList: Cols[]): Cols | Promise<Cols> => {
    const step = steps[i];
    const op = step.op;
    if (!op?.columns || !step.columnsSafe) return undefined;
    ctx.signal?.throwIfAborted();
    const inputs: Record<string, Cols> = {};
    const deps = depIndex[i];
    for (let k = 0; k < deps.length; k++) inputs[steps[deps[k]].name] = inputsList[k];
    const chosen = typeof step.params.input === "string" ? step.params.input : step.deps[0]?.name;
    const cctx: ColumnContext = {
      params: step.params,
      input: chosen === undefined ? undefined : inputs[chosen],
      inputs,
      baseDir: ctx.baseDir,
      signal: ctx.signal,
      missing(param: string, column: string, available: string[]) {
        const key = `${i}\u0000${param}\u0000${column}`;
        const rel = parseParamPath(param);
        if (reported.has(key) || step.badParams.has(String(rel[0]))) return;
        reported.add(key);
        const paramPath = [...step.path, "params", ...rel];
        // `agg.amount` names the column by its key: point at the key when nothing below spells it.
        const node = findColumnNode(lookup(step.params, rel), column, paramPath) ??
          (rel.length > 0 && rel[rel.length - 1] === column ? { path: paramPath, at: "key" as const } : undefined);
        const guess = closest(column, available);
        ctx.problems.add(`step ${q(step.name)}: param ${q(param)} names column ${q(column)}, which its input does not have`, {
          path: node?.path ?? paramPath,
          at: node?.at,
          step: step.name,
          hint: guess ? `did you mean ${q(guess)}? Available columns: ${listColumns(available)}` : `available columns: ${listColumns(available)}`,
        });
      },
    };
    const tidy = (cols: Cols) => (Array.isArray(cols) ? cols.map(String) : undefined);
    try {
      const out = op.columns(cctx);
      if (out instanceof Promise) return out.then(tidy, (e) => fail(step, e));
      return tidy(out);
    } catch (e) {
      return fail(step, e);
    }
  };
  const pending: Promise<Cols>[] = [];
  for (const i of order) {
    const deps = depIndex[i];
    const inputsList = deps.map((j) => results[j]);
    if (inputsList.some((v) => v instanceof Promise)) {
      const p = Promise.all(inputsList).then((vals) => run(i, vals));
      results[i] = p;
      pending.push(p);
    } else {
      const r = run(i, inputsList as Cols[]);
      results[i] = r;
      if (r instanceof Promise) pending.push(r);
    }
  }
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((s) => s.status === "rejected") as PromiseRejectedResult | undefined;
  if (failed) throw failed.reason;
  return await Promise.all(results);
}
