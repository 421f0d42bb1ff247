/**
 * Attempts on the main thread: io_bound and network_bound steps, and
 * operations a worker can't load. A synchronous result is handled at once,
 * without a Promise; steps without a timeout share the run's signal.
 *
 * @module
 */
import type { OpOutput } from "../operation.ts";
import type { Table } from "../types.ts";
import { CancelledError } from "../errors.ts";
import type { AttemptHost } from "./attempt_host.ts";
import { toTable } from "./output.ts";
import { type ContextHost, StepContext } from "./step_context.ts";

/** Runs main-thread attempts for one run. */
export class LocalSteps implements ContextHost {
  readonly #host: AttemptHost;
  readonly #runSignal: AbortSignal;

  /** `runSignal` aborts when the run is cancelled. */
  constructor(host: AttemptHost, runSignal: AbortSignal) {
    this.#host = host;
    this.#runSignal = runSignal;
  }

  /** Starts attempt `attempt` (generation `gen`) of step `id`; its slot is already taken. */
  start(id: number, gen: number, attempt: number): void {
    const host = this.#host, s = host.state;
    let signal = this.#runSignal;
    if (s.timeout[id] >= 0) {
      const ctl = new AbortController();
      s.ctrls[id] = ctl;
      signal = ctl.signal;
      host.armTimeout(id, gen);
    }
    if (!s.store.any || this.#inputsOnMain(id)) return this.#invoke(id, gen, attempt, signal);
    const g = s.g;
    const waits: Promise<unknown>[] = [];
    for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) waits.push(s.store.toMain(g.deps[k]));
    Promise.all(waits).then(() => {
      if (!host.isCurrent(id, gen)) return;
      if (host.cancelled) return host.attemptFailed(id, gen, new CancelledError(host.cancelMessage));
      this.#invoke(id, gen, attempt, signal);
    }, () => host.inputLost(id, gen));
  }

  #inputsOnMain(id: number): boolean {
    const s = this.#host.state, g = s.g;
    for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) if (!s.store.onMain(g.deps[k])) return false;
    return true;
  }

  #invoke(id: number, gen: number, attempt: number, signal: AbortSignal): void {
    const s = this.#host.state;
    const step = s.steps[id];
    const p = s.primary[id];
    const input = p < 0 || !s.store.any ? undefined : s.store.mainTable(s.dep(id, p));
    const ctx = new StepContext(this, id, step.name, step.params, input, signal, attempt, s.baseDir, s.columnsUsed[id], s.rowsUsed[id]);
    let out: OpOutput | Promise<OpOutput>;
    try {
      out = s.ops[id].run(ctx);
    } catch (e) {
      return this.#host.attemptFailed(id, gen, e);
    }
    if (out !== null && typeof out === "object" && typeof (out as Promise<OpOutput>).then === "function") {
      (out as Promise<OpOutput>).then((v) => this.#done(id, gen, v), (e) => this.#host.attemptFailed(id, gen, e));
    } else {
      this.#done(id, gen, out as OpOutput);
    }
  }

  #done(id: number, gen: number, value: OpOutput): void {
    const host = this.#host, s = host.state;
    if (!host.isCurrent(id, gen)) return;
    let table: Table | undefined;
    if (value !== undefined) {
      try {
        table = toTable(value, s.steps[id].name);
      } catch (e) {
        return host.attemptFailed(id, gen, e);
      }
    }
    host.endAttempt(id);
    s.store.setMain(id, table, s.uses[id] > 0 || s.keep || s.recomputing[id] === 1);
    host.succeeded(id, table ? table.numRows() : NaN);
  }

  /** Every input table of step `id` (for `ctx.inputs`). */
  inputsOf(id: number): Record<string, Table> {
    const s = this.#host.state, g = s.g;
    const out: Record<string, Table> = {};
    for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) {
      const d = g.deps[k];
      const t = s.store.mainTable(d);
      if (t !== undefined) out[g.names[d]] = t;
    }
    return out;
  }

  /** `ctx.progress(f)`; ignored once the attempt is over. */
  reportProgress(id: number, attempt: number, fraction: number): void {
    const host = this.#host;
    if (host.events && host.state.attempts[id] === attempt && host.isCurrent(id, host.state.gen[id])) {
      host.events.progress(id, attempt, fraction);
    }
  }

  /** `ctx.log(message)`. */
  reportLog(id: number, message: string): void {
    this.#host.log(id, message);
  }
}
