/**
 * Turning `FILE --var k=v` into the loader's options, shared by the commands
 * that read a pipeline (run, validate, graph).
 *
 * @module
 */
import { relative, resolve } from "node:path";
import process from "node:process";
import { UsageError } from "../errors.ts";
import { configDefaults } from "../api/config.ts";
import { loadPipeline } from "../spec/load.ts";
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, Settings } from "../types.ts";
import type { CliIO } from "./io.ts";

/**
 * `["a=1", "b=x=y"]` → `{ a: "1", b: "x=y" }`.
 * @throws {UsageError} when an item has no `=` or an empty name.
 */
export function parseVars(items: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--var needs NAME=VALUE, got "${item}"; e.g. --var min=100`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Options of {@link loadFromCli}. */
export interface CliLoadOptions {
  registry: OperationRegistry;
  vars?: readonly string[];
  overrides?: Partial<Settings>;
  checkColumns?: boolean;
  signal?: AbortSignal;
}

/** Loads and validates the pipeline `file` (relative to the CLI's working folder). */
export function loadFromCli(file: string, io: CliIO, options: CliLoadOptions): Promise<PipelineSpec> {
  // Errors name the file relative to the working folder, as the user typed it.
  const absolute = resolve(io.cwd, file);
  return loadPipeline(relative(process.cwd(), absolute) || absolute, {
    registry: options.registry,
    variables: parseVars(options.vars),
    settings: options.overrides,
    defaults: configDefaults(io.env),
    checkColumns: options.checkColumns ?? true,
    signal: options.signal,
  });
}
