/**
 * The YAML parser, kept apart from lib/deps.ts so that worker threads, which
 * import the table libraries through lib/deps.ts, never load it (it adds
 * ~0.1–0.2 s to a worker's start here).
 *
 * @module
 */
export * as YAML from "npm:yaml@2.9.1";
