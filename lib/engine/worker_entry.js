/**
 * The script a pool worker starts from (see worker_url.ts). It only loads
 * worker.ts and hands it the messages that arrived meanwhile.
 *
 * The import's specifier is computed on purpose: `deno test` and
 * `deno run --check` type-check every statically imported module of a new
 * worker again at each worker start (about a second each here); worker.ts
 * is type-checked with the rest of the code instead (worker_url.ts imports
 * its types). `bun build --compile` must list both this file and worker.ts
 * as entry points; the same URL then resolves inside the binary.
 *
 * @module
 */
const early = [];
self.onmessage = (event) => early.push(event);
const { startWorker } = await import(new URL("./worker.ts", import.meta.url).href);
startWorker(early);
