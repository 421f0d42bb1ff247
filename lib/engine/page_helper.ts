/**
 * Main's side of page help (see `writtenArray` in lib/table/shared_array.ts):
 * a worker that starts filling a large new array sends its buffer here, and
 * main, between its own work, faults in the buffer's pages from the end
 * backward until it meets the worker. A page costs main about 4 µs; a slice
 * of {@link SLICE_PAGES} pages (1 MiB) runs per turn of the event loop, so
 * main's own messages wait at most one slice.
 *
 * Measured on the ETL workflow, same run: see bench/README.md.
 *
 * @module
 */
import { touchPagesBackward } from "../table/shared_array.ts";
import { SelfTask } from "./self_task.ts";

/** Pages faulted in per turn of main's event loop (1 MiB). */
const SLICE_PAGES = 256;

/** Faults in the pages of buffers that workers are filling. */
export class PageHelper {
  #queue: { buffer: SharedArrayBuffer; page: number }[] = [];
  readonly #task = new SelfTask(() => this.#slice());
  #scheduled = false;

  /** Buffers waiting or being helped. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Helps with `buffer`, which a worker fills from the start. */
  add(buffer: SharedArrayBuffer): void {
    const words = buffer.byteLength >> 2; // pages whose first word lies inside the buffer
    if (words > 0) this.#queue.push({ buffer, page: ((words - 1) >> 10) + 1 });
    this.#schedule();
  }

  /** Forgets every buffer and lets the event loop go. */
  stop(): void {
    this.#queue = [];
    this.#task.close();
    this.#scheduled = false;
  }

  #schedule(): void {
    if (this.#scheduled || !this.#queue.length) return;
    this.#scheduled = true;
    this.#task.schedule();
  }

  #slice(): void {
    this.#scheduled = false;
    let budget = SLICE_PAGES;
    while (budget > 0 && this.#queue.length) {
      // the newest buffer first: older ones are more likely filled already
      const job = this.#queue[this.#queue.length - 1];
      const before = job.page;
      job.page = touchPagesBackward(job.buffer, job.page, budget);
      budget -= before - job.page;
      if (job.page === 0) this.#queue.pop();
    }
    if (this.#queue.length) this.#schedule();
    else {
      // nothing left: close the port so that it keeps no process alive
      this.#task.close();
    }
  }
}
