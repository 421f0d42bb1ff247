/**
 * The one place (with lib/deps_yaml.ts) where third-party packages are named, with their versions.
 *
 * pfw imports its dependencies through `npm:` specifiers so that a Deno script
 * anywhere on disk can import pfw's `mod.ts` by path with a plain
 * `deno run -A script.ts` (bare specifiers would need pfw's own deno.json).
 * Inside this repository Deno resolves them from node_modules
 * (`"nodeModulesDir": "manual"`); `compile.sh` maps them to bare names for Bun.
 *
 * flechette is imported before arquero so that Deno resolves arquero's
 * flechette to the pinned 2.6.0.
 *
 * @module
 */
export * as flechette from "npm:@uwdata/flechette@2.6.0";
export * as aq from "npm:arquero@8.0.3";
export type { ColumnTable } from "npm:arquero@8.0.3";
/** parquet-wasm's ESM entry, loaded on first use (its .wasm is initialised by lib/table/parquet_wasm.ts). */
// deno-lint-ignore no-import-prefix
export const importParquetWasm = () => import("npm:parquet-wasm@0.8.0/esm");
/** Where Deno finds parquet-wasm's .wasm file (a file: URL in node_modules or Deno's npm cache). */
export const parquetWasmUrl = (): string => import.meta.resolve("npm:parquet-wasm@0.8.0/esm/parquet_wasm_bg.wasm");
