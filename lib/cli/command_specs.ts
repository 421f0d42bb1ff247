/**
 * Every command's interface (arguments, options, help text), kept apart from
 * the commands themselves so that `pfw --help` and `pfw --version` start
 * without loading the engine; lib/cli/cli.ts imports a command's module only
 * when it runs.
 *
 * @module
 */
import type { CommandSpec, FlagSpec } from "./args.ts";

/** The `--var` flag, shared by every command that reads a pipeline. */
export const VAR_FLAG: FlagSpec = {
  name: "var",
  type: "string",
  multiple: true,
  placeholder: "NAME=VALUE",
  description: "Set a pipeline variable (overrides `variables:`); repeat for more.",
};

/** `pfw run`'s interface. */
export const RUN_SPEC: CommandSpec = {
  name: "run",
  summary: "Validate a pipeline, then run it, showing each step's progress.",
  positionals: [{ name: "FILE", required: true, description: "The pipeline YAML file." }],
  flags: [
    VAR_FLAG,
    {
      name: "engine",
      type: "string",
      values: ["parallel", "sequential"],
      placeholder: "ENGINE",
      description: "parallel or sequential (overrides settings.engine).",
    },
    {
      name: "max-parallel",
      type: "integer",
      placeholder: "N",
      description: "Run at most N steps at once (overrides settings.max_parallel).",
    },
    { name: "json", type: "boolean", description: "Write NDJSON events to stdout; the last line is the run_finished summary." },
    { name: "quiet", short: "q", type: "boolean", description: "Print only the final summary and errors." },
    {
      name: "db",
      type: "string",
      placeholder: "PATH",
      description: "Record the run in this SQLite file (default: .pfw/pfw.db beside FILE, or $PFW_DB).",
    },
    { name: "no-db", type: "boolean", description: "Do not record the run." },
  ],
  notes: [
    "Exit codes: 0 completed, 1 a step failed, 2 invalid pipeline or usage, 130 cancelled.",
    "Ctrl-C (SIGINT) or SIGTERM cancels gracefully: no new step starts, running steps are stopped,",
    "no partial output file is left. A second Ctrl-C stops at once.",
    "On a terminal the view is live; otherwise one line per state change. NO_COLOR turns colors off.",
  ].join("\n"),
  examples: [
    "run pipeline.yml",
    "run pipeline.yml --var min=100 --var out=big.parquet",
    "run pipeline.yml --engine sequential --quiet",
    "run pipeline.yml --json | tail -n 1",
  ],
};

/** `pfw validate`'s interface. */
export const VALIDATE_SPEC: CommandSpec = {
  name: "validate",
  summary: "Check a pipeline without running it: YAML, keys, operations, params, columns, dependencies.",
  positionals: [{ name: "FILE", required: true, description: "The pipeline YAML file." }],
  flags: [VAR_FLAG],
  notes: "Exit codes: 0 valid, 2 invalid (every problem is listed with file:line:col and a hint).",
  examples: ["validate pipeline.yml", "validate pipeline.yml --var min=5"],
};

/** `pfw graph`'s interface. */
export const GRAPH_SPEC: CommandSpec = {
  name: "graph",
  summary: "Draw a pipeline's steps and dependencies: in the terminal, or as Mermaid or Graphviz DOT.",
  positionals: [{ name: "FILE", required: true, description: "The pipeline YAML file." }],
  flags: [
    {
      name: "format",
      short: "f",
      type: "string",
      values: ["text", "mermaid", "dot"],
      placeholder: "FORMAT",
      description: "text (default), mermaid or dot.",
    },
    VAR_FLAG,
  ],
  examples: [
    "graph pipeline.yml",
    "graph pipeline.yml --format mermaid",
    "graph pipeline.yml --format dot | dot -Tsvg > dag.svg",
  ],
};

/** `pfw ops`'s interface. */
export const OPS_SPEC: CommandSpec = {
  name: "ops",
  summary: "List the operations and their params, or describe one operation.",
  positionals: [{ name: "NAME", description: "An operation (or alias) to describe in detail." }],
  flags: [
    {
      name: "pipeline",
      type: "string",
      placeholder: "FILE",
      description: "Also list the custom operations of this pipeline's modules.",
    },
    { name: "json", type: "boolean", description: "Print the operations as JSON." },
  ],
  examples: ["ops", "ops groupby_agg", "ops --pipeline pipeline.yml"],
};

/** `pfw runs`'s interface. */
export const RUNS_SPEC: CommandSpec = {
  name: "runs",
  summary: "List recent runs from the run store (newest first), or show one run.",
  positionals: [{ name: "FILE", description: "Only runs of this pipeline (its store is .pfw/pfw.db beside it)." }],
  flags: [
    {
      name: "db",
      type: "string",
      placeholder: "PATH",
      description: "The store to read (default: beside FILE, else ./.pfw/pfw.db, or $PFW_DB).",
    },
    { name: "limit", short: "n", type: "integer", placeholder: "N", description: "Show at most N runs (default 20)." },
    { name: "run", type: "string", placeholder: "ID", description: "Show this run's steps and attempts." },
    { name: "json", type: "boolean", description: "Print JSON." },
  ],
  examples: ["runs", "runs pipeline.yml -n 5", "runs pipeline.yml --run 20250102-030405-9f1c2a"],
};

/** `pfw init`'s interface. */
export const INIT_SPEC: CommandSpec = {
  name: "init",
  summary: "Create a runnable example pipeline: pipeline.yml, data.csv, ops.ts (a custom operation), the schema.",
  positionals: [{ name: "DIR", description: "Folder to create it in (default: the current folder)." }],
  flags: [
    { name: "rows", type: "integer", placeholder: "N", description: "Rows of sample data to generate (default 1000)." },
    { name: "force", type: "boolean", description: "Overwrite files that already exist." },
  ],
  examples: ["init demo && pfw run demo/pipeline.yml", "init . --rows 100000"],
};

/** `pfw schema`'s interface. */
export const SCHEMA_SPEC: CommandSpec = {
  name: "schema",
  summary: "Print the JSON Schema of pipeline files (for editor completion and checks).",
  positionals: [],
  flags: [],
  notes: [
    "Save it and point your pipeline at it with a first line such as:",
    "  # yaml-language-server: $schema=./pipeline.schema.json",
    "The same schema is committed in the repository as schema/pipeline.schema.json.",
  ].join("\n"),
  examples: ["schema > pipeline.schema.json"],
};
