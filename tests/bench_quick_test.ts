/**
 * The benchmark's own logic (no timing is asserted here): the workflow files
 * stay valid pfw pipelines of the seed's step counts, the verifier catches a
 * wrong answer, the scheduling simulator and bounds are right on DAGs worked
 * out by hand, and pfw's run summary is parsed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPipeline } from "../lib/spec/load.ts";
import { createDefaultRegistry } from "../ops/mod.ts";
import { DuckdbReader, fillScript } from "../bench/peers.ts";
import { criticalPath, lowerBound, type SchedDag, simulate, totalWork } from "../bench/scheduling.ts";
import { WORKFLOWS } from "../bench/workflows/catalog.ts";
import { makeInputs } from "../bench/workflows/make_inputs.ts";
import { pfwStepDurations } from "../bench/workflows/runners.ts";
import { compareOutput } from "../bench/workflows/verify.ts";

Deno.test("benchmark workflows are valid pipelines with the seed's step counts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-bench-test-"));
  try {
    makeInputs(dir, { rows: 50 });
    const counts: Record<string, number> = {};
    for (const w of WORKFLOWS) {
      const spec = await loadPipeline(w.yml, { registry: createDefaultRegistry(), variables: { data: dir, out: join(dir, "out") } });
      counts[w.id] = spec.steps.length;
    }
    assert.deepEqual(counts, { etl: 10, aggregation: 5, multi_join: 8, transform: 15 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("make_inputs gives the same files for the same row count", () => {
  const a = mkdtempSync(join(tmpdir(), "pfw-bench-test-"));
  const b = mkdtempSync(join(tmpdir(), "pfw-bench-test-"));
  try {
    const x = makeInputs(a, { rows: 200 });
    const y = makeInputs(b, { rows: 200 });
    assert.deepEqual(x.bytes, y.bytes);
    assert.equal(x.fileRows["orders_b.csv"], 100);
    assert.equal(Deno.readTextFileSync(join(a, "shipments.csv")), Deno.readTextFileSync(join(b, "shipments.csv")));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

Deno.test("verifier accepts the same rows in another order and flags a changed value", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-bench-test-"));
  const db = new DuckdbReader();
  try {
    const ref = join(dir, "ref.parquet"), same = join(dir, "same.csv"), bad = join(dir, "bad.parquet");
    await db.rows(`COPY (SELECT * FROM (VALUES ('a', 1, 10.5), ('b', 2, 20.25)) t(k, n, x)) TO '${ref}' (FORMAT parquet)`);
    await db.rows(`COPY (SELECT * FROM (VALUES ('b', 2, 20.25 + 1e-9), ('a', 1, 10.5)) t(k, n, x)) TO '${same}' (HEADER)`);
    await db.rows(`COPY (SELECT * FROM (VALUES ('a', 1, 10.5), ('b', 2, 20.5)) t(k, n, x)) TO '${bad}' (FORMAT parquet)`);
    const output = { name: "t", keys: ["k"] };
    assert.equal((await compareOutput(db, output, ref, same)).ok, true);
    const c = await compareOutput(db, output, ref, bad);
    assert.equal(c.ok, false);
    assert.match(c.problems[0], /key b: x = 20.5, expected 20.25/);
    assert.equal((await compareOutput(db, output, ref, join(dir, "missing.parquet"))).ok, false);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("scheduling bounds and simulated list schedules match hand-computed makespans", () => {
  const dag: SchedDag = {
    name: "filler_then_chain",
    steps: [
      { name: "f0", cost: 50, deps: [] },
      { name: "f1", cost: 50, deps: [] },
      { name: "c0", cost: 50, deps: [] },
      { name: "c1", cost: 50, deps: ["c0"] },
    ],
  };
  assert.equal(criticalPath(dag), 100);
  assert.equal(totalWork(dag), 200);
  assert.equal(lowerBound(dag, 2), 100);
  // FIFO starts f0, f1 first: the chain ends at 150. Longest path first: c0 with f0, then c1 with f1.
  assert.equal(simulate(dag, 2, "file_order"), 150);
  assert.equal(simulate(dag, 2, "step_path"), 100);
  assert.equal(simulate(dag, 2, "cost_path"), 100);
  assert.equal(simulate(dag, 1, "cost_path"), 200);
});

Deno.test("pfw's run summary line gives each step's duration", () => {
  const out = [
    '{"event":"step","step":"a","status":"running"}',
    '{"event":"run_finished","status":"completed","run_id":"x","steps":{"a":{"status":"completed","attempts":1,"duration_ms":12.5},"b":{"status":"completed","attempts":1,"duration_ms":3}}}',
  ].join("\n");
  assert.deepEqual(pfwStepDurations(out), { status: "completed", steps: { a: 12.5, b: 3 } });
  assert.deepEqual(pfwStepDurations("not json"), {});
});

Deno.test("DuckDB scripts get their folders as quoted SQL strings", () => {
  assert.equal(fillScript("read_csv('${data}/a.csv') ${other}", { data: "/tmp/it's" }), "read_csv('/tmp/it''s/a.csv') ${other}");
});
