/**
 * `pfw schema`: the JSON Schema of pipeline YAML, generated from the
 * operation registry (so it can't drift). Editors use it through a
 * `# yaml-language-server: $schema=…` first line.
 *
 * @module
 */
import { renderPipelineSchema } from "../spec/write_json_schema.ts";
import { SCHEMA_SPEC } from "./command_specs.ts";
import type { Command } from "./command.ts";
import { EXIT } from "./format_error.ts";

/** The schema text `pfw schema` prints: the same bytes as schema/pipeline.schema.json. */
export function schemaText(): string {
  return renderPipelineSchema();
}

/** `pfw schema`. */
export const schemaCommand: Command = {
  spec: SCHEMA_SPEC,
  run(_args, { io }) {
    io.out(schemaText());
    return Promise.resolve(EXIT.ok);
  },
};
