/**
 * Process-wide defaults for runs: {@link setConfig} and the `PFW_*`
 * environment variables. A pipeline's own `settings:` (and CLI flags) win
 * over these; values given to {@link setConfig} win over the environment.
 *
 * | setConfig key      | environment variable     | YAML setting            |
 * |--------------------|--------------------------|-------------------------|
 * | maxParallel        | PFW_MAX_PARALLEL         | max_parallel            |
 * | cpuThreads         | PFW_CPU_THREADS          | cpu_threads             |
 * | ioThreads          | PFW_IO_THREADS           | io_threads              |
 * | retryMaxAttempts   | PFW_RETRY_MAX_ATTEMPTS   | retry_policy.max_attempts |
 *
 * `PFW_DB` names the run store file (default `.pfw/pfw.db` beside the pipeline).
 *
 * @module
 */
import process from "node:process";
import type { Settings } from "../types.ts";
import { UsageError } from "../errors.ts";
import { DEFAULT_RETRY } from "../spec/retry.ts";

/** Run defaults that {@link setConfig} accepts. */
export interface Config {
  /** The most steps running at once. */
  maxParallel?: number;
  /** Worker threads for cpu_bound and memory_bound steps. */
  cpuThreads?: number;
  /** Concurrent io_bound and network_bound steps. */
  ioThreads?: number;
  /** Tries per step, the first included. */
  retryMaxAttempts?: number;
}

const KEYS: Record<keyof Config, string> = {
  maxParallel: "PFW_MAX_PARALLEL",
  cpuThreads: "PFW_CPU_THREADS",
  ioThreads: "PFW_IO_THREADS",
  retryMaxAttempts: "PFW_RETRY_MAX_ATTEMPTS",
};

let explicit: Config = {};

/**
 * Sets defaults for every later run in this process (merged into earlier calls;
 * pass `undefined` for a key to drop it).
 *
 * @example
 * ```ts
 * import { setConfig } from "./mod.ts";
 * setConfig({ maxParallel: 8, cpuThreads: 2, ioThreads: 4, retryMaxAttempts: 3 });
 * ```
 * @throws {RangeError} when a value is not a positive integer.
 * @throws {TypeError} when a key is unknown.
 */
export function setConfig(config: Config): void {
  const next: Config = { ...explicit };
  for (const [key, value] of Object.entries(config)) {
    if (!(key in KEYS)) {
      throw new TypeError(`Cannot set config "${key}": known keys are ${Object.keys(KEYS).join(", ")}`);
    }
    if (value === undefined) {
      delete next[key as keyof Config];
      continue;
    }
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Cannot set config ${key} to ${value}: it must be a positive integer`);
    }
    next[key as keyof Config] = value;
  }
  explicit = next;
}

/** Forgets everything given to {@link setConfig} (for tests). */
export function resetConfig(): void {
  explicit = {};
}

/**
 * The effective defaults: setConfig values over `PFW_*` variables.
 * @throws {UsageError} when a PFW_* variable is not a positive integer.
 */
export function getConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Config = {};
  for (const [key, name] of Object.entries(KEYS) as [keyof Config, string][]) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== "") {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) {
        throw new UsageError(`${name}=${raw} is not a positive integer; set it to a whole number such as 4, or unset it`);
      }
      out[key] = n;
    }
    if (explicit[key] !== undefined) out[key] = explicit[key];
  }
  return out;
}

/** The effective defaults in the shape the loader takes (`LoadOptions.defaults`). */
export function configDefaults(env?: Record<string, string | undefined>): Partial<Settings> {
  const c = getConfig(env);
  const out: Partial<Settings> = {};
  if (c.maxParallel !== undefined) out.maxParallel = c.maxParallel;
  if (c.cpuThreads !== undefined) out.cpuThreads = c.cpuThreads;
  if (c.ioThreads !== undefined) out.ioThreads = c.ioThreads;
  if (c.retryMaxAttempts !== undefined) out.retry = { ...DEFAULT_RETRY, maxAttempts: c.retryMaxAttempts };
  return out;
}

/** The run store path from `PFW_DB`, if set. */
export function envDbPath(env: Record<string, string | undefined> = process.env): string | undefined {
  const v = env.PFW_DB;
  return v && v.trim() !== "" ? v : undefined;
}
