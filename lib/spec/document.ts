/**
 * From a parsed document (plain values plus positions) to a checked
 * {@link PipelineSpec}: top-level keys, variables, settings, modules, steps,
 * the graph and the columns — every problem collected, then thrown together.
 *
 * @module
 */
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, Settings } from "../types.ts";
import { checkColumns } from "./columns.ts";
import { checkGraph } from "./graph_check.ts";
import { isLegacyDocument, misplacedSteps, translateLegacy } from "./legacy.ts";
import { loadModules } from "./modules.ts";
import type { Problems } from "./problems.ts";
import { checkKeys, describeValue, isMap, type ScalarContext } from "./scalars.ts";
import { readSettings } from "./settings.ts";
import { readStep, type StepContext, type StepDraft, toStepSpec } from "./steps.ts";
import { readVariables, substitute, type SubstituteContext, variableRecord } from "./variables.ts";

/** Top-level keys of a pipeline file. `name` and `description` are free text for people. */
export const TOP_KEYS = ["settings", "pipeline", "variables", "modules", "name", "description"] as const;

/** The options {@link specFromDocument} uses (see `LoadOptions` in load.ts). */
export interface DocumentOptions {
  registry: OperationRegistry;
  variables?: Record<string, string>;
  settings?: Partial<Settings>;
  defaults?: Partial<Settings>;
  checkColumns?: boolean;
  signal?: AbortSignal;
  file?: string;
  baseDir: string;
}

/**
 * Checks `value` (a whole pipeline document) and builds its spec.
 * @throws {SpecErrorList} listing every problem, when there is any.
 */
export async function specFromDocument(value: unknown, problems: Problems, options: DocumentOptions): Promise<PipelineSpec> {
  options.signal?.throwIfAborted();
  if (!isMap(value)) {
    problems.add(
      value === null || value === undefined ? "the pipeline file is empty" : `a pipeline must be a map with settings and pipeline, got ${describeValue(value)}`,
      { pos: { line: 1, col: 1 }, hint: "start with\n    pipeline:\n      - name: load\n        operation: read_csv\n        params: {path: data.csv}" },
    );
    problems.throwIfAny();
  }
  let doc = value as Record<string, unknown>;
  if (isLegacyDocument(doc)) {
    if (misplacedSteps(doc, problems)) problems.throwIfAny();
    const translated = translateLegacy(doc, problems.map, problems);
    doc = translated.doc;
    problems.map = translated.map;
  } else {
    checkKeys(doc, TOP_KEYS, [], "the pipeline file", { problems, whole: new Set() });
    for (const key of ["name", "description"] as const) {
      if (doc[key] !== undefined && typeof doc[key] !== "string") problems.add(`${key} must be text, got ${describeValue(doc[key])}`, { path: [key] });
    }
  }

  const variables = readVariables(doc.variables, options.variables, problems);
  const whole = new Set<string>();
  const sub: SubstituteContext = { variables, problems, whole };
  const settingsRaw = substitute(doc.settings, ["settings"], sub);
  const modulesRaw = substitute(doc.modules, ["modules"], sub);
  const scalars: ScalarContext = { problems, whole };
  const settings = readSettings(settingsRaw, { defaults: options.defaults, overrides: options.settings }, scalars);
  const beforeModules = problems.count;
  const modules = await loadModules(modulesRaw, ["modules"], { problems, registry: options.registry, baseDir: options.baseDir, signal: options.signal });

  const drafts: StepDraft[] = [];
  const pipeline = doc.pipeline;
  if (pipeline === undefined || pipeline === null) {
    problems.add("the pipeline has no `pipeline:` list of steps", {
      ...(pipeline === null ? { path: ["pipeline"] } : { pos: { line: 1, col: 1 } }),
      hint: "add\n    pipeline:\n      - name: load\n        operation: read_csv\n        params: {path: data.csv}",
    });
  } else if (!Array.isArray(pipeline)) {
    problems.add(`pipeline must be a list of steps, got ${describeValue(pipeline)}`, { path: ["pipeline"], hint: "each step starts with `- name: …`" });
  } else if (pipeline.length === 0) {
    problems.add("the pipeline has no steps", { path: ["pipeline"], hint: "add at least one step under pipeline:" });
  } else {
    const stepCtx: StepContext = { problems, whole, registry: options.registry, settings, modulesFailed: problems.count > beforeModules };
    const path: (string | number)[] = ["pipeline", 0];
    for (let i = 0; i < pipeline.length; i++) {
      path[1] = i;
      const before = problems.count;
      const raw = substitute(pipeline[i], path, { ...sub, step: isMap(pipeline[i]) ? String(pipeline[i].name ?? "") || undefined : undefined });
      const substituted = problems.count === before;
      const draft = readStep(raw, i, ["pipeline", i], stepCtx);
      // A param still holding an unresolved ${name} would only cause confusing column errors.
      if (!substituted) draft.paramsOk = draft.columnsSafe = false;
      drafts.push(draft);
    }
  }

  const graph = checkGraph(
    drafts.map((d) => ({ name: d.name, namePath: [...d.path, "name"], deps: d.deps })),
    problems,
  );
  if (options.checkColumns !== false && drafts.length > 0) {
    await checkColumns(drafts, graph.order, graph.depIndex, { problems, baseDir: options.baseDir, signal: options.signal });
  }
  problems.throwIfAny();

  return {
    ...(options.file !== undefined ? { file: options.file } : {}),
    baseDir: options.baseDir,
    settings,
    steps: drafts.map((d) => {
      const node = problems.map.size > 0 ? problems.map.get(d.path) : undefined;
      return toStepSpec(d, node ? { line: node.pos.line, col: node.pos.col } : undefined);
    }),
    variables: variableRecord(variables),
    modules,
  };
}
