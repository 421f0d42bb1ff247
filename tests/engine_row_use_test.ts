import assert from "node:assert/strict";
import { join } from "node:path";
import { runPipeline } from "../lib/engine/run.ts";
import { loadPipeline } from "../lib/spec/load.ts";
import { createDefaultRegistry } from "../ops/mod.ts";

const N = 3_000;

/** CSV rows with many ties and some empty values, and the rows a full sort by (v desc, id asc) puts first. */
function data(): { csv: string; sorted: string[] } {
  const rows = Array.from({ length: N }, (_, i) => ({ id: i, v: i % 11 === 0 ? null : ((i * 7919) % 97) / 4 }));
  const csv = "id,v\n" + rows.map((r) => `${r.id},${r.v ?? ""}`).join("\n") + "\n";
  const sorted = [...rows]
    .sort((a, b) => (a.v === null ? (b.v === null ? a.id - b.id : 1) : b.v === null ? -1 : b.v - a.v || a.id - b.id))
    .map((r) => `${r.id},${r.v ?? ""}`);
  return { csv, sorted };
}

const PIPELINE = (engine: string) => `
settings: {engine: ${engine}}
pipeline:
  - {name: read, operation: read_csv, params: {path: data.csv}}
  - {name: by_v, operation: sort, depends_on: [read], params: {by: [v, id], ascending: [false, true]}, resource_hint: cpu_bound}
  - {name: slim, operation: select, depends_on: [by_v], params: {columns: [id, v]}}
  - {name: top, operation: head, depends_on: [slim], params: {n: 25}}
  - {name: save_top, operation: to_csv, depends_on: [top], params: {path: top.csv}}
  - {name: all_sorted, operation: sort, depends_on: [read], params: {by: [v, id], ascending: [false, true]}}
  - {name: save_all, operation: to_csv, depends_on: [all_sorted], params: {path: all.csv}}
`;

for (const engine of ["parallel", "sequential"]) {
  Deno.test(`a sort read only by a head keeps the head's rows and gives what a full sort gives (${engine} engine)`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "pfw-rows-" });
    try {
      const { csv, sorted } = data();
      await Deno.writeTextFile(join(dir, "data.csv"), csv);
      await Deno.writeTextFile(join(dir, "p.yml"), PIPELINE(engine));
      const registry = createDefaultRegistry();
      const result = await runPipeline(await loadPipeline(join(dir, "p.yml"), { registry }), { registry });
      assert.equal(result.status, "completed");
      const rows = Object.fromEntries(result.steps.map((s) => [s.name, s.rows]));
      assert.deepEqual([rows.by_v, rows.top, rows.all_sorted], [25, 25, N], "the sort before the head kept 25 rows, the other all");
      const lines = async (file: string) => (await Deno.readTextFile(join(dir, file))).trim().split("\n").slice(1);
      assert.deepEqual(await lines("top.csv"), sorted.slice(0, 25));
      assert.deepEqual(await lines("all.csv"), sorted);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
