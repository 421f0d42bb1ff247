import assert from "node:assert/strict";
import { join } from "node:path";
import { Workflow } from "../mod.ts";

/** A CSV of `rows` rows: an int id, a double and a category. */
function csv(rows: number, seed: number): string {
  const parts = ["id,x,cat\n"];
  let s = seed;
  for (let i = 0; i < rows; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    parts.push(`${i},${(s % 100000) / 100},c${s % 7}\n`);
  }
  return parts.join("");
}

const PIPELINE = (engine: string) => `
settings:
  engine: ${engine}
  cpu_threads: 1
pipeline:
  - {name: a, operation: read_csv, params: {path: a.csv}}
  - {name: b, operation: read_csv, params: {path: b.csv}}
  - {name: big_a, operation: query, resource_hint: cpu_bound, depends_on: [a], params: {expr: "x >= 100"}}
  - {name: big_b, operation: query, resource_hint: cpu_bound, depends_on: [b], params: {expr: "x < 900"}}
  - {name: both, operation: concat, resource_hint: cpu_bound, depends_on: [big_a, big_b]}
  - {name: scaled, operation: derive, resource_hint: cpu_bound, depends_on: [both], params: {columns: {y: "x * 2 + id"}}}
`;

Deno.test("outputs made in a worker with main faulting in their pages equal the sequential engine's", async () => {
  // ~1.1M rows reach concat and derive: their double columns (9 MB) are over HELP_MIN, so main helps
  const dir = await Deno.makeTempDir({ prefix: "pfw-pages-" });
  try {
    await Deno.writeTextFile(join(dir, "a.csv"), csv(600_000, 1));
    await Deno.writeTextFile(join(dir, "b.csv"), csv(600_000, 2));
    const tables = [];
    for (const engine of ["parallel", "sequential"]) {
      const file = join(dir, `${engine}.yml`);
      await Deno.writeTextFile(file, PIPELINE(engine));
      const result = await (await Workflow.fromYaml(file, { db: false })).execute({ keepOutputs: true });
      assert.equal(result.status, "completed");
      tables.push(result.outputs!.get("scaled")!);
    }
    const [par, seq] = tables;
    assert.ok(par.numRows() > 1_000_000);
    for (const c of ["id", "x", "cat", "y"]) assert.deepEqual(par.array(c), seq.array(c), c);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
