/**
 * Bun only (loaded by parquet_wasm.ts when `globalThis.Bun` exists): the
 * parquet-wasm .wasm file, embedded by `bun build --compile` through a
 * `{ type: "file" }` import, whose path (`/$bunfs/...` inside a binary)
 * node:fs can read. Deno type-checks this file but never runs it.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-ignore: a Bun import attribute; the default export is the file's path
// deno-lint-ignore no-import-prefix
import wasmPath from "npm:parquet-wasm@0.8.0/esm/parquet_wasm_bg.wasm" with { type: "file" };

/** The bytes of parquet_wasm_bg.wasm. */
export function parquetWasmBytes(): Uint8Array {
  const path = wasmPath as unknown as string;
  // a compiled binary gives an absolute /$bunfs/ path; a plain bundle gives one relative to itself
  return readFileSync(isAbsolute(path) ? path : fileURLToPath(new URL(path, import.meta.url)));
}
