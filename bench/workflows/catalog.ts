/**
 * The four benchmark workflows of the seed's table, each as a pfw pipeline
 * (`<id>.yml`), one DuckDB SQL script (`<id>.sql`) and one pandas script
 * (`<id>.py`), with the output files they write and the key columns that
 * identify an output row (used to compare outputs across engines).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { YAML } from "../../lib/deps_yaml.ts";

/** One output table of a workflow. */
export interface WorkflowOutput {
  /** File name without extension: pfw and DuckDB write `<name>.parquet`, pandas `<name>.csv`. */
  name: string;
  /** Columns that identify a row; rows are compared after sorting by them. */
  keys: string[];
}

/** One workflow of the benchmark. */
export interface WorkflowDef {
  id: "etl" | "aggregation" | "multi_join" | "transform";
  /** The name in the seed's table. */
  title: string;
  /** The pfw pipeline file. */
  yml: string;
  /** The DuckDB script (with `${data}` and `${out}` placeholders). */
  sql: string;
  /** The pandas script (argv: data dir, out dir). */
  py: string;
  outputs: WorkflowOutput[];
  /** Input files it reads (in the data folder made by make_inputs.ts). */
  inputs: string[];
}

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

function def(id: WorkflowDef["id"], title: string, inputs: string[], outputs: WorkflowOutput[]): WorkflowDef {
  return { id, title, yml: here(`${id}.yml`), sql: here(`${id}.sql`), py: here(`${id}.py`), outputs, inputs };
}

/** The workflows, in the seed's order. */
export const WORKFLOWS: readonly WorkflowDef[] = [
  def("etl", "ETL Pipeline", ["orders.csv", "orders_b.csv", "categories.csv"], [{ name: "etl_summary", keys: ["department", "region", "month"] }]),
  def("aggregation", "Aggregation", ["orders.csv"], [
    { name: "agg_by_category", keys: ["category"] },
    { name: "agg_by_region_date", keys: ["region", "date"] },
  ]),
  def("multi_join", "Multi-Join", ["orders.csv", "shipments.csv", "categories.csv"], [{ name: "multi_join_summary", keys: ["department", "carrier"] }]),
  def("transform", "Transform", ["orders.csv"], [
    { name: "transform_months", keys: ["category", "year", "month"] },
    { name: "transform_bands", keys: ["region", "band"] },
    { name: "transform_top", keys: ["id"] },
  ]),
];

/** The steps of a pipeline file: name, operation, depends_on. */
export function pipelineSteps(yml: string): { name: string; operation: string; dependsOn: string[] }[] {
  const doc = YAML.parse(readFileSync(yml, "utf8")) as { pipeline: Record<string, unknown>[] };
  return doc.pipeline.map((s) => ({
    name: String(s.name),
    operation: String(s.operation),
    dependsOn: Array.isArray(s.depends_on) ? s.depends_on.map(String) : [],
  }));
}
