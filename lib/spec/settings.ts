/**
 * `settings:` with defaults, aliases and overrides.
 *
 * Precedence, lowest first: built-in defaults ({@link defaultSettings}),
 * library defaults (`setConfig`, `PFW_*` variables), the file's `settings:`,
 * then command-line overrides (`--engine`, `--max-parallel`).
 *
 * `engine: rust` is read as `parallel` and `engine: python` as `sequential`,
 * so the seed's files run unchanged.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import type { Settings } from "../types.ts";
import { unknownNameHint } from "../did_you_mean.ts";
import { DEFAULT_RETRY, readRetry } from "./retry.ts";
import { checkKeys, describeValue, isMap, readBoolean, readInteger, type ScalarContext } from "./scalars.ts";
import type { Path } from "./source_map.ts";

/** Keys accepted under `settings:`. */
export const SETTINGS_KEYS = [
  "engine",
  "max_parallel",
  "cpu_threads",
  "io_threads",
  "memory_slots",
  "retry_policy",
  "timeout_ms",
  "cancel_grace_ms",
  "fail_fast",
] as const;

/** Engine names accepted in YAML and what they mean. */
export const ENGINE_NAMES: Readonly<Record<string, Settings["engine"]>> = {
  parallel: "parallel",
  sequential: "sequential",
  rust: "parallel",
  python: "sequential",
};

/** The machine's core count (at least 1). */
export function coreCount(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === "number" && n > 0 ? n : Math.max(1, availableParallelism());
}

/** Built-in defaults: parallel, max_parallel 8, cpu_threads = cores, io_threads 4, memory_slots 1, no retry, no timeout. */
export function defaultSettings(): Settings {
  return {
    engine: "parallel",
    maxParallel: 8,
    cpuThreads: coreCount(),
    autoWorkers: true,
    ioThreads: 4,
    memorySlots: 1,
    retry: DEFAULT_RETRY,
    timeoutMs: undefined,
    cancelGraceMs: 2000,
    failFast: false,
  };
}

function defined<T extends object>(o: Partial<T> | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Sources of {@link readSettings} besides the file. */
export interface SettingsLayers {
  /** Library defaults; lose to the file. */
  defaults?: Partial<Settings>;
  /** Command-line overrides; win over the file. */
  overrides?: Partial<Settings>;
}

/** Reads `settings:` (at `path`) between `layers.defaults` and `layers.overrides`. */
export function readSettings(raw: unknown, layers: SettingsLayers, ctx: ScalarContext, path: Path = ["settings"]): Settings {
  const s: Settings = { ...defaultSettings(), ...defined(layers.defaults) };
  if (layers.defaults?.cpuThreads !== undefined) s.autoWorkers = false;
  if (raw !== undefined && raw !== null) {
    if (!isMap(raw)) {
      ctx.problems.add(`settings must be a map, got ${describeValue(raw)}`, { path, hint: "write e.g.\n    settings:\n      max_parallel: 8" });
    } else {
      checkKeys(raw, SETTINGS_KEYS, path, "settings", ctx);
      const at = (k: string) => [...path, k];
      if (raw.engine !== undefined) {
        const engine = typeof raw.engine === "string" ? ENGINE_NAMES[raw.engine] : undefined;
        if (engine) s.engine = engine;
        else {
          ctx.problems.add(`engine must be parallel or sequential, got ${describeValue(raw.engine)}`, {
            path: at("engine"),
            hint: unknownNameHint(String(raw.engine), Object.keys(ENGINE_NAMES), "accepted"),
          });
        }
      }
      const int = (key: string, field: "maxParallel" | "cpuThreads" | "ioThreads" | "memorySlots" | "cancelGraceMs", min = 1) => {
        if (raw[key] === undefined) return;
        const n = readInteger(raw[key], at(key), { name: key, min }, ctx);
        if (n !== undefined) s[field] = n;
      };
      int("max_parallel", "maxParallel");
      int("cpu_threads", "cpuThreads");
      if (raw.cpu_threads !== undefined) s.autoWorkers = false;
      int("io_threads", "ioThreads");
      int("memory_slots", "memorySlots");
      int("cancel_grace_ms", "cancelGraceMs", 0);
      if (raw.timeout_ms !== undefined && raw.timeout_ms !== null) {
        const n = readInteger(raw.timeout_ms, at("timeout_ms"), { name: "timeout_ms" }, ctx);
        if (n !== undefined) s.timeoutMs = n;
      }
      if (raw.fail_fast !== undefined) {
        const b = readBoolean(raw.fail_fast, at("fail_fast"), "fail_fast", ctx);
        if (b !== undefined) s.failFast = b;
      }
      s.retry = readRetry(raw.retry_policy, at("retry_policy"), s.retry, ctx, "retry_policy");
    }
  }
  const out = { ...s, ...defined(layers.overrides) };
  if (layers.overrides?.cpuThreads !== undefined) out.autoWorkers = false;
  return out;
}
