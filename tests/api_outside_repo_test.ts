import assert from "node:assert/strict";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sampleCsv } from "../lib/cli/sample_data.ts";
import { ROOT, tempDir } from "./cli_helper.ts";

Deno.test("a Deno script outside the repository imports mod.ts by path and runs the seed pipeline with plain deno run", async () => {
  await using tmp = await tempDir("pfw-user-");
  assert.ok(!existsSync(join(tmp.dir, "deno.json")));
  copyFileSync(join(ROOT, "examples", "seed", "pipeline.yml"), join(tmp.dir, "pipeline.yml"));
  writeFileSync(join(tmp.dir, "data.csv"), sampleCsv({ rows: 300 }));
  const modUrl = pathToFileURL(join(ROOT, "mod.ts")).href;
  writeFileSync(
    join(tmp.dir, "script.ts"),
    `import { CancellationToken, Workflow } from "${modUrl}";
const token = new CancellationToken();
const wf = await Workflow.fromYaml("pipeline.yml", { cancellationToken: token });
const statuses: string[] = [];
const result = await wf.execute({ onProgress: (step, status) => statuses.push(step + ":" + status) });
console.log(JSON.stringify({
  status: result.status,
  backend: wf.executorBackend,
  steps: result.steps.map((s) => [s.name, s.status, s.rows ?? null]),
  sawProgress: statuses.includes("save_result:completed"),
}));
`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "script.ts"],
    cwd: tmp.dir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  const report = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(report.status, "completed");
  assert.equal(report.backend, "parallel", "engine: rust is read as parallel");
  assert.deepEqual(report.steps.map((s: unknown[]) => s.slice(0, 2)), [
    ["load_data", "completed"],
    ["transform", "completed"],
    ["aggregate", "completed"],
    ["save_result", "completed"],
  ]);
  assert.equal(report.steps[0][2], 300);
  assert.ok(report.sawProgress);
  assert.ok(existsSync(join(tmp.dir, "output.parquet")));
  assert.ok(existsSync(join(tmp.dir, ".pfw", "pfw.db")), "the run is recorded beside the pipeline");
});
