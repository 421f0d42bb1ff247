/**
 * What the reader and writer operations (ops/read_*.ts, ops/to_*.ts) share:
 * resolving `path`, reading every input and concatenating, writing an output
 * atomically, and the `path` param's schema.
 *
 * @module
 */
import { statSync } from "node:fs";
import { DataError } from "../errors.ts";
import type { OpContext, ParamSchema } from "../operation.ts";
import type { Table } from "../types.ts";
import { writeAtomic, type WriteBytes } from "./atomic_write.ts";
import { concatTables, type NamedTable } from "./concat_tables.ts";
import { resolveInputs, resolveOutput } from "./input_paths.ts";
import { dataOf, fetchBytes, isUrl, readFileBytes } from "./read_bytes.ts";

/** The `path` param of readers. */
export const READ_PATH: ParamSchema = {
  type: "string",
  description: "A file, a glob like data/*.csv (files concatenated in sorted order), or an http(s) URL; relative to the pipeline file.",
};

/** The `path` param of writers. */
export const WRITE_PATH: ParamSchema = {
  type: "string",
  description: "The file to write, relative to the pipeline file; parent folders are created; written to a temporary name, then renamed.",
};

/** An optional list-of-strings param, or undefined. @throws {DataError} when it is not a list of strings. */
export function stringsParam(params: Record<string, unknown>, name: string): string[] | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new DataError(`${name} must be a list of strings`);
  return v as string[];
}

/** Inputs smaller than this are read on the main thread (see {@link worthOffloading}). */
export const OFFLOAD_MIN_BYTES = 1 << 20;

/**
 * A reader's `offload`: whether the step's inputs are big enough to be worth
 * a worker (1 MiB or more in all, or a URL: its size is unknown). Inputs
 * that can't be listed count as big; the step reports the problem when it runs.
 */
export function worthOffloading(params: Record<string, unknown>, baseDir: string): boolean {
  let total = 0;
  try {
    for (const path of stepInputs({ params, baseDir })) {
      if (isUrl(path)) return true;
      total += statSync(path).size;
      if (total >= OFFLOAD_MIN_BYTES) return true;
    }
  } catch {
    return true;
  }
  return false;
}

/** The inputs the step's `path` names. */
export function stepInputs(ctx: Pick<OpContext, "params" | "baseDir">): string[] {
  return resolveInputs(String(ctx.params.path ?? ""), ctx.baseDir);
}

/**
 * Reads every input whole and parses it with `parse`, then concatenates the
 * tables (a glob's files in sorted order). Progress counts inputs.
 */
export async function readEachInput(ctx: OpContext, parse: (bytes: Uint8Array, file: string) => Table | Promise<Table>): Promise<Table> {
  const paths = stepInputs(ctx);
  const parts: NamedTable[] = [];
  for (let i = 0; i < paths.length; i++) {
    ctx.signal.throwIfAborted();
    const file = paths[i];
    const input = isUrl(file) ? await fetchBytes(file, { signal: ctx.signal }) : readFileBytes(file);
    parts.push({ file, table: await parse(dataOf(input), file) });
    ctx.progress((i + 1) / paths.length);
  }
  return concatTables(parts);
}

/** Writes the step's input to its `path` through `produce`, atomically; returns the input (so rows are reported). */
export async function writeStepOutput(ctx: OpContext, produce: (table: Table, write: WriteBytes) => void | Promise<void>): Promise<Table> {
  const table = ctx.input;
  if (!table) throw new DataError(`step "${ctx.step}" needs an input table to write: add the step that makes it to depends_on`);
  const path = resolveOutput(String(ctx.params.path ?? ""), ctx.baseDir);
  await writeAtomic(path, (write) => produce(table, write), { signal: ctx.signal });
  ctx.progress(1);
  return table;
}
