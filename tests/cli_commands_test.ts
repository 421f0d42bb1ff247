import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// An independent Parquet reader as the oracle (a devDependency).
// deno-lint-ignore no-import-prefix
import { parquetReadObjects } from "npm:hyparquet@1.33.0";
import { ROOT, runCli, tempDir } from "./cli_helper.ts";
import { VERSION } from "../lib/cli/version.ts";
import { INIT_OPS_TS } from "../lib/cli/init_files.ts";

const SEED = join(ROOT, "examples", "seed", "pipeline.yml");

Deno.test("pfw --version and --help; every command has --help", async () => {
  await using tmp = await tempDir();
  const v = await runCli(["--version"], { cwd: tmp.dir });
  assert.equal(v.code, 0);
  assert.equal(v.stdout.trim(), `pfw ${VERSION}`);
  const help = await runCli(["--help"], { cwd: tmp.dir });
  assert.equal(help.code, 0);
  const commands = ["run", "validate", "graph", "ops", "runs", "init", "schema"];
  for (const c of commands) assert.match(help.stdout, new RegExp(`^  ${c} `, "m"));
  for (const c of commands) {
    const h = await runCli([c, "--help"], { cwd: tmp.dir });
    assert.equal(h.code, 0, `${c} --help: ${h.stderr}`);
    assert.match(h.stdout, new RegExp(`Usage: pfw ${c}`));
    assert.match(h.stdout, /-h, --help/);
  }
});

Deno.test("version matches package.json", () => {
  assert.equal(VERSION, JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
});

Deno.test("unknown commands and options exit 2 with a suggestion and no stack trace", async () => {
  await using tmp = await tempDir();
  const cmd = await runCli(["valdate", "x.yml"], { cwd: tmp.dir });
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /unknown command "valdate" \(did you mean "validate"\?\)/);
  const flag = await runCli(["run", "x.yml", "--jsn"], { cwd: tmp.dir });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /unknown option --jsn .*did you mean "--json"/);
  const missing = await runCli(["run"], { cwd: tmp.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs FILE/);
  for (const r of [cmd, flag, missing]) assert.ok(!/\bat .*\.ts:\d+/.test(r.stderr), r.stderr);
});

Deno.test("pfw validate lists every problem with file:line:col and exits 2; a valid file exits 0", async () => {
  await using tmp = await tempDir();
  writeFileSync(
    join(tmp.dir, "bad.yml"),
    [
      "settings:",
      "  max_paralel: 4",
      "pipeline:",
      "  - name: load",
      "    operation: read_cvs",
      "    params: {path: data.csv}",
      "  - name: agg",
      "    operation: groupby_agg",
      "    depends_on: [lod]",
      "    params: {by: [category]}",
      "",
    ].join("\n"),
  );
  const bad = await runCli(["validate", "bad.yml"], { cwd: tmp.dir });
  assert.equal(bad.code, 2, bad.stdout);
  assert.match(bad.stderr, /bad\.yml:2:3: .*max_paralel/);
  assert.match(bad.stderr, /bad\.yml:5:16: .*read_cvs/);
  assert.match(bad.stderr, /did you mean "read_csv"|read_csv/);
  assert.match(bad.stderr, /bad\.yml:9:\d+: .*lod/);
  assert.ok(bad.stderr.includes("\n  5 |     operation: read_cvs\n"), "shows the source line");
  assert.ok(!/\bat .*\.ts:\d+/.test(bad.stderr), "no stack trace");
  const run = await runCli(["run", "bad.yml"], { cwd: tmp.dir });
  assert.equal(run.code, 2);
  const missing = await runCli(["validate", "nope.yml"], { cwd: tmp.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yml/);
  writeFileSync(join(tmp.dir, "pipeline.yml"), readFileSync(SEED));
  writeFileSync(join(tmp.dir, "data.csv"), "id,category,amount,value,date\n1,a,2.5,150,2024-01-01\n");
  const good = await runCli(["validate", "pipeline.yml"], { cwd: tmp.dir });
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /pipeline\.yml is valid: 4 steps/);
});

Deno.test("pfw run --json on an invalid pipeline writes an invalid event and exits 2", async () => {
  await using tmp = await tempDir();
  writeFileSync(join(tmp.dir, "p.yml"), "pipeline:\n  - name: a\n    operation: nope\n");
  const r = await runCli(["run", "p.yml", "--json"], { cwd: tmp.dir });
  assert.equal(r.code, 2);
  const line = JSON.parse(r.stdout.trim());
  assert.equal(line.event, "invalid");
  assert.equal(line.errors[0].line, 3);
  assert.equal(line.errors[0].col, 16);
});

Deno.test("pfw ops lists every operation with params; ops NAME describes one; a typo gets a suggestion", async () => {
  await using tmp = await tempDir();
  const all = await runCli(["ops"], { cwd: tmp.dir });
  assert.equal(all.code, 0, all.stderr);
  for (const op of ["read_csv", "query", "groupby_agg", "to_parquet", "noop", "sleep"]) {
    assert.match(all.stdout, new RegExp(`^${op} `, "m"));
  }
  assert.match(all.stdout, /params: .*ms\*/);
  const one = await runCli(["ops", "groupby_agg"], { cwd: tmp.dir });
  assert.equal(one.code, 0);
  assert.match(one.stdout, /^groupby_agg: /);
  assert.match(one.stdout, /resource_hint: cpu_bound/);
  assert.match(one.stdout, /\bby\b.*required/);
  const typo = await runCli(["ops", "groupby"], { cwd: tmp.dir });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /unknown operation "groupby".*did you mean "groupby_agg"/);
  const json = JSON.parse((await runCli(["ops", "--json"], { cwd: tmp.dir })).stdout);
  assert.ok(json.some((o: { name: string }) => o.name === "sleep"));
});

Deno.test("pfw graph draws the DAG as text, mermaid and dot", async () => {
  await using tmp = await tempDir();
  writeFileSync(
    join(tmp.dir, "p.yml"),
    [
      "pipeline:",
      "  - {name: a, operation: noop}",
      "  - {name: b, operation: noop}",
      "  - {name: joined, operation: noop, depends_on: [a, b]}",
      "  - {name: left, operation: noop, depends_on: [joined]}",
      "  - {name: right, operation: sleep, depends_on: [joined], params: {ms: 1}}",
      "",
    ].join("\n"),
  );
  const text = await runCli(["graph", "p.yml"], { cwd: tmp.dir });
  assert.equal(text.code, 0, text.stderr);
  assert.equal(
    text.stdout,
    [
      "●    a       noop · io_bound",
      "│",
      "│ ●  b       noop · io_bound",
      "│ │",
      "├─┘",
      "●    joined  noop · io_bound",
      "├─┐",
      "● │  left    noop · io_bound",
      "  │",
      "  ●  right   sleep · io_bound",
      "",
    ].join("\n"),
  );
  const mermaid = await runCli(["graph", "p.yml", "--format", "mermaid"], { cwd: tmp.dir });
  assert.match(mermaid.stdout, /^flowchart TD\n/);
  assert.equal((mermaid.stdout.match(/ --> /g) ?? []).length, 4);
  const dot = await runCli(["graph", "p.yml", "-f", "dot"], { cwd: tmp.dir });
  assert.match(dot.stdout, /^digraph "p" \{/);
  assert.match(dot.stdout, /"joined" -> "right";/);
  const bad = await runCli(["graph", "p.yml", "--format", "svg"], { cwd: tmp.dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /must be one of text, mermaid, dot/);
});

Deno.test("pfw schema prints the committed JSON Schema", async () => {
  await using tmp = await tempDir();
  const r = await runCli(["schema"], { cwd: tmp.dir });
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  assert.equal(typeof schema, "object");
  const committed = join(ROOT, "schema", "pipeline.schema.json");
  if (existsSync(committed)) assert.equal(r.stdout, readFileSync(committed, "utf8"));
  assert.ok(r.stdout.includes("groupby_agg"));
});

Deno.test("pfw init scaffolds a pipeline with a custom TypeScript operation that runs", async () => {
  await using tmp = await tempDir();
  const init = await runCli(["init", "demo"], { cwd: tmp.dir });
  assert.equal(init.code, 0, init.stderr);
  const dir = join(tmp.dir, "demo");
  for (const f of ["pipeline.yml", "ops.ts", "data.csv", "pipeline.schema.json", "README.md"]) {
    assert.ok(existsSync(join(dir, f)), f);
  }
  assert.match(readFileSync(join(dir, "pipeline.yml"), "utf8"), /^# yaml-language-server: \$schema=\.\/pipeline\.schema\.json\n/);
  const again = await runCli(["init", "demo"], { cwd: tmp.dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exist.*--force/);
  const run = await runCli(["run", "demo/pipeline.yml"], { cwd: tmp.dir });
  assert.equal(run.code, 0, run.stderr + run.stdout);
  assert.match(run.stdout, /✔ completed: 5 steps/);
  assert.match(run.stdout, /\[show\] \{"category":/);
  const bytes = readFileSync(join(dir, "output.parquet"));
  const rows = await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  });
  assert.ok(rows.length > 0 && rows.length <= 24);
  assert.ok(rows.every((r) => ["low", "mid", "high"].includes(String(r.tier))));
});

Deno.test("examples/custom/ops.ts is the module pfw init writes", () => {
  assert.equal(readFileSync(join(ROOT, "examples", "custom", "ops.ts"), "utf8"), INIT_OPS_TS);
});
