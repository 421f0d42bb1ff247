/**
 * Attempts in pool workers: cpu_bound and memory_bound steps whose operation
 * a worker can load, and I/O steps whose operation declares `offload` (the
 * readers) while a worker is free. Picks the idle worker that already holds the most input
 * cells, sends the other inputs as packets over shared memory (no copy), and
 * maps the pool's job callbacks back to steps.
 *
 * @module
 */
import { CancelledError } from "../errors.ts";
import type { AttemptHost } from "./attempt_host.ts";
import { RUNNING } from "./run_state.ts";
import { type JobListener, type PoolClient, WorkerPool } from "./worker_pool.ts";
import type { DoneMessage, InputRef, RunMessage } from "./worker_protocol.ts";

/**
 * A CPU step that took this long in the last run is worth a worker of its own next to another
 * one: a worker's boot costs ~0.2 s of a core in Deno.
 */
const WORTH_A_WORKER_MS = 250;

/** Runs worker attempts for one run and owns (or borrows) its pool. */
export class RemoteSteps implements JobListener, PoolClient {
  readonly #host: AttemptHost;
  #pool?: WorkerPool;
  #ownPool = false;
  #keyBase = 0;
  /** Workers warmUp boots (see planWorkers). */
  #warm = 1;
  /** The most worker steps that may run at once in this run (see planWorkers). */
  workerCap = 1;

  /** The run's attempts are reported to `host`. */
  constructor(host: AttemptHost) {
    this.#host = host;
  }

  /** Whether cancelled workers get replaced (only in a pool that outlives the run). */
  get sharedPool(): boolean {
    return this.#pool !== undefined && !this.#ownPool;
  }

  /** Takes `given` as the run's pool unless another run holds it (then makes one); starts no worker yet. */
  usePool(given: WorkerPool | undefined): void {
    const s = this.#host.state;
    let pool: WorkerPool;
    if (given && given.attach(this)) {
      pool = given;
    } else {
      pool = new WorkerPool({ size: s.cpuLimit });
      pool.attach(this);
      this.#ownPool = true;
    }
    pool.resize(s.cpuLimit);
    this.#keyBase = pool.reserveKeys(s.n);
    this.#pool = pool;
    s.store.usePool(pool, s.cpuLimit, this.#keyBase);
  }

  /**
   * Starts as many workers as can be used at once. Called right after the first steps started:
   * `new Worker` blocks the calling thread while the worker boots (~0.1 s each in Deno), and the
   * first I/O steps' reads are already under way by then.
   */
  warmUp(): void {
    this.#pool?.start(this.#warm);
  }

  /**
   * Decides the run's workers before its first steps start: {@link warmUp} boots as many as
   * the widest level of worker steps can use (at most cpuThreads). When cpu_threads was not
   * set (settings.autoWorkers) they are also all the run gets — a worker booted mid-run costs
   * more than it brings on pipelines of seconds (~0.2 s of a core, cold code) — and, when
   * main works from the start (a first read), one core is left to it, unless `pastMs` (each
   * step's duration in the pipeline's last completed run, from the run store) shows two long
   * CPU steps at one level. Measured on 2 cores: 10–12% faster on three of the four benchmark
   * workflows, 2% slower on the fourth; with history, the text-heavy benchmark: see bench/README.md.
   */
  planWorkers(mainWorks: boolean, pastMs?: ReadonlyMap<string, number>): void {
    const s = this.#host.state;
    const widest = Math.min(s.cpuLimit, this.#widestRemoteLevel());
    if (!s.autoWorkers) {
      this.#warm = widest;
      this.workerCap = s.cpuLimit;
      return;
    }
    const cores = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
    // Main's core goes to a worker too when the last run showed long CPU steps side by side:
    // running two of them at once saves more than a worker's boot costs.
    const keepCoreForMain = mainWorks && !(pastMs && this.#longStepsSideBySide(pastMs));
    this.#warm = this.workerCap = Math.max(1, Math.min(widest, keepCoreForMain ? cores - 1 : cores));
  }

  /** Whether some level of the DAG holds two CPU steps that each took {@link WORTH_A_WORKER_MS} or more last time. */
  #longStepsSideBySide(pastMs: ReadonlyMap<string, number>): boolean {
    const s = this.#host.state, g = s.g, depth = this.#depths(), long = new Int32Array(s.n + 1);
    for (let id = 0; id < s.n; id++) {
      if (s.remote[id] && !s.offload[id] && (pastMs.get(g.names[id]) ?? 0) >= WORTH_A_WORKER_MS && ++long[depth[id]] >= 2) return true;
    }
    return false;
  }

  /** Each step's depth in the DAG: 0 without dependencies, else one more than its deepest dependency. */
  #depths(): Int32Array {
    const s = this.#host.state, g = s.g, depth = new Int32Array(s.n);
    for (let j = 0; j < s.n; j++) {
      const id = g.order[j];
      let d = 0;
      for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) d = Math.max(d, depth[g.deps[k]] + 1);
      depth[id] = d;
    }
    return depth;
  }

  /**
   * The most worker steps at one depth of the DAG: how many workers the run can keep busy at
   * once, roughly. A chain needs one; booting more would only take CPU from the steps that run
   * (on 2 cores, a worker's boot costs ~0.4 s of CPU). More workers still start on demand.
   */
  #widestRemoteLevel(): number {
    const s = this.#host.state, depth = this.#depths(), perDepth = new Int32Array(s.n + 1);
    let widest = 0;
    for (let id = 0; id < s.n; id++) if (s.remote[id] && ++perDepth[depth[id]] > widest) widest = perDepth[depth[id]];
    return widest;
  }

  /** Terminates the run's own pool, or leaves a shared one clean (tables dropped, detached). */
  finish(): void {
    const pool = this.#pool;
    if (!pool) return;
    if (this.#ownPool) pool.terminate();
    else {
      pool.dropKeys(this.#keyBase, this.#keyBase + this.#host.state.n);
      pool.detach(this);
    }
  }

  /** Starts attempt `attempt` (generation `gen`) of step `id`; its slot is already taken. */
  start(id: number, gen: number, attempt: number): void {
    const host = this.#host, s = host.state, pool = this.#pool!, store = s.store, g = s.g;
    const w = this.#pickWorker(id);
    s.workerOf[id] = w;
    pool.reserve(w);
    if (s.timeout[id] >= 0) {
      // The time limit starts once the worker has loaded, not while a thread boots.
      pool.whenReady(w, () => host.isCurrent(id, gen) && host.armTimeout(id, gen));
    }
    const refs: InputRef[] = [];
    let waits: Promise<unknown>[] | undefined;
    if (store.any) {
      for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) {
        const d = g.deps[k];
        if (!store.has[d]) continue;
        const ref: InputRef = { name: g.names[d], key: store.key(d) };
        refs.push(ref);
        if (store.heldBy(d, w)) continue;
        const packet = store.packetFor(d, s.uses[d] <= 1);
        if (packet instanceof Promise) (waits ??= []).push(packet.then((p) => (ref.packet = p)));
        else ref.packet = packet;
      }
    }
    if (!waits) return this.#post(id, attempt, w, refs);
    Promise.all(waits).then(() => {
      if (!host.isCurrent(id, gen)) return;
      if (host.cancelled) {
        pool.release(w);
        return host.attemptFailed(id, gen, new CancelledError(host.cancelMessage));
      }
      this.#post(id, attempt, w, refs);
    }, () => {
      if (host.isCurrent(id, gen)) pool.release(w);
      host.inputLost(id, gen);
    });
  }

  #post(id: number, attempt: number, w: number, refs: InputRef[]): void {
    const s = this.#host.state, store = s.store, step = s.steps[id], op = s.ops[id];
    for (let i = 0; i < refs.length; i++) {
      if (refs[i].packet) store.sent(refs[i].key - this.#keyBase, w);
    }
    const p = s.primary[id];
    const primaryDep = p < 0 ? -1 : s.dep(id, p);
    const message: RunMessage = {
      t: "run",
      job: 0,
      step: step.name,
      op: op.name,
      source: op.source,
      params: step.params,
      baseDir: s.baseDir,
      attempt,
      inputs: refs,
      primary: primaryDep >= 0 && store.has[primaryDep] ? s.g.names[primaryDep] : null,
      outKey: store.key(id),
      keep: s.keepInWorker[id] === 1 || s.recomputing[id] === 1,
      ship: s.ship[id] === 1,
      columnsUsed: s.columnsUsed[id],
      rowsUsed: s.rowsUsed[id],
    };
    s.jobOf[id] = this.#pool!.run(w, message, this, id);
  }

  /** The idle worker holding the most input cells (lowest index on ties). */
  /** Whether one of the run's workers has loaded and is free, so a step sent now starts at once. */
  readyWorkerFree(): boolean {
    const pool = this.#pool;
    if (!pool) return false;
    for (let w = 0; w < this.workerCap; w++) if (pool.isIdleAndReady(w)) return true;
    return false;
  }

  #pickWorker(id: number): number {
    const s = this.#host.state, pool = this.#pool!, store = s.store, g = s.g;
    let best = -1, bestScore = -1;
    for (let w = 0; w < this.workerCap; w++) {
      if (!pool.isIdle(w)) continue;
      let score = 0;
      if (store.any) {
        for (let k = g.depStart[id]; k < g.depStart[id + 1]; k++) {
          const d = g.deps[k];
          if (store.heldBy(d, w)) score += store.cells[d] + 1;
        }
      }
      if (score > bestScore) best = w, bestScore = score;
    }
    if (best < 0) throw new Error("pfw bug: a worker step started but no worker is idle");
    return best;
  }

  /** Asks the worker running step `id` to abort its signal. */
  cancel(id: number, reason: string): void {
    const s = this.#host.state;
    if (s.jobOf[id] > 0) this.#pool!.cancel(s.workerOf[id], s.jobOf[id], reason);
  }

  /**
   * Stops step `id` now (timeout, or cancel grace over). A posted job's worker is terminated (and
   * replaced) and the job fails with `error` through {@link jobFailed}; returns false when nothing
   * was posted yet (the worker was only reserved and is released): the caller ends the attempt.
   */
  stop(id: number, error: Error, replace: boolean): boolean {
    const s = this.#host.state;
    const w = s.workerOf[id];
    if (w < 0) return false;
    if (s.jobOf[id] > 0) {
      this.#pool!.kill(w, error, replace);
      return true;
    }
    this.#pool!.release(w);
    return false;
  }

  /** A worker finished a job. */
  jobDone(id: number, job: number, reply: DoneMessage, w: number): void {
    const host = this.#host, s = host.state;
    if (s.jobOf[id] !== job || s.status[id] !== RUNNING) return;
    host.endAttempt(id);
    s.store.setRemote(id, w, reply);
    host.succeeded(id, reply.table ? reply.rows : NaN);
  }

  /** A worker's job failed, or its worker died. */
  jobFailed(id: number, job: number, error: Error): void {
    const s = this.#host.state;
    if (s.jobOf[id] !== job || s.status[id] !== RUNNING) return;
    this.#host.attemptFailed(id, s.gen[id], error);
  }

  /** `ctx.progress(f)` from a worker. */
  jobProgress(id: number, job: number, fraction: number): void {
    const s = this.#host.state;
    if (s.jobOf[id] === job) this.#host.events?.progress(id, s.attempts[id], fraction);
  }

  /** `ctx.log(message)` from a worker. */
  jobLog(id: number, _job: number, message: string): void {
    this.#host.log(id, message);
  }

  /** A worker is gone, with every table it held. */
  workerLost(w: number): void {
    this.#host.state.store.workerLost(w);
  }
}
