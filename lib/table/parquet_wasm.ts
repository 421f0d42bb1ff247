/**
 * Loads parquet-wasm once, the same way everywhere: its ESM entry,
 * initialised synchronously with the .wasm bytes.
 *
 * - Deno (in this repository or importing pfw by path from elsewhere): the
 *   .wasm is a file next to the module, in node_modules or Deno's npm cache;
 *   `import.meta.resolve` finds it.
 * - Bun, including a `bun build --compile` binary: parquet_wasm_bun.ts embeds
 *   the file (`{ type: "file" }` import) and reads it back with node:fs. That
 *   module is imported only when `globalThis.Bun` exists; Deno never runs it.
 *
 * (parquet-wasm's Node entry reads its .wasm by an absolute path fixed at
 * build time, which breaks a compiled binary on any other machine.)
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { importParquetWasm, parquetWasmUrl } from "../deps.ts";

/** The parquet-wasm module, initialised. */
export type ParquetWasm = Awaited<ReturnType<typeof importParquetWasm>>;

let ready: Promise<ParquetWasm> | undefined;

/** parquet-wasm, ready to use (loaded and initialised on the first call). */
export function loadParquetWasm(): Promise<ParquetWasm> {
  ready ??= init().catch((e) => {
    ready = undefined;
    throw new Error(`Cannot load the Parquet library (parquet-wasm): ${(e as Error).message}`);
  });
  return ready;
}

async function init(): Promise<ParquetWasm> {
  // WebAssembly.compile works mostly off the main thread (Bun spends ~0.3 s
  // compiling this 4.9 MB module), so a run that starts it early overlaps it
  // with its first steps; initSync then only instantiates.
  const [mod, compiled] = await Promise.all([importParquetWasm(), wasmBytes().then((b) => WebAssembly.compile(b as BufferSource))]);
  mod.initSync({ module: compiled });
  return mod;
}

async function wasmBytes(): Promise<Uint8Array> {
  if ((globalThis as { Bun?: unknown }).Bun) {
    const bun = await import("./parquet_wasm_bun.ts");
    return bun.parquetWasmBytes();
  }
  const url = parquetWasmUrl();
  if (url.startsWith("file:")) return readFileSync(new URL(url));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Starts loading parquet-wasm in the background (an operation's `prepare`); errors surface on first use. */
export function prepareParquetWasm(): void {
  loadParquetWasm().catch(() => {});
}
