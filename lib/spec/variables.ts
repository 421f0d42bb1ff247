/**
 * `variables:` and `${name}` substitution.
 *
 * Rules:
 * - `variables:` is a map of names to scalars; values become strings
 *   (`min: 100` → `"100"`). A name given without a value (`region:`) must be
 *   set with `--var` before it is used.
 * - Overrides (`--var name=value`, the library's `variables` option) win over
 *   the file and may add names the file does not declare.
 * - `${name}` is replaced in every string value of `settings`, `pipeline` and
 *   `modules` (not in map keys, not inside `variables:` itself). Names are
 *   letters, digits and `_`. `$${` writes a literal `${`.
 * - The result is always a string, even when the whole value is `${name}`
 *   and the variable looks like a number: `n: ${limit}` gives `"100"`. Where a
 *   param or setting wants a number or boolean, a string produced this way is
 *   accepted when it reads as one (`100`, `2.5`, `true`), and operations
 *   coerce it when they run.
 * - An unknown name is an error at the string that uses it.
 *
 * @module
 */
import { unknownNameHint } from "../did_you_mean.ts";
import { type Problems, q } from "./problems.ts";
import { formatPath } from "./source_map.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF = /\$\$\{|\$\{([^}]*)\}?/g;

/** The variables in effect: file values, then overrides. `null` = declared without a value. */
export type VariableTable = Map<string, string | null>;

/** Reads `variables:` (at `path`) and applies `overrides`. */
export function readVariables(
  raw: unknown,
  overrides: Record<string, string> | undefined,
  problems: Problems,
  path: readonly (string | number)[] = ["variables"],
): VariableTable {
  const table: VariableTable = new Map();
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== "object" || Array.isArray(raw)) {
      problems.add("`variables` must be a map of names to values", { path, hint: "write e.g.\n    variables:\n      min: 100" });
    } else {
      for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
        const at = [...path, name];
        if (!NAME.test(name)) {
          problems.add(`variable name ${q(name)} is not valid`, { path: at, at: "key", hint: "use letters, digits and _, starting with a letter or _" });
        } else if (value === null || value === undefined) {
          table.set(name, null);
        } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
          table.set(name, String(value));
        } else {
          problems.add(`variable ${q(name)} must be a string, number or boolean`, { path: at, hint: "lists and maps cannot be substituted into strings" });
        }
      }
    }
  }
  for (const [name, value] of Object.entries(overrides ?? {})) table.set(name, String(value));
  return table;
}

/** The variables as plain strings (names declared without a value are left out). */
export function variableRecord(table: VariableTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of table) if (v !== null) out[k] = v;
  return out;
}

/** What {@link substitute} needs besides the value. */
export interface SubstituteContext {
  variables: VariableTable;
  problems: Problems;
  /** Receives the formatted path of every string that was exactly one `${name}`. */
  whole: Set<string>;
  /** The step the value belongs to, for error messages. */
  step?: string;
}

function substituteString(s: string, path: (string | number)[], ctx: SubstituteContext): string {
  if (!s.includes("${")) return s;
  let whole = false;
  const out = s.replace(REF, (match: string, name: string | undefined, offset: number) => {
    if (match === "$${") return "${";
    const at = { path: [...path], step: ctx.step };
    if (!match.endsWith("}") || name === undefined || !NAME.test(name.trim())) {
      ctx.problems.add(`malformed variable reference ${q(match)} in ${q(s)}`, {
        ...at,
        hint: "write ${name} with a name of letters, digits and _; write $${ for a literal ${",
      });
      return match;
    }
    const key = name.trim();
    if (!ctx.variables.has(key)) {
      const known = [...ctx.variables.keys()];
      ctx.problems.add(`unknown variable ${q(key)}`, {
        ...at,
        hint: [unknownNameHint(key, known, "defined variables"), "define it under `variables:` or pass --var " + key + "=…"]
          .filter(Boolean).join("; "),
      });
      return match;
    }
    const value = ctx.variables.get(key);
    if (value === null || value === undefined) {
      ctx.problems.add(`variable ${q(key)} has no value`, { ...at, hint: `pass --var ${key}=… or give it a value under \`variables:\`` });
      return match;
    }
    if (offset === 0 && match.length === s.length) whole = true;
    return value;
  });
  if (whole) ctx.whole.add(formatPath(path));
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with `${name}` replaced in every string inside it.
 * `path` is where `value` sits in the document (used for errors and `whole`).
 */
export function substitute(value: unknown, path: (string | number)[], ctx: SubstituteContext): unknown {
  if (typeof value === "string") return substituteString(value, path, ctx);
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = substitute(value[i], path, ctx);
      path.pop();
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) {
      path.push(k);
      out[k] = substitute(value[k], path, ctx);
      path.pop();
    }
    return out;
  }
  return value;
}
