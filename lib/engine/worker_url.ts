/**
 * The one place that names the worker script. The worker starts from
 * worker_entry.js, which loads worker.ts; `bun build --compile` must list
 * both `lib/engine/worker_entry.js` and `lib/engine/worker.ts` as extra
 * entry points so that these URLs resolve inside the binary too (checked:
 * `new Worker(new URL(..., import.meta.url).href, { type: "module" })` and a
 * dynamic import of an extra entry point both work in a Bun-compiled binary).
 *
 * @module
 */
// Keeps worker.ts in the type-checked graph of whatever uses the pool (it is loaded only in workers).
import type {} from "./worker.ts";

/** The URL to pass to `new Worker(url, { type: "module" })` for pool workers. */
export function workerUrl(): string {
  return new URL("./worker_entry.js", import.meta.url).href;
}
