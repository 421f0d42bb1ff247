/**
 * The library API on the seed pipeline: load, run with a progress callback,
 * cancel on Ctrl-C.
 *
 *     deno run -A examples/make_data.ts && deno run -A examples/api.ts
 *
 * @module
 */
import process from "node:process";
import { fileURLToPath } from "node:url";
import { CancellationToken, Workflow } from "../mod.ts";

const token = new CancellationToken();
process.once("SIGINT", () => token.cancel("Ctrl-C"));

const file = fileURLToPath(new URL("./seed/pipeline.yml", import.meta.url));
const workflow = await Workflow.fromYaml(file, { cancellationToken: token });
const last = new Map<string, string>();
const result = await workflow.execute({
  onProgress: (step, status, progress) => {
    if (last.get(step) === status && status === "running" && progress < 1) return;
    last.set(step, status);
    console.log(`${step}: ${status} (${(progress * 100).toFixed(1)}%)`);
  },
});

console.log(`Executor: ${workflow.executorBackend}`);
console.log(`Status: ${result.status} in ${result.durationMs.toFixed(0)} ms`);
for (const step of result.steps) {
  console.log(`  ${step.name}: ${step.status}, ${step.rows ?? "-"} rows, ${step.attempts} attempt(s)`);
}
process.exitCode = result.status === "completed" ? 0 : 1;
