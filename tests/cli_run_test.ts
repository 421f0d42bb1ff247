import assert from "node:assert/strict";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// An independent Parquet reader as the oracle (a devDependency).
// deno-lint-ignore no-import-prefix
import { parquetReadObjects } from "npm:hyparquet@1.33.0";
import { sampleCsv } from "../lib/cli/sample_data.ts";
import { ROOT, runCli, spawnCli, tempDir } from "./cli_helper.ts";

const SEED = join(ROOT, "examples", "seed", "pipeline.yml");

/** The seed pipeline beside a generated data.csv, in a temp folder. */
async function seedDir(rows = 2000) {
  const tmp = await tempDir();
  copyFileSync(SEED, join(tmp.dir, "pipeline.yml"));
  writeFileSync(join(tmp.dir, "data.csv"), sampleCsv({ rows }));
  return tmp;
}

/** What the seed pipeline must compute, straight from the CSV text. */
function expectedSeedResult(csv: string): Map<string, { sum: number; mean: number }> {
  const groups = new Map<string, number[]>();
  for (const line of csv.trim().split("\n").slice(1)) {
    const [, category, amount, value] = line.split(",");
    if (Number(value) > 100) groups.set(category, [...(groups.get(category) ?? []), Number(amount)]);
  }
  const out = new Map<string, { sum: number; mean: number }>();
  for (const [k, v] of groups) {
    const sum = v.reduce((a, b) => a + b, 0);
    out.set(k, { sum, mean: sum / v.length });
  }
  return out;
}

Deno.test("pfw run executes the seed pipeline unchanged and writes the right Parquet", async () => {
  await using tmp = await seedDir();
  const run = await runCli(["run", "pipeline.yml"], { cwd: tmp.dir });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /✔ completed: 4 steps/);
  const bytes = readFileSync(join(tmp.dir, "output.parquet"));
  const rows = await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  });
  assert.deepEqual(Object.keys(rows[0]), ["category", "amount_sum", "amount_mean"]);
  const expected = expectedSeedResult(readFileSync(join(tmp.dir, "data.csv"), "utf8"));
  assert.equal(rows.length, expected.size);
  for (const row of rows) {
    const want = expected.get(String(row.category));
    assert.ok(want, `unexpected category ${row.category}`);
    assert.ok(Math.abs(Number(row.amount_sum) - want.sum) < 1e-6, `${row.category} sum ${row.amount_sum} != ${want.sum}`);
    assert.ok(Math.abs(Number(row.amount_mean) - want.mean) < 1e-9, `${row.category} mean`);
  }
});

Deno.test("pfw run --json writes NDJSON whose last line is run_finished with every step", async () => {
  await using tmp = await seedDir(500);
  const run = await runCli(["run", "pipeline.yml", "--json"], { cwd: tmp.dir });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines[0].event, "run_started");
  const last = lines.at(-1);
  assert.deepEqual(Object.keys(last), ["event", "status", "run_id", "steps"]);
  assert.equal(last.event, "run_finished");
  assert.equal(last.status, "completed");
  assert.equal(last.run_id, lines[0].run_id);
  assert.deepEqual(Object.keys(last.steps), ["load_data", "transform", "aggregate", "save_result"]);
  for (const step of Object.values(last.steps) as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(step), ["status", "attempts", "duration_ms", "rows"]);
    assert.equal(step.status, "completed");
    assert.equal(step.attempts, 1);
  }
  assert.equal(last.steps.load_data.rows, 500);
  assert.ok(lines.slice(1, -1).every((l) => l.event === "step" || l.event === "log"));
});

Deno.test("pfw run exits 1 when a step fails after its retries, skipping what depends on it", async () => {
  await using tmp = await tempDir();
  writeFileSync(
    join(tmp.dir, "p.yml"),
    [
      "pipeline:",
      "  - name: boom",
      "    operation: shell",
      "    retry: {max_attempts: 2, backoff_ms: [1]}",
      "    params: {cmd: [sh, -c, 'exit 3']}",
      "  - name: after",
      "    operation: noop",
      "    depends_on: [boom]",
      "  - name: other",
      "    operation: noop",
      "",
    ].join("\n"),
  );
  const run = await runCli(["run", "p.yml", "--json"], { cwd: tmp.dir });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.step === "boom" && l.status === "retrying"), "the first failure is retried");
  const last = lines.at(-1);
  assert.equal(last.status, "failed");
  assert.deepEqual(last.steps.boom, { ...last.steps.boom, status: "failed", attempts: 2 });
  assert.equal(last.steps.after.status, "skipped");
  assert.equal(last.steps.other.status, "completed", "independent branches go on");
  const plain = await runCli(["run", "p.yml"], { cwd: tmp.dir });
  assert.equal(plain.code, 1);
  assert.match(plain.stdout, /✖ boom: .*3/);
  const shown = await runCli(["runs", "p.yml", "--run", last.run_id], { cwd: tmp.dir });
  assert.match(shown.stdout, /attempt 1: failed/);
  assert.match(shown.stdout, /boom +failed .* 2 attempts/);
});

Deno.test("pfw run --quiet prints only the closing line; plain output has one line per state change", async () => {
  await using tmp = await seedDir(100);
  const quiet = await runCli(["run", "pipeline.yml", "--quiet", "--no-db"], { cwd: tmp.dir });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout.trimEnd().split("\n").length, 1);
  assert.ok(!existsSync(join(tmp.dir, ".pfw")), "--no-db records nothing");
  const plain = await runCli(["run", "pipeline.yml", "--engine", "sequential", "--var", "unused=1"], { cwd: tmp.dir });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /sequential/);
  for (const step of ["load_data", "transform", "aggregate", "save_result"]) {
    assert.equal(plain.stdout.split("\n").filter((l) => new RegExp(`${step} completed`).test(l)).length, 1, plain.stdout);
  }
  assert.ok(!plain.stdout.includes("\x1b["), "no escape codes when not a terminal");
});

Deno.test("pfw run exits 130 on SIGINT during a long step and leaves no partial output", async () => {
  await using tmp = await tempDir();
  writeFileSync(join(tmp.dir, "data.csv"), sampleCsv({ rows: 200 }));
  writeFileSync(
    join(tmp.dir, "p.yml"),
    [
      "pipeline:",
      "  - name: load",
      "    operation: read_csv",
      "    params: {path: data.csv}",
      "  - name: wait",
      "    operation: sleep",
      "    depends_on: [load]",
      "    params: {ms: 60000}",
      "  - name: save",
      "    operation: to_parquet",
      "    depends_on: [wait]",
      "    params: {path: out.parquet}",
      "",
    ].join("\n"),
  );
  const child = spawnCli(["run", "p.yml", "--json"], { cwd: tmp.dir });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/"step":"wait","status":"running"/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  child.kill("SIGINT");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  const status = await child.status;
  const stderr = await new Response(child.stderr).text();
  assert.equal(status.code, 130, stderr + seen);
  const last = JSON.parse(seen.trimEnd().split("\n").at(-1)!);
  assert.equal(last.event, "run_finished");
  assert.equal(last.status, "cancelled");
  assert.equal(last.steps.load.status, "completed");
  assert.equal(last.steps.wait.status, "cancelled");
  assert.notEqual(last.steps.save.status, "completed");
  assert.deepEqual(readdirSync(tmp.dir).filter((f) => f !== ".pfw").sort(), ["data.csv", "p.yml"]);
  const runs = await runCli(["runs", "p.yml", "--json"], { cwd: tmp.dir });
  assert.equal(JSON.parse(runs.stdout)[0].status, "cancelled");
});

Deno.test("a second SIGINT stops at once while a CPU step ignores the cancel", async () => {
  await using tmp = await tempDir();
  writeFileSync(
    join(tmp.dir, "spin.ts"),
    "export const spin = {\n  resourceHint: 'cpu_bound',\n  run() {\n    const end = Date.now() + 60_000;\n    while (Date.now() < end) { /* ignores ctx.signal */ }\n  },\n};\n",
  );
  writeFileSync(
    join(tmp.dir, "p.yml"),
    "settings:\n  cancel_grace_ms: 60000\nmodules: [spin.ts]\npipeline:\n  - name: busy\n    operation: spin\n",
  );
  const child = spawnCli(["run", "p.yml", "--json", "--no-db"], { cwd: tmp.dir });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const waitFor = async (pattern: RegExp) => {
    while (!pattern.test(seen)) {
      const { value, done } = await reader.read();
      if (done) return;
      seen += value;
    }
  };
  await waitFor(/"step":"busy","status":"running"/);
  child.kill("SIGINT");
  await waitFor(/"event":"cancel_requested"/);
  child.kill("SIGINT");
  await waitFor(/$^/); // to the end of stdout
  const status = await child.status;
  const stderr = await new Response(child.stderr).text();
  assert.equal(status.code, 130, stderr + seen);
  assert.match(stderr, /stopped at once/);
  assert.ok(!seen.includes("run_finished"), "the run was not waited for");
});

Deno.test("pfw runs lists recorded runs newest first and shows one run's steps", async () => {
  await using tmp = await seedDir(100);
  const empty = await runCli(["runs", "pipeline.yml"], { cwd: tmp.dir });
  assert.equal(empty.code, 0);
  assert.match(empty.stdout, /no runs recorded yet/);
  const first = await runCli(["run", "pipeline.yml", "--json"], { cwd: tmp.dir });
  const second = await runCli(["run", "pipeline.yml", "--json", "--engine", "sequential"], { cwd: tmp.dir });
  const id1 = JSON.parse(first.stdout.trimEnd().split("\n").at(-1)!).run_id;
  const id2 = JSON.parse(second.stdout.trimEnd().split("\n").at(-1)!).run_id;
  const list = await runCli(["runs", "pipeline.yml"], { cwd: tmp.dir });
  assert.equal(list.code, 0, list.stderr);
  const rows = list.stdout.trimEnd().split("\n").slice(1);
  assert.equal(rows.length, 2);
  assert.ok(rows[0].startsWith(id2) && rows[1].startsWith(id1), list.stdout);
  assert.match(rows[0], /completed .* 4 +sequential +pipeline\.yml/);
  const json = JSON.parse((await runCli(["runs", "--json", "-n", "1"], { cwd: tmp.dir })).stdout);
  assert.equal(json.length, 1);
  assert.equal(json[0].id, id2);
  const one = await runCli(["runs", "pipeline.yml", "--run", id1.slice(0, 12)], { cwd: tmp.dir });
  assert.equal(one.code, 0, one.stderr);
  for (const step of ["load_data", "transform", "aggregate", "save_result"]) {
    assert.match(one.stdout, new RegExp(`${step} +completed`));
  }
  assert.match(one.stdout, /100 rows/);
});

Deno.test("pfw run records into --db and PFW_DB when given", async () => {
  await using tmp = await seedDir(50);
  const a = await runCli(["run", "pipeline.yml", "-q", "--db", "runs/a.db"], { cwd: tmp.dir });
  assert.equal(a.code, 0, a.stderr);
  assert.ok(existsSync(join(tmp.dir, "runs", "a.db")));
  const b = await runCli(["run", "pipeline.yml", "-q"], { cwd: tmp.dir, env: { PFW_DB: join(tmp.dir, "b.db") } });
  assert.equal(b.code, 0, b.stderr);
  assert.ok(existsSync(join(tmp.dir, "b.db")));
  assert.ok(!existsSync(join(tmp.dir, ".pfw")));
});
