/**
 * Helpers for {@link Operation.inputColumns}: what an operation reads of its
 * input, from what later steps read of its output.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import { namedColumns, stringList } from "./params.ts";

type InputColumns = NonNullable<Operation["inputColumns"]>;

/** `used` plus `extra`; undefined (every column) stays undefined. */
export function usedPlus(used: ReadonlySet<string> | undefined, extra: Iterable<string>): Set<string> | undefined {
  if (!used) return undefined;
  const out = new Set(used);
  for (const c of extra) out.add(c);
  return out;
}

/** For operations whose output has the input's columns: what later steps read, plus the columns `param` names (a list, or a mapping's keys). */
export function passThrough(param?: string, kind: "list" | "keys" = "list"): InputColumns {
  return (params, used) => (param ? usedPlus(used, namedColumns(params, param, kind)) : used);
}

/**
 * For operations that test rows on the columns `param` lists, or on every
 * column when it is absent (distinct, dropna): what later steps read plus
 * those columns, or every column.
 */
export function rowTestColumns(param: string): InputColumns {
  return (params, used) => (params[param] === undefined ? undefined : usedPlus(used, stringList(params[param])));
}

/**
 * The output columns worth making: those in `used` (the step's
 * ctx.columnsUsed), in their order; all when `used` is undefined. When none
 * is used, the first is kept, so the table still has its rows.
 */
export function usedOutputs<T>(items: readonly T[], nameOf: (item: T) => string, used: readonly string[] | undefined): T[] {
  if (!used) return [...items];
  const want = new Set(used);
  const kept = items.filter((item) => want.has(nameOf(item)));
  return kept.length > 0 || items.length === 0 ? kept : [items[0]];
}
