/**
 * parquetframe's older YAML dialect, translated into pfw's model so those
 * files run too:
 *
 * ```yaml
 * steps:
 *   - {name: load, type: read, input: data.csv, output: raw}
 *   - {name: big, type: filter, input: raw, query: "value > 100", output: big}
 *   - {name: agg, type: groupby, input: big, by: [category], agg: {amount: [sum, mean]}, output: summary}
 *   - {name: save, type: save, input: summary, output: out.parquet}
 * ```
 *
 * | type | becomes |
 * |---|---|
 * | read (`input` = file) | read_csv (.csv, .tsv, .txt), read_json (.json, .ndjson, .jsonl), read_arrow (.arrow, .feather, .ipc), else read_parquet; `columns`/`config.columns` kept |
 * | filter (`query`) | query {expr} |
 * | select (`columns`: list, "a, b" or {old: new}) | select {columns} |
 * | groupby (`by` or `groupby`, `agg`: {col: fn or [fn]}) | groupby_agg {by, agg} |
 * | transform | `function: name` → the operation `name` (e.g. from `modules:`) with `config` as params; `columns: {new: expr}` → derive; `transforms:` of renames → rename, of drops → drop |
 * | save (`output` = file) | to_csv, to_json, to_arrow or to_parquet by extension; `config.compression`, `config.row_group_size` kept |
 *
 * Datasets flow by name in list order: `read` defines its `output` (default
 * `data`); other steps read `input` (default `data`) and define `output`
 * (default: their input's name); a step depends on the latest earlier step
 * that defined its input. Unsupported options that would change results
 * (`config.filters`, `partition_cols`) are errors, not silently dropped;
 * options that only tuned speed (`use_threads`, `write_index`, …) are
 * ignored. Variables are written `${name}` as in pfw files; parquetframe's
 * bare `$name` form is not substituted.
 *
 * @module
 */
import { unknownNameHint } from "../did_you_mean.ts";
import { type Problems, q } from "./problems.ts";
import { checkKeys, describeValue, isMap, type ScalarContext } from "./scalars.ts";
import { type Path, SourceMap } from "./source_map.ts";

/** The legacy step types. */
export const LEGACY_TYPES = ["read", "filter", "select", "groupby", "transform", "save"] as const;
type LegacyType = typeof LEGACY_TYPES[number];

/** Top-level keys of a legacy file. */
export const LEGACY_TOP_KEYS = ["name", "description", "version", "variables", "settings", "modules", "steps"];

const COMMON = ["name", "type", "input", "output", "config", "description"];
const KEYS: Record<LegacyType, string[]> = {
  read: [...COMMON, "columns"],
  filter: [...COMMON, "query"],
  select: [...COMMON, "columns"],
  groupby: [...COMMON, "by", "groupby", "agg"],
  transform: [...COMMON, "function", "transforms", "columns"],
  save: COMMON,
};
/** Options that only tuned parquetframe's speed: accepted and ignored. */
const IGNORED_CONFIG = new Set(["use_threads", "threshold_mb", "islazy", "write_index", "coerce_timestamps"]);

/** Whether `doc` is a legacy file: a top-level `steps:` and no `pipeline:`. */
export function isLegacyDocument(doc: unknown): doc is Record<string, unknown> {
  return isMap(doc) && "steps" in doc && !("pipeline" in doc);
}

function extension(path: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(path.replace(/[?#].*$/, ""));
  return m ? m[1].toLowerCase() : "";
}

function names(v: unknown): unknown {
  return typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v;
}

/**
 * Whether a legacy-looking document is the pipeline: dialect under the legacy
 * `steps:` key (every step names an `operation`, none has a `type`): then one
 * problem says so, instead of "has no type" for each step.
 */
export function misplacedSteps(src: Record<string, unknown>, problems: Problems): boolean {
  const steps = src.steps;
  if (!Array.isArray(steps) || !steps.length || !steps.every((s) => isMap(s) && s.operation !== undefined && s.type === undefined)) return false;
  problems.add("these steps name an operation, so they belong under pipeline:, not steps: (steps: is the legacy dialect, whose steps have a type)", {
    path: ["steps"],
    at: "key",
    hint: "rename steps: to pipeline:",
  });
  return true;
}

/** The translated document (pfw's shape) and its positions. */
export interface LegacyTranslation {
  doc: Record<string, unknown>;
  map: SourceMap;
}

/**
 * Translates a legacy document. Problems that only make sense in the legacy
 * terms (an unknown type, a dataset no step defines) are recorded here, at
 * the legacy keys; everything else is checked later on the translation, whose
 * positions still point into the original file.
 */
export function translateLegacy(src: Record<string, unknown>, srcMap: SourceMap, problems: Problems): LegacyTranslation {
  const map = new SourceMap();
  const ctx: ScalarContext = { problems, whole: new Set() };
  checkKeys(src, LEGACY_TOP_KEYS, [], "the workflow", ctx);
  const doc: Record<string, unknown> = {};
  for (const key of ["settings", "variables", "modules"]) {
    if (src[key] !== undefined) {
      doc[key] = src[key];
      srcMap.copySubtree([key], [key], map);
    }
  }
  const pipeline: Record<string, unknown>[] = [];
  doc.pipeline = pipeline;
  if (!Array.isArray(src.steps)) {
    problems.add(`steps must be a list, got ${describeValue(src.steps)}`, { path: ["steps"] });
    return { doc, map };
  }
  const stepsNode = srcMap.get(["steps"]);
  if (stepsNode) map.set(["pipeline"], { ...stepsNode, origin: "steps" });
  const datasets = new Map<string, string>();
  src.steps.forEach((raw, i) => {
    const from: Path = ["steps", i];
    const k = pipeline.length;
    const to: Path = ["pipeline", k];
    const link = (a: Path, b: Path) => srcMap.copySubtree([...from, ...a], [...to, ...b], map);
    if (!isMap(raw)) {
      problems.add(`step ${i + 1} must be a map with name, type, input, output…, got ${describeValue(raw)}`, { path: from });
      return;
    }
    const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `step_${i}`;
    const before = problems.count;
    const sctx: ScalarContext = { ...ctx, step: name };
    link([], []);
    link(["type"], ["operation"]);
    const type = raw.type as LegacyType;
    // A step with a problem stays in the graph as a noop, so neither it nor
    // its dependents are reported a second time by the later checks.
    const placeholder = () => pipeline.push({ name, operation: "noop" });
    if (!LEGACY_TYPES.includes(type)) {
      problems.add(raw.type === undefined ? `step ${q(name)} has no type` : `step ${q(name)}: unknown step type ${describeValue(raw.type)}`, {
        path: raw.type === undefined ? from : [...from, "type"],
        step: name,
        hint: unknownNameHint(String(raw.type ?? ""), LEGACY_TYPES, "types"),
      });
      if (typeof raw.output === "string") datasets.set(raw.output, name);
      placeholder();
      return;
    }
    checkKeys(raw, KEYS[type], from, `step ${q(name)}`, sctx);
    const config = isMap(raw.config) ? raw.config : {};
    if (raw.config !== undefined && !isMap(raw.config)) {
      problems.add(`step ${q(name)}: config must be a map, got ${describeValue(raw.config)}`, { path: [...from, "config"], step: name });
    }
    const step: Record<string, unknown> = { name };
    const params: Record<string, unknown> = {};
    const bad = (message: string, at: Path, hint?: string) => problems.add(`step ${q(name)}: ${message}`, { path: [...from, ...at], step: name, hint });
    const refuseConfig = (allowed: string[]) => {
      for (const key of Object.keys(config)) {
        if (allowed.includes(key) || IGNORED_CONFIG.has(key)) continue;
        bad(`config.${key} is not supported`, ["config", key], key === "filters" ? "add a filter step after the read instead" : `supported here: ${allowed.join(", ") || "nothing"}`);
      }
    };
    // Inputs.
    if (type !== "read") {
      const input = raw.input ?? "data";
      const producer = typeof input === "string" ? datasets.get(input) : undefined;
      if (typeof input !== "string") bad(`input must be a dataset name, got ${describeValue(input)}`, ["input"]);
      else if (!producer) {
        bad(`dataset ${q(input)} is not the output of an earlier step`, raw.input === undefined ? [] : ["input"], unknownNameHint(input, [...datasets.keys()], "datasets so far"));
      } else {
        step.depends_on = [producer];
        link(["input"], ["depends_on", 0]);
      }
    }
    let operation: string | undefined;
    switch (type) {
      case "read": {
        refuseConfig(["columns"]);
        if (typeof raw.input !== "string" || raw.input === "") {
          bad("a read step needs `input: <file>`", raw.input === undefined ? [] : ["input"]);
          break;
        }
        const ext = extension(raw.input);
        operation = ["csv", "tsv", "txt"].includes(ext)
          ? "read_csv"
          : ["json", "ndjson", "jsonl"].includes(ext)
          ? "read_json"
          : ["arrow", "feather", "ipc"].includes(ext)
          ? "read_arrow"
          : "read_parquet";
        params.path = raw.input;
        link(["input"], ["params", "path"]);
        if (ext === "tsv") params.delimiter = "\t";
        if (operation === "read_json") params.format = ext === "json" ? "records" : "ndjson";
        const columns = raw.columns ?? config.columns;
        if (columns !== undefined) {
          params.columns = names(columns);
          link(raw.columns !== undefined ? ["columns"] : ["config", "columns"], ["params", "columns"]);
        }
        break;
      }
      case "filter":
        refuseConfig([]);
        operation = "query";
        if (raw.query === undefined) bad("a filter step needs `query:`", []);
        else {
          params.expr = raw.query;
          link(["query"], ["params", "expr"]);
        }
        break;
      case "select":
        refuseConfig([]);
        operation = "select";
        if (raw.columns === undefined) bad("a select step needs `columns:`", []);
        else {
          params.columns = names(raw.columns);
          link(["columns"], ["params", "columns"]);
        }
        break;
      case "groupby": {
        refuseConfig([]);
        operation = "groupby_agg";
        const byKey = raw.by !== undefined ? "by" : "groupby";
        if (raw[byKey] === undefined) bad("a groupby step needs `by:` (the grouping columns)", []);
        else {
          params.by = names(raw[byKey]);
          link([byKey], ["params", "by"]);
        }
        if (!isMap(raw.agg)) {
          bad(
            raw.agg === undefined ? "a groupby step needs `agg:`" : `agg must be a map {column: function or [functions]}, got ${describeValue(raw.agg)}`,
            raw.agg === undefined ? [] : ["agg"],
            "write e.g. agg: {amount: [sum, mean]}",
          );
          break;
        }
        const agg: Record<string, unknown> = {};
        for (const [col, fns] of Object.entries(raw.agg)) {
          if (typeof fns === "string" && fns.trim().startsWith("(")) {
            bad(`named aggregation ${q(col)}: ${fns} is not supported`, ["agg", col], "write {column: [function]}; outputs are named <column>_<function>");
          }
          agg[col] = typeof fns === "string" ? [fns] : fns;
        }
        params.agg = agg;
        link(["agg"], ["params", "agg"]);
        break;
      }
      case "transform": {
        if (typeof raw.function === "string") {
          operation = raw.function;
          link(["function"], ["operation"]);
          Object.assign(params, config);
          link(["config"], ["params"]);
        } else if (isMap(raw.columns)) {
          refuseConfig([]);
          operation = "derive";
          params.columns = raw.columns;
          link(["columns"], ["params", "columns"]);
        } else if (raw.transforms !== undefined) {
          refuseConfig([]);
          const list = Array.isArray(raw.transforms) ? raw.transforms : [raw.transforms];
          const renames: Record<string, unknown> = {};
          const drops: unknown[] = [];
          list.forEach((t, j) => {
            const at: Path = Array.isArray(raw.transforms) ? ["transforms", j] : ["transforms"];
            if (isMap(t) && t.operation === "rename" && typeof t.column === "string" && typeof t.to === "string") renames[t.column] = t.to;
            else if (isMap(t) && t.operation === "drop" && typeof t.column === "string") drops.push(t.column);
            else bad("each transform must be {column, operation: rename, to} or {column, operation: drop}", at);
          });
          if (Object.keys(renames).length && drops.length) {
            bad("a transform step may rename or drop columns, not both", ["transforms"], "split it into two transform steps");
          }
          operation = drops.length ? "drop" : "rename";
          params.columns = drops.length ? drops : renames;
          link(["transforms"], ["params", "columns"]);
        } else {
          bad("a transform step needs `function:`, `columns: {new: expression}` or `transforms:`", []);
        }
        break;
      }
      case "save": {
        refuseConfig(["compression", "row_group_size"]);
        if (typeof raw.output !== "string" || raw.output === "") {
          bad("a save step needs `output: <file>`", raw.output === undefined ? [] : ["output"]);
          break;
        }
        const ext = extension(raw.output);
        operation = ext === "csv" ? "to_csv" : ["json", "ndjson", "jsonl"].includes(ext) ? "to_json" : ["arrow", "feather", "ipc"].includes(ext) ? "to_arrow" : "to_parquet";
        params.path = raw.output;
        link(["output"], ["params", "path"]);
        if (operation === "to_json") params.format = ext === "json" ? "records" : "ndjson";
        if (operation === "to_parquet") {
          for (const key of ["compression", "row_group_size"]) {
            if (config[key] !== undefined) {
              params[key] = config[key];
              link(["config", key], ["params", key]);
            }
          }
        }
        break;
      }
    }
    // Outputs.
    if (type !== "save") {
      const output = raw.output ?? (type === "read" ? "data" : raw.input ?? "data");
      if (typeof output === "string") datasets.set(output, name);
      else bad(`output must be a dataset name, got ${describeValue(output)}`, ["output"]);
    }
    if (operation === undefined || problems.count > before) {
      pipeline.push({ ...step, operation: "noop" });
      return;
    }
    step.operation = operation;
    step.params = params;
    pipeline.push(step);
  });
  return { doc, map };
}
