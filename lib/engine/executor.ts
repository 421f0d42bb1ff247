/**
 * The state machine of one run (see {@link runPipeline} for the behaviour).
 *
 * Step states: pending → queued → running → completed | failed | cancelled,
 * with retrying (waiting out a backoff) between attempts, skipped for steps
 * downstream of a failure, and waiting for a step whose input table was lost
 * with a worker while its producer re-runs to re-make it (lineage recompute).
 *
 * The hot path (a main-thread step whose operation returns at once) touches
 * typed arrays and allocates one context object; ready steps wait in three
 * heaps (one per pool class) and the loop starts the best one any pool has
 * room for.
 *
 * Worker slots: a worker runs one job at a time, so a step bound for a worker
 * (cpu/memory steps, and I/O steps whose operation declares `offload`, e.g.
 * the readers) starts only while fewer than `cpuThreads` worker steps run.
 * An offloaded I/O step still counts against io_threads; when nothing runs on
 * the main thread and no loaded worker is free (every worker busy, or still
 * booting at the start of a run), it runs on main instead of waiting (a read
 * started now beats a read started after a worker frees up or boots, even
 * though its table may then have to move to a worker).
 *
 * @module
 */
import type { PipelineSpec, RunResult } from "../types.ts";
import { CancelledError, TimeoutError } from "../errors.ts";
import type { AttemptHost } from "./attempt_host.ts";
import { ReadyQueue } from "./ready_queue.ts";
import { abortableSleep, backoffDelay } from "./retry.ts";
import { EventSink } from "./progress.ts";
import { LocalSteps } from "./local_steps.ts";
import { RemoteSteps } from "./remote_steps.ts";
import { buildRunResult, collectOutputs } from "./run_result.ts";
import {
  CANCELLED,
  COMPLETED,
  CPU,
  FAILED,
  IO,
  MEM,
  PENDING,
  QUEUED,
  RETRYING,
  RUNNING,
  RunState,
  SKIPPED,
  STATUS,
  WAITING,
} from "./run_state.ts";
import { type EngineHooks, newRunId, type RunOptions } from "./run.ts";

/** Longest stretch of synchronous steps before the run yields to the event loop (so cancellation and timers get a turn). */
const SLICE_MS = 40;

/** One run of one pipeline. Use through {@link runPipeline}. */
export class Executor implements AttemptHost {
  readonly state: RunState;
  readonly events?: EventSink;
  cancelled = false;
  cancelMessage = "cancelled";
  readonly #spec: PipelineSpec;
  readonly #opts: RunOptions;
  readonly #hooks: EngineHooks;
  readonly #queues: ReadyQueue[];
  readonly #local: LocalSteps;
  readonly #remote: RemoteSteps;
  readonly #waiters = new Map<number, number[]>();
  #running = 0;
  /** Operations' prepare() has been called. */
  #prepared = false;
  #ioBusy = 0;
  #cpuBusy = 0;
  #memBusy = 0;
  /** Running attempts in workers (never more than the pool's `cpuThreads` workers). */
  #workerBusy = 0;
  #done = 0;
  #stopped = false;
  #finished = false;
  #pumping = false;
  /**
   * The latest performance.now() read while the loop runs (-1 outside it). A step started right
   * after another ended reuses that reading: in Deno a read costs ~0.1-0.2 µs, more than the rest
   * of the scheduling of a no-op step.
   */
  #clock = -1;
  #yieldTimer?: ReturnType<typeof setTimeout>;
  #graceTimer?: ReturnType<typeof setTimeout>;
  /** Aborted on cancel: the signal main-thread steps without a timeout share. */
  readonly #runCtl = new AbortController();
  /** Aborted on cancel or fail_fast: interrupts backoff waits. */
  readonly #stopCtl = new AbortController();
  readonly #t0 = performance.now();
  readonly #startedAt = Date.now();
  readonly #runId: string;
  #resolve!: (result: RunResult) => void;
  #onAbort?: () => void;

  /** Compiles the pipeline; nothing runs before {@link start}. */
  constructor(spec: PipelineSpec, options: RunOptions) {
    this.#spec = spec;
    this.#opts = options;
    this.#hooks = options.hooks ?? {};
    this.#runId = options.runId ?? newRunId(this.#startedAt);
    const s = this.state = new RunState(spec, options.registry, options.keepOutputs === true);
    this.#queues = [new ReadyQueue(s.keys, 64), new ReadyQueue(s.keys, 64), new ReadyQueue(s.keys, 64)];
    if (options.onEvent) this.events = new EventSink(s.g.names, options.onEvent, this.#t0);
    this.#local = new LocalSteps(this, this.#runCtl.signal);
    this.#remote = new RemoteSteps(this);
  }

  /** Runs the pipeline; resolves when every step has ended. */
  start(): Promise<RunResult> {
    const promise = new Promise<RunResult>((resolve) => (this.#resolve = resolve));
    const s = this.state, signal = this.#opts.signal;
    if (signal?.aborted) {
      this.#cancel(signal.reason);
      return promise;
    }
    if (s.remoteCount > 0) this.#remote.usePool(this.#opts.pool);
    if (signal) {
      this.#onAbort = () => this.#cancel(signal.reason);
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    let mainWorks = false;
    for (let j = 0; j < s.n; j++) {
      const id = s.g.order[j];
      if (s.indeg[id] !== 0) continue;
      this.#enqueue(id);
      if (!s.remote[id] || s.offload[id]) mainWorks = true; // an offloaded read starts on main
    }
    if (s.remoteCount > 0) this.#remote.planWorkers(mainWorks, this.#opts.pastDurationsMs);
    // `new Worker` blocks main while a worker boots (~0.05-0.1 s each in Deno): start the first
    // steps (a first read runs on main while no worker has loaded), then the workers.
    this.#pump();
    if (s.remoteCount > 0 && !this.#finished) this.#remote.warmUp();
    return promise;
  }

  /**
   * Lets each operation of the run start its set-up (e.g. compiling wasm), the first time the
   * main thread has nothing to run: set-up work on main would slow a first read down by as much.
   */
  #prepareOperations(): void {
    this.#prepared = true;
    const seen = new Set<string>();
    for (const step of this.#spec.steps) {
      if (seen.has(step.operation)) continue;
      seen.add(step.operation);
      const op = this.#opts.registry.get(step.operation);
      if (!op?.prepare) continue;
      try {
        op.prepare();
      } catch {
        // set-up problems surface when the step itself runs
      }
    }
  }

  // --- scheduling -----------------------------------------------------------

  #enqueue(id: number): void {
    const s = this.state;
    if (this.#stopped) {
      // Only when a listener cancelled from inside an event, between a step's end and its dependents' queueing.
      if (s.recomputing[id]) this.#finishRecompute(id, this.cancelMessage);
      else if (s.status[id] !== RETRYING) this.#finalize(id, this.cancelled ? CANCELLED : SKIPPED);
      return;
    }
    s.status[id] = QUEUED;
    this.#queues[s.cls[id]].push(id);
    this.events?.emit(id, "queued", s.attempts[id]);
  }

  #pump(): void {
    if (this.#pumping || this.#finished) return;
    this.#pumping = true;
    const sliceStart = this.#clock >= 0 ? this.#clock : (this.#clock = performance.now());
    let count = 0;
    while (!this.#stopped && this.#running < this.state.maxParallel) {
      const id = this.#pick();
      if (id < 0) break;
      this.#start(id);
      if ((++count & 15) === 0 && (this.#clock = performance.now()) - sliceStart > SLICE_MS) {
        this.#yieldTimer ??= setTimeout(() => {
          this.#yieldTimer = undefined;
          this.#pump();
        }, 0);
        break;
      }
    }
    this.#pumping = false;
    this.#clock = -1;
    if (this.#done === this.state.n && this.#running === 0) this.#finish();
    else if (!this.#prepared && this.#running === this.#workerBusy) this.#prepareOperations();
  }

  /**
   * Pops the ready step with the largest key among the pools that have room; -1 if none.
   * A worker step needs a free worker too; an offloaded I/O step without one runs on main if
   * main runs nothing else, else it waits (and, at the head of its queue, holds the queue).
   */
  #pick(): number {
    const s = this.state, keys = s.keys, q = this.#queues;
    const workerFree = this.#workerBusy < this.#remote.workerCap;
    let best = -1, from = -1;
    if (this.#ioBusy < s.ioLimit) {
      const id = q[IO].peek();
      if (id >= 0 && (workerFree || !s.offload[id] || this.#running === this.#workerBusy)) best = id, from = IO;
    }
    if (this.#cpuBusy < s.cpuLimit) {
      let id = q[CPU].peek();
      if (id >= 0 && (workerFree || !s.remote[id]) && (best < 0 || keys[id] > keys[best])) best = id, from = CPU;
      if (this.#memBusy < s.memLimit) {
        id = q[MEM].peek();
        if (id >= 0 && (workerFree || !s.remote[id]) && (best < 0 || keys[id] > keys[best])) best = id, from = MEM;
      }
    }
    if (from >= 0) q[from].pop();
    return best;
  }

  #start(id: number): void {
    const s = this.state;
    if (s.store.any && !this.#inputsAvailable(id)) return this.#waitForInputs(id);
    const c = s.cls[id];
    const mainIdle = this.#running === this.#workerBusy;
    this.#running++;
    if (c === IO) this.#ioBusy++;
    else {
      this.#cpuBusy++;
      if (c === MEM) this.#memBusy++;
    }
    // #pick checked that a worker is free for a cpu/memory worker step. An offloaded I/O step runs
    // on main without a free worker, and also when main is idle and no free worker has loaded yet:
    // workers take ~0.4 s to boot, and a read started at once on main ends sooner than one queued
    // behind a booting worker, even counting the move of its table to a worker afterwards.
    const onWorker = s.remote[id] === 1 &&
      (c !== IO || (this.#workerBusy < this.#remote.workerCap && (!mainIdle || this.#remote.readyWorkerFree())));
    if (onWorker) {
      s.onWorker[id] = 1;
      this.#workerBusy++;
    }
    const attempt = ++s.attempts[id];
    const gen = ++s.gen[id];
    s.status[id] = RUNNING;
    if (s.startAt[id] === 0) s.startAt[id] = this.#clock >= 0 ? this.#clock : (this.#clock = performance.now());
    if (this.events) {
      this.events.emit(id, "running", attempt);
      if (this.cancelled) {
        // The listener cancelled the run on this very event: the attempt never starts.
        this.endAttempt(id);
        return this.#finalize(id, CANCELLED, this.cancelMessage);
      }
    }
    if (onWorker) this.#remote.start(id, gen, attempt);
    else this.#local.start(id, gen, attempt);
    // Still running: the start may have taken time (an operation's synchronous part, encoding inputs).
    if (s.status[id] === RUNNING) this.#clock = -1;
  }

  /** Whether `gen` is still the running attempt of step `id`. */
  isCurrent(id: number, gen: number): boolean {
    return this.state.gen[id] === gen && this.state.status[id] === RUNNING;
  }

  /** Starts the hard timeout of the running attempt, if the step has one. */
  armTimeout(id: number, gen: number): void {
    const ms = this.state.timeout[id];
    if (ms >= 0) this.state.timers[id] = setTimeout(() => this.#onTimeout(id, gen), ms);
  }

  /** Frees the step's slot, and its attempt's timer and controller. */
  endAttempt(id: number): void {
    const s = this.state;
    const timer = s.timers[id];
    if (timer !== undefined) {
      clearTimeout(timer);
      s.timers[id] = undefined;
    }
    s.ctrls[id] = undefined;
    s.workerOf[id] = -1;
    s.jobOf[id] = 0;
    if (s.onWorker[id]) {
      s.onWorker[id] = 0;
      this.#workerBusy--;
    }
    const c = s.cls[id];
    this.#running--;
    if (c === IO) this.#ioBusy--;
    else {
      this.#cpuBusy--;
      if (c === MEM) this.#memBusy--;
    }
  }

  #onTimeout(id: number, gen: number): void {
    const s = this.state;
    if (!this.isCurrent(id, gen)) return;
    s.timers[id] = undefined;
    const error = new TimeoutError(s.g.names[id], s.timeout[id]);
    // A posted worker job fails through its pool (the worker is terminated and replaced).
    if (s.onWorker[id] && this.#remote.stop(id, error, true)) return;
    s.ctrls[id]?.abort(error);
    this.attemptFailed(id, gen, error);
  }

  /** `ctx.log` of a step, from main or a worker. */
  log(id: number, message: string): void {
    const onLog = this.#opts.onLog;
    if (!onLog) return;
    try {
      onLog(this.state.g.names[id], message);
    } catch { /* a listener's bug must not break the run */ }
  }

  // --- outcomes -------------------------------------------------------------

  /** The running attempt of step `id` succeeded (slot freed, output recorded). */
  succeeded(id: number, rows: number): void {
    const s = this.state, g = s.g;
    s.rows[id] = rows;
    if (s.recomputing[id]) {
      this.#finishRecompute(id, undefined);
      return this.#pump();
    }
    s.status[id] = COMPLETED;
    this.#done++;
    s.endAt[id] = this.#clock = performance.now();
    this.events?.emit(id, "completed", s.attempts[id], { rows });
    this.#releaseInputs(id);
    if (s.uses[id] === 0) this.#maybeFree(id);
    for (let k = g.succStart[id]; k < g.succStart[id + 1]; k++) {
      const x = g.succs[k];
      if (--s.indeg[x] === 0 && s.status[x] === PENDING) this.#enqueue(x);
    }
    this.#pump();
  }

  /** The attempt `gen` of step `id` failed with `error` (ignored if it is not the running one). */
  attemptFailed(id: number, gen: number, error: unknown): void {
    if (!this.isCurrent(id, gen)) return;
    this.#clock = performance.now();
    this.endAttempt(id);
    this.#afterFailure(id, error);
    this.#pump();
  }

  #afterFailure(id: number, error: unknown): void {
    const s = this.state;
    const message = messageOf(error);
    if (s.recomputing[id]) return this.#finishRecompute(id, message);
    if (this.cancelled) return this.#finalize(id, CANCELLED, error instanceof CancelledError ? message : this.cancelMessage);
    s.errors[id] = message;
    const policy = s.steps[id].retry;
    if (!this.#stopped && s.attempts[id] < policy.maxAttempts) {
      const delay = backoffDelay(policy, s.attempts[id], this.#hooks.random);
      s.status[id] = RETRYING;
      this.events?.emit(id, "retrying", s.attempts[id], { error: message, delayMs: delay });
      const sleep = this.#hooks.sleep ?? abortableSleep;
      sleep(delay, this.#stopCtl.signal).then(() => {
        if (s.status[id] !== RETRYING || this.#stopped) return;
        this.#enqueue(id);
        this.#pump();
      }, () => {/* stopped or cancelled: the step was ended there */});
      return;
    }
    this.#finalize(id, FAILED);
    this.#skipDownstream(id);
    if (this.#spec.settings.failFast && !this.#stopped) this.#stop(id);
  }

  /** Ends a step that did not complete. */
  #finalize(id: number, status: number, error?: string): void {
    const s = this.state;
    s.status[id] = status;
    this.#done++;
    if (s.startAt[id] !== 0) s.endAt[id] = this.#clock = performance.now();
    if (error !== undefined) s.errors[id] = error;
    this.events?.emit(id, STATUS[status], s.attempts[id], { error: s.errors[id] });
    this.#releaseInputs(id);
  }

  #skipDownstream(id: number): void {
    const s = this.state, g = s.g;
    const why = `skipped: step "${g.names[id]}" failed`;
    const stack = [id];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (let k = g.succStart[x]; k < g.succStart[x + 1]; k++) {
        const y = g.succs[k];
        if (s.status[y] === PENDING) {
          this.#finalize(y, SKIPPED, why);
          stack.push(y);
        }
      }
    }
  }

  /** fail_fast: nothing new starts; steps waiting to retry fail, the others not started are skipped. */
  #stop(cause: number): void {
    const s = this.state;
    this.#stopped = true;
    this.#stopCtl.abort(new CancelledError("fail_fast"));
    const why = `not started: fail_fast stopped the run after step "${s.g.names[cause]}" failed`;
    for (let i = 0; i < s.n; i++) {
      const st = s.status[i];
      if (st === PENDING || st === WAITING) this.#finalize(i, SKIPPED, why);
      else if (st === QUEUED) {
        if (s.recomputing[i]) this.#finishRecompute(i, "fail_fast stopped the run");
        else this.#finalize(i, SKIPPED, why);
      } else if (st === RETRYING) this.#finalize(i, FAILED);
    }
    for (const q of this.#queues) q.clear();
  }

  #cancel(reason: unknown): void {
    if (this.#finished || this.cancelled) return;
    const s = this.state;
    const error = reason instanceof Error ? reason : new CancelledError(reason === undefined ? undefined : String(reason));
    this.cancelled = true;
    this.#stopped = true;
    this.cancelMessage = error.message || "cancelled";
    this.#runCtl.abort(error);
    this.#stopCtl.abort(error);
    for (let i = 0; i < s.n; i++) {
      const st = s.status[i];
      if (st === PENDING || st === WAITING) this.#finalize(i, CANCELLED);
      else if (st === QUEUED) {
        if (s.recomputing[i]) this.#finishRecompute(i, this.cancelMessage);
        else this.#finalize(i, CANCELLED);
      } else if (st === RETRYING) this.#finalize(i, CANCELLED, this.cancelMessage);
      else if (st === RUNNING) {
        if (s.onWorker[i]) this.#remote.cancel(i, this.cancelMessage);
        else s.ctrls[i]?.abort(error);
      }
    }
    for (const q of this.#queues) q.clear();
    if (this.#running > 0) this.#graceTimer = setTimeout(() => this.#graceExpired(), this.#spec.settings.cancelGraceMs);
    this.#pump();
  }

  /** cancel_grace_ms is over: stop whatever still runs (main-thread operations that ignore their signal are abandoned). */
  #graceExpired(): void {
    const s = this.state;
    this.#graceTimer = undefined;
    const why = `${this.cancelMessage} (still running ${this.#spec.settings.cancelGraceMs} ms after the cancel: stopped)`;
    for (let i = 0; i < s.n; i++) {
      if (s.status[i] !== RUNNING) continue;
      if (s.onWorker[i] && this.#remote.stop(i, new CancelledError(why), this.#remote.sharedPool)) continue;
      s.gen[i]++;
      this.endAttempt(i);
      this.#finalize(i, CANCELLED, why);
    }
    this.#pump();
  }

  // --- tables and lineage ---------------------------------------------------

  #releaseInputs(id: number): void {
    const s = this.state, g = s.g;
    for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) {
      const d = g.deps[k];
      if (--s.uses[d] === 0) this.#maybeFree(d);
    }
  }

  #maybeFree(id: number): void {
    const s = this.state;
    if (s.store.any && !s.keep && s.uses[id] === 0 && s.recomputing[id] === 0) s.store.free(id);
  }

  #inputsAvailable(id: number): boolean {
    const s = this.state, g = s.g;
    for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) if (!s.store.available(g.deps[k])) return false;
    return true;
  }

  /** An input vanished while it was gathered (its worker died): the attempt never ran; re-make the input. */
  inputLost(id: number, gen: number): void {
    const s = this.state;
    if (!this.isCurrent(id, gen)) return;
    s.attempts[id]--;
    s.gen[id]++;
    this.endAttempt(id);
    if (this.cancelled) this.#finalize(id, CANCELLED, this.cancelMessage);
    else this.#waitForInputs(id);
    this.#pump();
  }

  /** Step c's inputs are (partly) gone: re-run their producers, then queue c again. */
  #waitForInputs(c: number): void {
    const s = this.state, g = s.g;
    let blockers = 0;
    for (let k = g.depStart[c]; k < g.depStart[c + 1]; k++) {
      const d = g.deps[k];
      if (s.store.available(d)) continue;
      blockers++;
      const list = this.#waiters.get(d);
      if (list) list.push(c);
      else this.#waiters.set(d, [c]);
      if (!s.recomputing[d]) {
        s.recomputing[d] = 1;
        this.#done--;
        for (let j = g.depStart[d]; j < g.depStart[d + 1]; j++) s.uses[g.deps[j]]++;
        this.#enqueue(d);
      }
    }
    if (blockers === 0) return this.#enqueue(c);
    s.status[c] = WAITING;
    s.blockers[c] = blockers;
  }

  /** A re-run of step d (to re-make a lost table) ended; `error` if it failed. */
  #finishRecompute(d: number, error: string | undefined): void {
    const s = this.state;
    s.recomputing[d] = 0;
    s.status[d] = COMPLETED;
    this.#done++;
    if (error === undefined) this.events?.emit(d, "completed", s.attempts[d], { rows: s.rows[d] });
    this.#releaseInputs(d);
    const waiters = this.#waiters.get(d) ?? [];
    this.#waiters.delete(d);
    for (const c of waiters) {
      if (s.status[c] !== WAITING) continue;
      if (error !== undefined) {
        this.#finalize(c, FAILED, `input "${s.g.names[d]}" was lost with its worker and re-running its step failed: ${error}`);
        this.#skipDownstream(c);
        if (this.#spec.settings.failFast && !this.#stopped) this.#stop(c);
      } else if (--s.blockers[c] === 0) {
        this.#enqueue(c);
      }
    }
    if (s.uses[d] === 0) this.#maybeFree(d);
  }

  // --- the end ----------------------------------------------------------------

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#yieldTimer !== undefined) clearTimeout(this.#yieldTimer);
    if (this.#graceTimer !== undefined) clearTimeout(this.#graceTimer);
    if (this.#onAbort) this.#opts.signal!.removeEventListener("abort", this.#onAbort);
    const outputs = this.state.keep ? collectOutputs(this.state) : undefined;
    if (outputs instanceof Promise) outputs.then((o) => this.#settle(o), () => this.#settle(new Map()));
    else this.#settle(outputs);
  }

  #settle(outputs: RunResult["outputs"]): void {
    this.#remote.finish();
    this.#resolve(buildRunResult(this.state, {
      runId: this.#runId,
      startedAt: this.#startedAt,
      t0: this.#t0,
      cancelled: this.cancelled,
      outputs,
    }));
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
