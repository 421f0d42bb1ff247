/**
 * `modules:` — TypeScript or JavaScript files that add operations.
 *
 * Each named export that is an object with a `run` function becomes an
 * operation named after the export:
 *
 * ```ts
 * // ops.ts, beside pipeline.yml; no import of pfw needed
 * export const double_amount = {
 *   description: "Doubles the amount column.",
 *   resourceHint: "cpu_bound",                       // default cpu_bound
 *   params: { factor: { type: "number" } },          // optional; absent = any params
 *   run: (ctx) => ctx.input.derive({ amount: (d) => d.amount * 2 }),
 * };
 * ```
 *
 * Optional fields copied when present: `description`, `resourceHint`,
 * `params`, `required`, `minInputs`, `check`, `columns`. The operation keeps
 * `source: { moduleUrl, exportName }` so worker threads can import it.
 *
 * @module
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Operation, ParamSchema } from "../operation.ts";
import type { OperationRegistry } from "../registry.ts";
import { RESOURCE_HINTS, type ResourceHint } from "../types.ts";
import { type Problems, q } from "./problems.ts";
import { describeValue, isMap } from "./scalars.ts";
import type { Path } from "./source_map.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What {@link loadModules} needs. */
export interface ModuleContext {
  problems: Problems;
  registry: OperationRegistry;
  /** Folder that module paths are relative to. */
  baseDir: string;
  signal?: AbortSignal;
}

/** `line:col` inside the module where an import error points, if its message or stack says. */
function errorLocation(e: unknown, names: string[]): string | undefined {
  const text = `${(e as Error)?.message ?? ""}\n${(e as Error)?.stack ?? ""}`;
  for (const name of names) {
    const at = text.indexOf(`${name}:`);
    if (at < 0) continue;
    const m = /^:(\d+):(\d+)/.exec(text.slice(at + name.length));
    if (m) return `${m[1]}:${m[2]}`;
  }
  return undefined;
}

/** Whether a module export is an operation: an object with a `run` function. */
export function isOperationExport(v: unknown): v is Record<string, unknown> & { run: (...a: unknown[]) => unknown } {
  return v !== null && typeof v === "object" && typeof (v as { run?: unknown }).run === "function";
}

/**
 * The operation for one module export (see the module doc), or the reason it
 * is not one. Workers that import a module themselves use this too, so both
 * sides build the same operation.
 */
export function operationFromExport(
  exportName: string,
  exp: Record<string, unknown> & { run: (...a: unknown[]) => unknown },
  moduleUrl: string,
  label = moduleUrl,
): { op: Operation } | { error: string; hint: string } {
  if (!NAME.test(exportName)) return { error: "is not a valid operation name", hint: "operation names are letters, digits and _" };
  const hint = exp.resourceHint ?? "cpu_bound";
  if (!RESOURCE_HINTS.includes(hint as ResourceHint)) {
    return { error: `has resourceHint ${describeValue(hint)}`, hint: `use one of ${RESOURCE_HINTS.join(", ")}` };
  }
  if (exp.params !== undefined && (!isMap(exp.params) || !Object.values(exp.params).every(isMap))) {
    return { error: "has `params` that is not a map of param schemas", hint: "write e.g. params: { factor: { type: \"number\" } }" };
  }
  const op: Operation = {
    name: exportName,
    description: typeof exp.description === "string" ? exp.description : `custom operation from ${label}`,
    resourceHint: hint as ResourceHint,
    params: (exp.params as Record<string, ParamSchema> | undefined) ?? {},
    run: (ctx) => exp.run(ctx) as ReturnType<Operation["run"]>,
    source: { moduleUrl, exportName },
  };
  if (exp.params === undefined) op.openParams = true;
  if (Array.isArray(exp.required)) op.required = exp.required.map(String);
  if (typeof exp.minInputs === "number") op.minInputs = exp.minInputs;
  if (typeof exp.check === "function") op.check = (p) => (exp.check as NonNullable<Operation["check"]>).call(exp, p);
  if (typeof exp.columns === "function") op.columns = (c) => (exp.columns as NonNullable<Operation["columns"]>).call(exp, c);
  return { op };
}

/**
 * Imports every module listed in `raw` (the `modules:` value, at `path`) and
 * registers its operations into `ctx.registry`. Returns the modules' absolute
 * file URLs. Problems (missing file, failed import, a name clash) are
 * recorded at the module's entry.
 */
export async function loadModules(raw: unknown, path: Path, ctx: ModuleContext): Promise<string[]> {
  if (raw === undefined || raw === null) return [];
  const entries = typeof raw === "string" ? [raw] : raw;
  if (!Array.isArray(entries)) {
    ctx.problems.add(`modules must be a list of file paths, got ${describeValue(raw)}`, { path, hint: "write e.g. modules: [ops.ts]" });
    return [];
  }
  const urls: string[] = [];
  const definedBy = new Map<string, string>();
  for (let i = 0; i < entries.length; i++) {
    ctx.signal?.throwIfAborted();
    const entry = entries[i];
    const at = { path: typeof raw === "string" ? path : [...path, i] };
    if (typeof entry !== "string" || entry.trim() === "") {
      ctx.problems.add(`each module must be a file path, got ${describeValue(entry)}`, { ...at, hint: "write e.g. modules: [ops.ts]" });
      continue;
    }
    const file = resolve(ctx.baseDir, entry);
    const found = await stat(file).then((s) => s.isFile(), () => false);
    if (!found) {
      ctx.problems.add(`module file ${q(entry)} not found (looked for ${file})`, {
        ...at,
        hint: "module paths are relative to the pipeline file's folder",
      });
      continue;
    }
    const url = pathToFileURL(file).href;
    let mod: Record<string, unknown>;
    try {
      mod = await import(url);
    } catch (e) {
      const message = (e as Error)?.message?.split("\n")[0] ?? String(e);
      const where = errorLocation(e, [url, file]);
      ctx.problems.add(`module ${q(entry)} failed to import: ${message}${where ? ` (at ${entry}:${where})` : ""}`, {
        ...at,
        hint: "fix the module (a module needs no import of pfw; its imports must resolve from its own folder)",
      });
      continue;
    }
    urls.push(url);
    let count = 0;
    for (const [exportName, exp] of Object.entries(mod)) {
      if (exportName === "default" || !isOperationExport(exp)) continue;
      count++;
      const existing = ctx.registry.get(exportName);
      if (existing?.source?.moduleUrl === url && existing.source.exportName === exportName) continue; // loaded before
      const other = definedBy.get(exportName);
      if (existing || other) {
        ctx.problems.add(`module ${q(entry)}: export ${q(exportName)} clashes with ${other ? `the export of module ${q(other)}` : existing?.source ? "an operation of another module" : "a built-in operation"}`, {
          ...at,
          hint: `rename the export; ${q(exportName)} is taken`,
        });
        continue;
      }
      const made = operationFromExport(exportName, exp, url, entry);
      if ("error" in made) {
        ctx.problems.add(`module ${q(entry)}: export ${q(exportName)} ${made.error}`, { ...at, hint: made.hint });
        continue;
      }
      ctx.registry.register(made.op);
      definedBy.set(exportName, entry);
    }
    if (count === 0) {
      ctx.problems.add(`module ${q(entry)} exports no operation`, {
        ...at,
        hint: "export objects with a run(ctx) function, e.g. export const my_op = { run: (ctx) => ctx.input }",
      });
    }
  }
  return urls;
}
