/**
 * A pool worker that has just finished a job stays awake for a moment,
 * spinning on a shared counter, instead of letting its thread sleep at once.
 *
 * Why: on this machine a worker whose thread has slept for a few
 * milliseconds takes 0.2–0.5 ms to see a message (its core has gone idle);
 * one that spins sees it in 0.1–0.3 ms (bench/README.md). A step that hands a
 * table to a worker right after another step pays that on every handoff.
 * OpenMP runtimes do the same for the same reason (Intel's default block
 * time is 200 ms).
 *
 * How: main counts the messages it posts to each worker in a word of shared
 * memory ({@link SpinLink.posted}); the worker counts those it received. After a job,
 * the worker spins while both counts are equal, for at most
 * {@link SpinConfig.ms}. It never takes a core that other work wants: the
 * workers running a job or spinning are counted in one shared word, and a
 * worker spins only while that count leaves main a core
 * ({@link SpinConfig.limit}, navigator.hardwareConcurrency − 1). A worker
 * that starts a job makes a spinning one stop at once.
 *
 * @module
 */

import { SelfTask } from "./self_task.ts";

/** How long a worker spins after a job by default, in ms (0: never). */
export const SPIN_MS = 20;

/** What a worker needs to spin: sent once, as the first message from main. */
export interface SpinConfig {
  /**
   * This worker's two words in shared memory: [0] the messages main has posted to it, [1] whether
   * it counts itself in {@link awake} (0 no, 1 yes, 2 never again: main let it go).
   */
  words: Int32Array;
  /** Workers of the pool running a job or spinning (one Int32 in shared memory, shared by the pool). */
  awake: Int32Array;
  /** The most workers that may be awake for one of them to spin. */
  limit: number;
  /** The longest spin after a job, in ms. */
  ms: number;
}

/** Main's side for one pool: the shared awake count and a counter per worker. */
export class SpinShare {
  readonly #awake = new Int32Array(new SharedArrayBuffer(4));
  readonly #ms: number;
  readonly #limit: number;

  /** `ms` of spin after each job (0 disables spinning); `cores` defaults to navigator.hardwareConcurrency. */
  constructor(ms: number = SPIN_MS, cores: number = navigator.hardwareConcurrency || 1) {
    if (!(ms >= 0)) throw new RangeError(`Cannot spin workers for ${ms} ms: use a number of ms ≥ 0 (0: never)`);
    this.#ms = ms;
    this.#limit = Math.max(0, cores - 1);
  }

  /** Workers running a job or spinning after one. */
  get awake(): number {
    return Atomics.load(this.#awake, 0);
  }

  /** A link for a new worker: post {@link SpinLink.config} to it first, then call {@link SpinLink.posted} after every post. */
  link(): SpinLink {
    return new SpinLink({ words: new Int32Array(new SharedArrayBuffer(8)), awake: this.#awake, limit: this.#limit, ms: this.#ms });
  }
}

/** Main's side for one worker. */
export class SpinLink {
  /** The message that configures the worker's spinning. */
  readonly config: SpinConfig;

  /** Wraps `config`. */
  constructor(config: SpinConfig) {
    this.config = config;
  }

  /** Counts one message posted to the worker: a spinning worker stops and reads it. */
  posted(): void {
    Atomics.add(this.config.words, 0, 1);
  }

  /** The worker is terminated: takes it out of the awake count for good and ends its spin. */
  release(): void {
    if (Atomics.exchange(this.config.words, 1, 2) === 1) Atomics.sub(this.config.awake, 0, 1);
  }
}

/** The worker's side: counts the messages it receives and spins after its jobs. */
export class IdleSpin {
  #config: SpinConfig | undefined;
  #received = 0;
  #running = false;
  /** Spinning may go on until then (performance.now()). */
  #until = 0;
  /** The spin runs as its own task, after the microtasks the job or message left behind. */
  readonly #task = new SelfTask(() => this.#spin());

  /** Call for every message from main, before handling it; `config` when it is the spin configuration. */
  received(config?: SpinConfig): void {
    this.#received++;
    if (config) this.#config = config;
  }

  /** A job starts: counts this worker awake, which stops other workers' spinning if it needs their core. */
  jobStarts(): void {
    this.#running = true;
    this.#wake();
  }

  /** The job has ended and its reply is posted: spin for up to {@link SpinConfig.ms} from now. */
  jobEnded(): void {
    this.#running = false;
    if (!this.#config) return;
    if (this.#config.ms <= 0) return this.#rest();
    this.#until = performance.now() + this.#config.ms;
    this.#task.schedule();
  }

  /** A message that is not a job was handled: go back to spinning while the time allows. */
  handled(): void {
    if (this.#running) return;
    if (this.#config && performance.now() < this.#until) this.#task.schedule();
    else this.#rest();
  }

  /** Stops scheduling spins and closes the port used for them (a worker never needs this; tests do). */
  close(): void {
    this.#config = undefined;
    this.#task.close();
  }

  /** Spins until main posts, a job needs the core, or the time is up. */
  #spin(): void {
    if (this.#running || !this.#config) return;
    const { words, awake, limit } = this.#config;
    const until = this.#until;
    this.#wake();
    for (let n = 1;; n++) {
      // main posted: stay counted awake, the message is a job or brings the spin back (handled)
      if (Atomics.load(words, 0) !== this.#received) return;
      // another worker needs the core, or main let this one go (Deno stops a busy worker only after 2 s)
      if (Atomics.load(awake, 0) > limit || Atomics.load(words, 1) === 2) break;
      if ((n & 255) === 0 && performance.now() >= until) break;
    }
    this.#rest();
  }

  /** This worker counts itself awake (unless it already does, or main let it go). */
  #wake(): void {
    const c = this.#config;
    if (c && Atomics.compareExchange(c.words, 1, 0, 1) === 0) Atomics.add(c.awake, 0, 1);
  }

  /** This worker stops counting itself awake. */
  #rest(): void {
    const c = this.#config;
    if (c && Atomics.compareExchange(c.words, 1, 1, 0) === 1) Atomics.sub(c.awake, 0, 1);
  }
}
