/**
 * Writes schema/pipeline.schema.json from the built-in operations:
 * `deno run -A lib/spec/write_json_schema.ts`. A test fails when the
 * committed file differs from what this would write.
 *
 * @module
 */
import { rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createDefaultRegistry } from "../../ops/mod.ts";
import { pipelineJsonSchema } from "./json_schema.ts";

/** Where the committed schema lives. */
export const SCHEMA_FILE = fileURLToPath(new URL("../../schema/pipeline.schema.json", import.meta.url));

/** The command that regenerates {@link SCHEMA_FILE}. */
export const REGENERATE_COMMAND = "./node_modules/.bin/deno run -A lib/spec/write_json_schema.ts";

/** The schema file's exact text for the built-in operations. */
export function renderPipelineSchema(): string {
  return JSON.stringify(pipelineJsonSchema(createDefaultRegistry()), null, 2) + "\n";
}

if (import.meta.main) {
  const tmp = `${SCHEMA_FILE}.tmp-${Date.now()}`;
  await writeFile(tmp, renderPipelineSchema());
  await rename(tmp, SCHEMA_FILE);
  console.log(`wrote ${SCHEMA_FILE}`);
}
