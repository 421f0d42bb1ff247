/**
 * Reads one entry of `pipeline:` into a step: its keys, operation (aliases
 * resolved), resource hint, dependencies, params, retry and timeout.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import type { OperationRegistry } from "../registry.ts";
import { RESOURCE_HINTS, type ResourceHint, type RetryPolicy, type Settings, type StepSpec } from "../types.ts";
import { closest, didYouMean } from "../did_you_mean.ts";
import { checkParams } from "./param_check.ts";
import { q } from "./problems.ts";
import { readRetry } from "./retry.ts";
import { checkKeys, describeValue, isMap, readInteger, type ScalarContext, stepPrefix } from "./scalars.ts";
import type { Path } from "./source_map.ts";

/** Keys accepted in a step. */
export const STEP_KEYS = ["name", "operation", "resource_hint", "depends_on", "params", "retry", "timeout_ms"] as const;

/** A step as read, before the graph and column checks. */
export interface StepDraft {
  index: number;
  name: string;
  path: Path;
  op?: Operation;
  params: Record<string, unknown>;
  deps: { name: string; path: Path }[];
  resourceHint: ResourceHint;
  retry: RetryPolicy;
  timeoutMs?: number;
  /** True when the operation is known and its params passed every check. */
  paramsOk: boolean;
  /**
   * True when the operation is known and its params are a map with every
   * variable resolved: its column inference may run (errors it throws are
   * ignored when `paramsOk` is false, as they only echo a reported problem).
   */
  columnsSafe: boolean;
  /** Params that already have a reported problem: column checks stay quiet about them. */
  badParams: Set<string>;
}

/** What {@link readStep} needs. */
export interface StepContext extends ScalarContext {
  registry: OperationRegistry;
  settings: Settings;
  /** A module under `modules:` failed to load (its operations are missing). */
  modulesFailed?: boolean;
}

function readDeps(raw: unknown, path: Path, ctx: StepContext): { name: string; path: Path }[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === "string") return [{ name: raw, path }];
  if (!Array.isArray(raw)) {
    ctx.problems.add(`${stepPrefix(ctx)}depends_on must be a step name or a list of step names, got ${describeValue(raw)}`, {
      path,
      step: ctx.step,
      hint: "write e.g. depends_on: [load_data]",
    });
    return [];
  }
  const out: { name: string; path: Path }[] = [];
  const seen = new Set<string>();
  raw.forEach((d, i) => {
    if (typeof d !== "string" || d === "") {
      ctx.problems.add(`${stepPrefix(ctx)}each depends_on entry must be a step name, got ${describeValue(d)}`, { path: [...path, i], step: ctx.step });
    } else if (!seen.has(d)) {
      seen.add(d);
      out.push({ name: d, path: [...path, i] });
    }
  });
  return out;
}

function resolveOperation(raw: unknown, path: Path, ctx: StepContext): Operation | undefined {
  if (raw === undefined || raw === null) {
    ctx.problems.add(`step ${q(ctx.step)} has no operation`, { path: path.slice(0, -1), step: ctx.step, hint: "add e.g. operation: read_csv (`pfw ops` lists them)" });
    return undefined;
  }
  if (typeof raw !== "string") {
    ctx.problems.add(`step ${q(ctx.step)}: operation must be a name, got ${describeValue(raw)}`, { path, step: ctx.step });
    return undefined;
  }
  const op = ctx.registry.get(raw);
  if (!op) {
    const guess = closest(raw, ctx.registry.allNames());
    ctx.problems.add(`step ${q(ctx.step)}: unknown operation ${q(raw)}`, {
      path,
      step: ctx.step,
      hint: ctx.modulesFailed
        ? `${guess ? `did you mean ${q(guess)}? ` : ""}a module under \`modules:\` failed to load; if ${q(raw)} comes from it, fix that first`
        : `${guess ? `did you mean ${q(guess)}? ` : ""}\`pfw ops\` lists the operations; custom ones come from \`modules:\``,
    });
  }
  return op;
}

/** Reads pipeline entry `i` (at `path`); problems go to `ctx.problems`. */
export function readStep(raw: unknown, i: number, path: Path, base: StepContext): StepDraft {
  const fallbackName = `#${i + 1}`;
  const ctx: StepContext = { ...base, step: fallbackName };
  const draft: StepDraft = {
    index: i,
    name: fallbackName,
    path,
    params: {},
    deps: [],
    resourceHint: "cpu_bound",
    retry: ctx.settings.retry,
    timeoutMs: ctx.settings.timeoutMs,
    paramsOk: false,
    columnsSafe: false,
    badParams: new Set(),
  };
  if (!isMap(raw)) {
    ctx.problems.add(`pipeline entry ${i + 1} must be a map with name, operation, params…, got ${describeValue(raw)}`, {
      path,
      hint: "write e.g.\n    - name: load\n      operation: read_csv\n      params: {path: data.csv}",
    });
    return draft;
  }
  const at = (k: string): Path => [...path, k];
  if (typeof raw.name === "string" && raw.name.trim() !== "") draft.name = raw.name;
  else {
    ctx.problems.add(raw.name === undefined ? `pipeline entry ${i + 1} has no name` : `step name must be a non-empty string, got ${describeValue(raw.name)}`, {
      path: raw.name === undefined ? path : at("name"),
      hint: "add e.g. name: load_data (names are how depends_on refers to steps)",
    });
  }
  ctx.step = draft.name;
  checkKeys(raw, STEP_KEYS, path, `step ${q(draft.name)}`, ctx);
  const op = resolveOperation(raw.operation, at("operation"), ctx);
  draft.op = op;
  if (raw.resource_hint !== undefined) {
    if (typeof raw.resource_hint === "string" && RESOURCE_HINTS.includes(raw.resource_hint as ResourceHint)) {
      draft.resourceHint = raw.resource_hint as ResourceHint;
    } else {
      ctx.problems.add(`step ${q(draft.name)}: resource_hint must be one of ${RESOURCE_HINTS.join(", ")}, got ${describeValue(raw.resource_hint)}`, {
        path: at("resource_hint"),
        step: draft.name,
        hint: didYouMean(String(raw.resource_hint), RESOURCE_HINTS) || "cpu_bound and memory_bound run on worker threads; io_bound and network_bound on the I/O pool",
      });
    }
  } else if (op) draft.resourceHint = op.resourceHint;
  draft.deps = readDeps(raw.depends_on, at("depends_on"), ctx);
  draft.retry = readRetry(raw.retry, at("retry"), ctx.settings.retry, ctx);
  if (raw.timeout_ms === null) draft.timeoutMs = undefined; // `timeout_ms: null` lifts the settings' timeout
  else if (raw.timeout_ms !== undefined) {
    draft.timeoutMs = readInteger(raw.timeout_ms, at("timeout_ms"), { name: "timeout_ms" }, ctx) ?? draft.timeoutMs;
  }
  let paramsShapeOk = true;
  if (raw.params !== undefined && raw.params !== null) {
    if (isMap(raw.params)) draft.params = raw.params;
    else {
      paramsShapeOk = false;
      ctx.problems.add(`step ${q(draft.name)}: params must be a map, got ${describeValue(raw.params)}`, { path: at("params"), step: draft.name, hint: "write e.g. params: {path: data.csv}" });
    }
  }
  if (!op || !paramsShapeOk) return draft;
  draft.columnsSafe = true;
  draft.paramsOk = checkOpParams(op, draft, at("params"), ctx);
  return draft;
}

/** Params against the schema, `input` against the dependencies, minInputs, then the operation's own `check`. */
function checkOpParams(op: Operation, draft: StepDraft, paramsPath: Path, ctx: StepContext): boolean {
  const before = ctx.problems.count;
  const step = draft.name;
  const ok = checkParams(op, draft.params, paramsPath, { ...ctx, step, bad: draft.badParams });
  const input = draft.params.input;
  if (typeof input === "string" && !op.params.input && !draft.deps.some((d) => d.name === input)) {
    draft.badParams.add("input");
    ctx.problems.add(`step ${q(step)}: params.input names ${q(input)}, which is not in its depends_on`, {
      path: [...paramsPath, "input"],
      step,
      hint: draft.deps.length
        ? `add ${q(input)} to depends_on, or name one of ${draft.deps.map((d) => q(d.name)).join(", ")}`
        : `add depends_on: [${input}]`,
    });
  }
  const need = op.minInputs ?? 0;
  if (draft.deps.length < need) {
    ctx.problems.add(`step ${q(step)}: operation ${q(op.name)} needs at least ${need} input${need === 1 ? "" : "s"}, got ${draft.deps.length}`, {
      path: draft.deps.length ? [...draft.path, "depends_on"] : [...draft.path, "operation"],
      step,
      hint: `list the step${need === 1 ? "" : "s"} it reads from under depends_on`,
    });
  }
  if (ok && op.check) {
    let found: { param: string; message: string; hint?: string }[];
    try {
      found = op.check(draft.params) ?? [];
    } catch (e) {
      found = [{ param: "", message: `could not be checked: ${(e as Error)?.message ?? e}` }];
    }
    for (const f of found) {
      draft.badParams.add(String(parseParamPath(f.param)[0] ?? ""));
      ctx.problems.add(`step ${q(step)}: ${f.param ? `param ${q(f.param)} ` : ""}${f.message}`, {
        path: [...paramsPath, ...parseParamPath(f.param)],
        step,
        hint: f.hint,
      });
    }
  }
  return ctx.problems.count === before;
}

/** `agg.amount[0]` → `["agg", "amount", 0]`; `""` → `[]`. */
export function parseParamPath(param: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of param.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** The finished step. */
export function toStepSpec(d: StepDraft, pos: StepSpec["pos"]): StepSpec {
  const spec: StepSpec = {
    name: d.name,
    operation: d.op?.name ?? "",
    params: d.params,
    dependsOn: d.deps.map((x) => x.name),
    resourceHint: d.resourceHint,
    retry: d.retry,
  };
  if (d.timeoutMs !== undefined) spec.timeoutMs = d.timeoutMs;
  if (pos) spec.pos = pos;
  return spec;
}
