/**
 * A pool of Web Workers for cpu_bound and memory_bound steps. The pool knows
 * workers, jobs and requests; which tables live where is the run's business
 * (table_store.ts), told through {@link PoolClient.workerLost}.
 *
 * A worker that crashes, closes itself or is killed (timeout, cancel) is
 * terminated and replaced at once by a fresh one in the same slot, so the
 * pool keeps its size and a run never waits on a dead worker. A worker that
 * dies before it has even loaded is replaced only when the slot is next
 * used, so a broken worker script can't make the pool respawn in a loop.
 *
 * @module
 */
import type { TablePacket } from "../table/transfer.ts";
import type { DoneMessage, FromWorker, RunMessage, ToWorker } from "./worker_protocol.ts";
import { workerUrl } from "./worker_url.ts";
import { PageHelper } from "./page_helper.ts";
import { SPIN_MS, SpinLink, SpinShare } from "./idle_spin.ts";

/** A worker stopped while it had work: it crashed, closed itself, or was terminated. */
export class WorkerLostError extends Error {
  /** `message` says what happened to the worker. */
  constructor(message: string) {
    super(message);
    this.name = "WorkerLostError";
  }
}

/** Receives the outcome of a job; `tag` is what the caller passed to {@link WorkerPool.run}. */
export interface JobListener {
  jobDone(tag: number, job: number, reply: DoneMessage, worker: number): void;
  jobFailed(tag: number, job: number, error: Error, worker: number): void;
  jobProgress(tag: number, job: number, fraction: number): void;
  jobLog(tag: number, job: number, message: string): void;
}

/** The run currently using the pool; told when a worker (and every table in it) is gone. */
export interface PoolClient {
  workerLost(worker: number): void;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Number of workers (default: navigator.hardwareConcurrency, at least 1). */
  size?: number;
  /** Worker script URL (default: {@link workerUrl}). */
  url?: string;
  /**
   * How long a worker stays awake after a job, spinning, so that the next job or table reaches
   * it without waking a sleeping thread (default {@link SPIN_MS}; 0: never). A worker spins only
   * while the workers running or spinning leave main a core (see lib/engine/idle_spin.ts).
   */
  spinMs?: number;
}

interface Slot {
  worker?: Worker;
  /** Counts the messages posted to the worker, so that it stops spinning. */
  spin?: SpinLink;
  /** The worker has loaded (said "ready"). */
  ready: boolean;
  /** Called once when the worker says "ready". */
  onReady: (() => void)[];
  /** 0 idle, -1 reserved, else the running job id. */
  job: number;
  listener?: JobListener;
  tag: number;
  fetches: Map<number, { resolve(packet: TablePacket): void; reject(error: Error): void }>;
}

const RESERVED = -1;

/**
 * Workers started lazily (or at once with {@link start}), one job each at a time.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool({ size: 2 });
 * pool.start();
 * await runPipeline(spec, { registry, pool });   // reused across runs
 * await runPipeline(spec2, { registry, pool });
 * pool.terminate();
 * ```
 */
export class WorkerPool {
  #slots: Slot[] = [];
  /** Faults in pages of the workers' new arrays while main is free. */
  readonly #pages = new PageHelper();
  readonly #spin: SpinShare;
  #url: string;
  #nextJob = 1;
  #nextReq = 1;
  #nextKey = 0;
  #client?: PoolClient;
  #terminated = false;

  /** Creates the pool; no worker starts before {@link start} or the first job. */
  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? Math.max(1, navigator.hardwareConcurrency || 1);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Cannot create a worker pool of size ${size}: use a whole number ≥ 1`);
    this.#url = options.url ?? workerUrl();
    this.#spin = new SpinShare(options.spinMs ?? SPIN_MS);
    this.resize(size);
  }

  /** Number of worker slots. */
  get size(): number {
    return this.#slots.length;
  }

  /** Number of workers started and not terminated. */
  get live(): number {
    return this.#slots.filter((s) => s.worker !== undefined).length;
  }

  /** Workers running a job or spinning after one (see {@link WorkerPoolOptions.spinMs}). */
  get awake(): number {
    return this.#spin.awake;
  }

  /** Grows the pool to at least `size` slots (never shrinks). */
  resize(size: number): void {
    while (this.#slots.length < size) this.#slots.push({ job: 0, tag: 0, ready: false, onReady: [], fetches: new Map() });
  }

  /** Starts the workers of the first `count` slots (default all) that are not running yet. */
  start(count: number = this.#slots.length): void {
    for (let i = 0; i < Math.min(count, this.#slots.length); i++) this.#ensure(i);
  }

  /** Whether slot `i` has no job (a slot whose worker hasn't started is idle). */
  isIdle(i: number): boolean {
    return this.#slots[i].job === 0;
  }

  /** Whether slot `i`'s worker has loaded and has no job: a step sent there starts at once. */
  isIdleAndReady(i: number): boolean {
    const slot = this.#slots[i];
    return slot !== undefined && slot.job === 0 && slot.ready;
  }

  /**
   * Calls `fn` once the worker of slot `i` has loaded (at once if it has). Hard timeouts start
   * there, so a step's time limit doesn't include starting a thread. Dropped if the worker dies first.
   */
  whenReady(i: number, fn: () => void): void {
    const slot = this.#slots[i];
    if (slot.ready) fn();
    else slot.onReady.push(fn);
  }

  /** Attaches the run using the pool; false if another run holds it. */
  attach(client: PoolClient): boolean {
    if (this.#terminated || (this.#client && this.#client !== client)) return false;
    this.#client = client;
    return true;
  }

  /** Detaches `client` (if attached). */
  detach(client: PoolClient): void {
    if (this.#client === client) this.#client = undefined;
  }

  /** Reserves `count` table keys, so runs sharing the pool never mix tables. Returns the first. */
  reserveKeys(count: number): number {
    const base = this.#nextKey;
    this.#nextKey += count;
    return base;
  }

  /** Marks idle slot `i` busy before its job is posted (while inputs are gathered). */
  reserve(i: number): void {
    this.#slots[i].job = RESERVED;
  }

  /** Undoes {@link reserve} when the job is not posted after all. */
  release(i: number): void {
    if (this.#slots[i].job === RESERVED) this.#slots[i].job = 0;
  }

  /** Posts a job to slot `i` (which must be idle or reserved). Returns the job id. */
  run(i: number, message: RunMessage, listener: JobListener, tag: number): number {
    const slot = this.#slots[i];
    const job = this.#nextJob++;
    message.job = job;
    slot.job = job;
    slot.listener = listener;
    slot.tag = tag;
    this.#post(slot, message, this.#ensure(i));
    return job;
  }

  /** Asks the worker in slot `i` to abort job `job`'s signal. */
  cancel(i: number, job: number, reason: string): void {
    const slot = this.#slots[i];
    if (slot.job === job && slot.worker) this.#post(slot, { t: "cancel", job, reason });
  }

  /** The packet of table `key` held by the worker in slot `i`; rejects with {@link WorkerLostError} if the worker dies first. */
  fetch(i: number, key: number): Promise<TablePacket> {
    const slot = this.#slots[i];
    const req = this.#nextReq++;
    return new Promise((resolve, reject) => {
      slot.fetches.set(req, { resolve, reject });
      this.#post(slot, { t: "fetch", req, key }, this.#ensure(i));
    });
  }

  /** Tells the worker in slot `i` to forget these tables. */
  free(i: number, keys: number[]): void {
    const slot = this.#slots[i];
    if (slot.worker) this.#post(slot, { t: "free", keys });
  }

  /** Tells every worker to forget the tables with keys in [from, to). */
  dropKeys(from: number, to: number): void {
    for (const slot of this.#slots) if (slot.worker) this.#post(slot, { t: "drop", from, to });
  }

  /**
   * Terminates the worker in slot `i`: its job fails with `error`, its pending fetches reject,
   * the attached run hears {@link PoolClient.workerLost}. With `replace`, a fresh worker takes the slot.
   */
  kill(i: number, error: Error, replace = true): void {
    const slot = this.#slots[i];
    const worker = slot.worker;
    if (!worker) return;
    worker.terminate();
    slot.spin?.release();
    slot.worker = undefined;
    slot.spin = undefined;
    const wasReady = slot.ready;
    slot.ready = false;
    slot.onReady = [];
    const job = slot.job, listener = slot.listener, tag = slot.tag;
    slot.job = 0;
    slot.listener = undefined;
    const fetches = [...slot.fetches.values()];
    slot.fetches.clear();
    if (replace && wasReady && !this.#terminated) this.#ensure(i);
    this.#client?.workerLost(i);
    for (const f of fetches) f.reject(error);
    if (job > 0 && listener) listener.jobFailed(tag, job, error, i);
  }

  /** Terminates every worker; the pool cannot be used afterwards. */
  terminate(): void {
    this.#pages.stop();
    this.#terminated = true;
    for (let i = 0; i < this.#slots.length; i++) {
      this.kill(i, new WorkerLostError("the worker pool was terminated"), false);
    }
  }

  #post(slot: Slot, message: ToWorker, worker = slot.worker): void {
    if (!worker) return;
    worker.postMessage(message);
    slot.spin?.posted();
  }

  #ensure(i: number): Worker {
    const slot = this.#slots[i];
    if (slot.worker) return slot.worker;
    if (this.#terminated) throw new Error("Cannot use a terminated worker pool; create a new WorkerPool");
    const worker = new Worker(this.#url, { type: "module" });
    slot.worker = worker;
    const spin = slot.spin = this.#spin.link();
    this.#post(slot, { t: "spin", config: spin.config }, worker);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (slot.worker === worker) this.#onMessage(i, slot, event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (slot.worker === worker) this.kill(i, new WorkerLostError(`the worker crashed: ${event.message}`));
    };
    worker.onmessageerror = () => {
      if (slot.worker === worker) this.kill(i, new WorkerLostError("a message from the worker could not be read"));
    };
    // Bun emits "close" when a worker exits by itself; Deno never does.
    worker.addEventListener("close", () => {
      if (slot.worker === worker) this.kill(i, new WorkerLostError("the worker exited"));
    });
    return worker;
  }

  #onMessage(i: number, slot: Slot, m: FromWorker): void {
    switch (m.t) {
      case "ready": {
        slot.ready = true;
        const callbacks = slot.onReady;
        slot.onReady = [];
        for (const fn of callbacks) fn();
        return;
      }
      case "done":
      case "error": {
        if (slot.job !== m.job) return;
        const listener = slot.listener!, tag = slot.tag;
        slot.job = 0;
        slot.listener = undefined;
        if (m.t === "done") listener.jobDone(tag, m.job, m, i);
        else {
          const error = new Error(m.message);
          error.name = m.name;
          listener.jobFailed(tag, m.job, error, i);
        }
        return;
      }
      case "progress":
        if (slot.job === m.job) slot.listener!.jobProgress(slot.tag, m.job, m.f);
        return;
      case "log":
        if (slot.job === m.job) slot.listener!.jobLog(slot.tag, m.job, m.message);
        return;
      case "fetched": {
        const f = slot.fetches.get(m.req);
        if (!f) return;
        slot.fetches.delete(m.req);
        if (m.packet) f.resolve(m.packet);
        else f.reject(new WorkerLostError(m.error ?? "the worker could not send the table"));
        return;
      }
      case "touch":
        this.#pages.add(m.buffer);
        return;
      case "crash": {
        const running = slot.job > 0;
        this.kill(i, new WorkerLostError(`${m.message}${running ? "" : " (while idle)"}`));
        return;
      }
    }
  }
}
