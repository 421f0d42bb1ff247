import assert from "node:assert/strict";
import { Problems } from "./problems.ts";
import { DEFAULT_BACKOFF, readRetry } from "./retry.ts";
import { coreCount, defaultSettings, readSettings } from "./settings.ts";
import type { ScalarContext } from "./scalars.ts";
import type { RetryPolicy } from "../types.ts";

function ctx(): ScalarContext {
  return { problems: new Problems("p.yml"), whole: new Set() };
}

Deno.test("settings defaults: parallel, 8, cores, 4 io, 1 memory slot, no retry, 2000 ms grace", () => {
  const c = ctx();
  const s = readSettings(undefined, {}, c);
  assert.deepEqual(s, {
    engine: "parallel",
    maxParallel: 8,
    cpuThreads: coreCount(),
    autoWorkers: true,
    ioThreads: 4,
    memorySlots: 1,
    retry: { maxAttempts: 1, backoff: DEFAULT_BACKOFF },
    timeoutMs: undefined,
    cancelGraceMs: 2000,
    failFast: false,
  });
  assert.deepEqual(defaultSettings(), s);
  assert.equal(c.problems.count, 0);
});

Deno.test("cpu_threads set anywhere (file, library defaults, command line) turns off automatic worker sizing", () => {
  assert.equal(readSettings({ cpu_threads: 2 }, {}, ctx()).autoWorkers, false);
  assert.equal(readSettings({ cpu_threads: 2 }, {}, ctx()).cpuThreads, 2);
  assert.equal(readSettings({}, { defaults: { cpuThreads: 3 } }, ctx()).autoWorkers, false);
  assert.equal(readSettings({}, { overrides: { cpuThreads: 1 } }, ctx()).autoWorkers, false);
  assert.equal(readSettings({ max_parallel: 2 }, {}, ctx()).autoWorkers, true);
});

Deno.test("engine rust means parallel and python means sequential", () => {
  assert.equal(readSettings({ engine: "rust" }, {}, ctx()).engine, "parallel");
  assert.equal(readSettings({ engine: "python" }, {}, ctx()).engine, "sequential");
  const c = ctx();
  readSettings({ engine: "paralel" }, {}, c);
  assert.match(c.problems.errors[0].message, /engine must be parallel or sequential, got "paralel"/);
  assert.match(c.problems.errors[0].hint!, /did you mean "parallel"\?/);
});

Deno.test("library defaults lose to the file; command-line overrides win over it", () => {
  const s = readSettings(
    { max_parallel: 3, io_threads: 7 },
    { defaults: { maxParallel: 16, cpuThreads: 5, ioThreads: 9 }, overrides: { maxParallel: 1, engine: "sequential" } },
    ctx(),
  );
  assert.equal(s.maxParallel, 1);
  assert.equal(s.engine, "sequential");
  assert.equal(s.cpuThreads, 5);
  assert.equal(s.ioThreads, 7);
});

Deno.test("all settings are read, with retry policies as lists or curves", () => {
  const c = ctx();
  const s = readSettings({
    engine: "sequential",
    max_parallel: 2,
    cpu_threads: 3,
    io_threads: 5,
    memory_slots: 2,
    retry_policy: { max_attempts: 4, backoff_ms: { initial_ms: 50, multiplier: 3, max_ms: 1000, jitter: true } },
    timeout_ms: 60000,
    cancel_grace_ms: 0,
    fail_fast: true,
  }, {}, c);
  assert.equal(c.problems.count, 0);
  assert.deepEqual(s, {
    engine: "sequential",
    maxParallel: 2,
    cpuThreads: 3,
    autoWorkers: false,
    ioThreads: 5,
    memorySlots: 2,
    retry: { maxAttempts: 4, backoff: { kind: "exponential", initialMs: 50, multiplier: 3, maxMs: 1000, jitter: true } },
    timeoutMs: 60000,
    cancelGraceMs: 0,
    failFast: true,
  });
});

Deno.test("bad settings are each reported: unknown keys, non-positive integers, wrong types", () => {
  const c = ctx();
  readSettings({ max_paralel: 2, cpu_threads: 0, io_threads: 1.5, timeout_ms: "soon", fail_fast: "yes", retry_policy: { max_attempts: 0, backoff_ms: [] } }, {}, c);
  assert.deepEqual(c.problems.errors.map((e) => e.message), [
    'unknown key "max_paralel" in settings',
    "cpu_threads must be a positive integer, got 0",
    "io_threads must be a positive integer, got 1.5",
    'timeout_ms must be a positive integer, got "soon"',
    'fail_fast must be true or false, got "yes"',
    "max_attempts must be a positive integer, got 0",
    "backoff_ms must not be an empty list",
  ]);
  assert.match(c.problems.errors[0].hint!, /did you mean "max_parallel"\?/);
});

Deno.test("numbers from a whole ${variable} are accepted in settings", () => {
  const c: ScalarContext = { problems: new Problems(undefined), whole: new Set(["settings.max_parallel", "settings.fail_fast"]) };
  const s = readSettings({ max_parallel: "3", fail_fast: "true", io_threads: "2" }, {}, c);
  assert.equal(s.maxParallel, 3);
  assert.equal(s.failFast, true);
  assert.deepEqual(c.problems.errors.map((e) => e.message), ['io_threads must be a positive integer, got "2"']);
});

Deno.test("a step's retry overrides field by field", () => {
  const base: RetryPolicy = { maxAttempts: 3, backoff: { kind: "list", ms: [100, 500] } };
  assert.deepEqual(readRetry({ max_attempts: 5 }, ["r"], base, ctx()), { maxAttempts: 5, backoff: { kind: "list", ms: [100, 500] } });
  assert.deepEqual(readRetry({ backoff_ms: 250 }, ["r"], base, ctx()), { maxAttempts: 3, backoff: { kind: "list", ms: [250] } });
  assert.deepEqual(readRetry({ backoff_ms: { initial_ms: 10 } }, ["r"], base, ctx()), {
    maxAttempts: 3,
    backoff: { kind: "exponential", initialMs: 10, multiplier: 2, maxMs: 30000, jitter: false },
  });
  assert.equal(readRetry(undefined, ["r"], base, ctx()), base);
  const c = ctx();
  assert.deepEqual(readRetry({ backoff_ms: { initial_ms: 500, max_ms: 100, jiter: true } }, ["r"], base, c), base);
  assert.deepEqual(c.problems.errors.map((e) => e.message), ['unknown key "jiter" in backoff_ms', "max_ms (100) is less than initial_ms (500)"]);
});
