/**
 * Operations of known cost for bench/scheduling.ts, loaded the way users load
 * theirs (a `modules:` file; workers import it themselves). No import of pfw.
 *
 * - `spin {ms}`: busy-waits `ms` of wall-clock time (a CPU-bound step of known length).
 * - `nap {ms}`: holds its worker for `ms` with a timer (known length, no CPU used).
 * - `crunch {iterations}`: a fixed amount of arithmetic (real CPU work; its time depends on the cores free).
 *
 * @module
 */

interface Context {
  params: Record<string, unknown>;
  input?: unknown;
  signal: AbortSignal;
}

/** Busy-waits `ms` milliseconds of wall-clock time on a worker. */
export const spin = {
  description: "Busy-waits ms milliseconds (wall clock).",
  resourceHint: "cpu_bound",
  params: { ms: { type: "number", minimum: 0 } },
  run(ctx: Context): unknown {
    const end = performance.now() + Number(ctx.params.ms);
    while (performance.now() < end) { /* busy */ }
    return ctx.input;
  },
};

/** Holds a worker for `ms` milliseconds without using the CPU. */
export const nap = {
  description: "Waits ms milliseconds on a worker.",
  resourceHint: "cpu_bound",
  params: { ms: { type: "number", minimum: 0 } },
  run(ctx: Context): Promise<unknown> {
    return new Promise((resolve) => setTimeout(() => resolve(ctx.input), Number(ctx.params.ms)));
  },
};

/** A fixed amount of floating-point work: `iterations` rounds of a small recurrence. */
export function crunchWork(iterations: number): number {
  let x = 0.5;
  for (let i = 0; i < iterations; i++) x = x * 3.9999 * (1 - x) + 1e-12;
  return x;
}

/** Real CPU work of a fixed size; its wall time depends on how many cores are free. */
export const crunch = {
  description: "Does a fixed amount of arithmetic (iterations).",
  resourceHint: "cpu_bound",
  params: { iterations: { type: "number", minimum: 0 } },
  run(ctx: Context): Record<string, unknown>[] {
    return [{ x: crunchWork(Number(ctx.params.iterations)) }];
  },
};
