import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { OperationRegistry } from "../registry.ts";
import type { OpContext } from "../operation.ts";
import { loadModules, operationFromExport } from "./modules.ts";
import { Problems } from "./problems.ts";

const builtin = { name: "read_csv", description: "built-in", resourceHint: "io_bound" as const, params: {}, run: () => undefined };

async function withModules(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "pfw-spec-modules-"));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

Deno.test("each export with a run function becomes an operation that workers can import", async () => {
  await withModules({
    "ops.ts": `
      export const scale = {
        description: "Scales.",
        resourceHint: "io_bound",
        params: { factor: { type: "number" } },
        required: ["factor"],
        run: (ctx: { params: { factor: number } }) => [{ x: ctx.params.factor * 2 }],
      };
      export const anything = { run() { return [{ ok: true }]; } };
      export const not_an_op = 42;
      export default { run() {} };
    `,
  }, async (dir) => {
    const registry = new OperationRegistry().register(builtin);
    const problems = new Problems("p.yml");
    const urls = await loadModules(["ops.ts"], ["modules"], { problems, registry, baseDir: dir });
    assert.deepEqual(problems.errors, []);
    const url = pathToFileURL(join(dir, "ops.ts")).href;
    assert.deepEqual(urls, [url]);
    assert.deepEqual(registry.names(), ["anything", "read_csv", "scale"]);
    const scale = registry.get("scale")!;
    assert.equal(scale.description, "Scales.");
    assert.equal(scale.resourceHint, "io_bound");
    assert.deepEqual(scale.params, { factor: { type: "number" } });
    assert.deepEqual(scale.required, ["factor"]);
    assert.deepEqual(scale.source, { moduleUrl: url, exportName: "scale" });
    assert.equal(scale.openParams, undefined);
    assert.deepEqual(await scale.run({ params: { factor: 4 } } as unknown as OpContext), [{ x: 8 }]);
    const anything = registry.get("anything")!;
    assert.equal(anything.description, "custom operation from ops.ts");
    assert.equal(anything.resourceHint, "cpu_bound");
    assert.equal(anything.openParams, true);
    assert.deepEqual(await anything.run({} as OpContext), [{ ok: true }]);
    // loading the same module into the same registry again is harmless
    await loadModules(["ops.ts"], ["modules"], { problems, registry, baseDir: dir });
    assert.deepEqual(problems.errors, []);
  });
});

Deno.test("module problems: missing file, failed import, built-in clash, no operations, bad hint", async () => {
  await withModules({
    "broken.ts": "export const x = { run() { return 1 } ;\n",
    "clash.ts": "export const read_csv = { run() {} };\nexport const twice = { run() {} };\n",
    "again.ts": "export const twice = { run() {} };\n",
    "empty.ts": "export const n = 1;\n",
    "hint.ts": "export const h = { resourceHint: 'gpu_bound', run() {} };\n",
  }, async (dir) => {
    const registry = new OperationRegistry().register(builtin);
    const problems = new Problems("p.yml");
    await loadModules(["missing.ts", "broken.ts", "clash.ts", "again.ts", "empty.ts", "hint.ts", 7], ["modules"], { problems, registry, baseDir: dir });
    const messages = problems.errors.map((e) => `${e.path}: ${e.message}`);
    assert.equal(messages.length, 7, messages.join("\n"));
    assert.match(messages[0], /^modules\[0\]: module file "missing.ts" not found/);
    assert.match(messages[1], /^modules\[1\]: module "broken.ts" failed to import: /);
    assert.equal(messages[2], 'modules[2]: module "clash.ts": export "read_csv" clashes with a built-in operation');
    assert.equal(messages[3], 'modules[3]: module "again.ts": export "twice" clashes with the export of module "clash.ts"');
    assert.equal(messages[4], 'modules[4]: module "empty.ts" exports no operation');
    assert.equal(messages[5], 'modules[5]: module "hint.ts": export "h" has resourceHint "gpu_bound"');
    assert.equal(messages[6], "modules[6]: each module must be a file path, got 7");
    assert.equal(registry.get("read_csv")!.description, "built-in");
  });
});

Deno.test("operationFromExport refuses bad names and param maps", () => {
  const r1 = operationFromExport("bad-name", { run() {} }, "file:///x.ts");
  assert.ok("error" in r1);
  const r2 = operationFromExport("ok", { params: { a: 1 }, run() {} }, "file:///x.ts");
  assert.ok("error" in r2 && /params/.test(r2.error));
});
