/**
 * Helpers for {@link Operation.inputColumns}: what an operation reads of its
 * input, from what later steps read of its output.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import { mapping, stringList } from "./params.ts";

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
  return (params, used) => {
    if (!param) return used;
    const value = params[param];
    return usedPlus(used, kind === "list" ? stringList(value) : mapping(value).map(([k]) => k));
  };
}
