/**
 * The public entry of the spec loader: a pipeline file (or YAML text, or a
 * document built in code) in, a checked {@link PipelineSpec} out — or one
 * {@link SpecErrorList} listing every problem with file:line:col and a hint.
 *
 * ```ts
 * const spec = await loadPipeline("pipeline.yml", { registry: createDefaultRegistry() });
 * ```
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { cwd } from "node:process";
import { SpecError, SpecErrorList } from "../errors.ts";
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, Settings } from "../types.ts";
import { specFromDocument } from "./document.ts";
import { Problems } from "./problems.ts";
import { parseYamlSource } from "./yaml_source.ts";

/** Options of {@link loadPipeline}, {@link parsePipeline} and {@link buildPipeline}. */
export interface LoadOptions {
  /** Operations by name. Operations from `modules:` are registered into it: pass a fresh or cloned registry. */
  registry: OperationRegistry;
  /** `--var` overrides; win over the file's `variables:`. */
  variables?: Record<string, string>;
  /** Command-line overrides (`--engine`, `--max-parallel`); win over the file. */
  settings?: Partial<Settings>;
  /** Library defaults (`setConfig`, `PFW_*` variables); lose to the file. */
  defaults?: Partial<Settings>;
  /** Run the column checks (reads CSV headers and Parquet schemas). Default true. */
  checkColumns?: boolean;
  /** Cancels loading (module imports and column checks stop at the next step). */
  signal?: AbortSignal;
}

/**
 * The shape of a pipeline document, as in YAML (snake_case keys), for
 * pipelines built in code.
 */
export interface PipelineDocument {
  settings?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  modules?: string[];
  pipeline: Record<string, unknown>[];
}

function unreadable(file: string, e: unknown): SpecErrorList {
  const code = (e as { code?: string })?.code;
  const reason = code === "ENOENT"
    ? "no such file"
    : code === "EISDIR"
    ? "it is a folder"
    : code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : (e as Error)?.message ?? String(e);
  const hint = code === "ENOENT"
    ? `check the path (relative paths start from ${cwd()})`
    : code === "EISDIR"
    ? "name the pipeline's .yml file inside the folder"
    : "check the file's permissions";
  return new SpecErrorList([new SpecError(`cannot read the pipeline file: ${reason}`, { file, hint })]);
}

/**
 * Reads and checks a pipeline file. Relative paths inside it resolve against
 * its folder (`PipelineSpec.baseDir`).
 * @throws {SpecErrorList} every problem found, or the file being unreadable.
 */
export async function loadPipeline(file: string, options: LoadOptions): Promise<PipelineSpec> {
  const absolute = resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, { encoding: "utf8", signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw unreadable(file, e);
  }
  const spec = await parsePipeline(text, { ...options, file, baseDir: dirname(absolute) });
  spec.file = absolute;
  return spec;
}

/**
 * Checks pipeline YAML given as text. `file` names it in errors;
 * `baseDir` is where its relative paths start.
 * @throws {SpecErrorList} every problem found.
 */
export async function parsePipeline(text: string, options: LoadOptions & { file?: string; baseDir: string }): Promise<PipelineSpec> {
  const problems = new Problems(options.file);
  const source = parseYamlSource(text.replace(/^\uFEFF/, ""), problems);
  if (!source) {
    problems.throwIfAny();
    throw new Error("unreachable: YAML parse failed without a problem");
  }
  problems.map = source.map;
  return await specFromDocument(source.value, problems, { ...options, baseDir: resolve(options.baseDir) });
}

/**
 * Checks a pipeline built in code (the YAML's shape, snake_case keys). Same
 * checks as for a file; errors carry paths (`pipeline[2].params.by`) instead
 * of lines.
 * @throws {SpecErrorList} every problem found.
 */
export async function buildPipeline(doc: PipelineDocument, options: LoadOptions & { baseDir: string }): Promise<PipelineSpec> {
  const problems = new Problems(undefined);
  return await specFromDocument(doc, problems, { ...options, file: undefined, baseDir: resolve(options.baseDir) });
}
