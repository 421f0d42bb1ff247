/**
 * `pfw run` starts one pool worker before it loads its modules and the
 * pipeline, so that the worker boots (~0.2 s in Deno) on another core
 * meanwhile instead of after. The run takes the pool over; a run without
 * worker steps (or an invalid pipeline) just terminates it.
 *
 * @module
 */
import { WorkerPool } from "../engine/worker_pool.ts";

let early: WorkerPool | undefined;

/** Starts one worker in a pool of its own (once). */
export function startEarlyWorker(): void {
  if (early) return;
  early = new WorkerPool({ size: 1 });
  early.start(1);
}

/** The pool {@link startEarlyWorker} started, handed over once (undefined afterwards or if none). */
export function takeEarlyWorker(): WorkerPool | undefined {
  const pool = early;
  early = undefined;
  return pool;
}
