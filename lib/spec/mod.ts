/**
 * The spec loader: pipeline YAML (or a document built in code) to a checked
 * {@link PipelineSpec}, and the JSON Schema of the YAML.
 *
 * @module
 */
export { buildPipeline, loadPipeline, type LoadOptions, parsePipeline, type PipelineDocument } from "./load.ts";
export { pipelineJsonSchema } from "./json_schema.ts";
export { defaultSettings, ENGINE_NAMES, SETTINGS_KEYS } from "./settings.ts";
export { DEFAULT_BACKOFF, DEFAULT_RETRY } from "./retry.ts";
export { isOperationExport, operationFromExport } from "./modules.ts";
export { MAX_ALIAS_COUNT } from "./yaml_source.ts";
