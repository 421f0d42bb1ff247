/**
 * The one place where third-party packages are named, with their versions.
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
export * as YAML from "npm:yaml@2.9.1";
