import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sampleCsv } from "../lib/cli/sample_data.ts";
import { runPipeline } from "../lib/engine/run.ts";
import { parsePipeline } from "../lib/spec/load.ts";
import { BUILTIN_OPERATIONS, createDefaultRegistry } from "../ops/mod.ts";
import { operationGroups, OPERATIONS_DOC, REGENERATE_DOCS_COMMAND, renderOperationsDoc, typeText } from "./gen_docs.ts";

const YAML_DOC = fileURLToPath(new URL("../docs/yaml.md", import.meta.url));

/** The fenced blocks of a Markdown file in `lang`. */
function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

Deno.test("docs/operations.md is what build/gen_docs.ts generates from the registry", () => {
  const committed = readFileSync(OPERATIONS_DOC, "utf8");
  ok(committed === renderOperationsDoc(), `docs/operations.md is out of date: run ${REGENERATE_DOCS_COMMAND}`);
});

Deno.test("the operation reference lists every built-in operation exactly once, with its params", () => {
  const grouped = operationGroups().flatMap((g) => g.ops.map((op) => op.name)).sort();
  deepStrictEqual(grouped, BUILTIN_OPERATIONS.map((op) => op.name).sort());
  const doc = renderOperationsDoc();
  for (const op of BUILTIN_OPERATIONS) {
    strictEqual(doc.split(`\n### ${op.name}\n`).length, 2, `one section for ${op.name}`);
    for (const param of Object.keys(op.params)) ok(doc.includes(`| \`${param}\` |`), `${op.name}.${param} is documented`);
  }
});

Deno.test("param types read as words", () => {
  strictEqual(typeText({ type: "string" }), "string");
  strictEqual(typeText({ type: "array", items: { type: "string" } }), "list of string");
  strictEqual(typeText({ anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] }), "string or list of string");
  strictEqual(typeText({ type: "object", additionalProperties: { type: ["string", "number"] } }), "map of (string or number)");
  strictEqual(typeText({ enum: ["snappy", "zstd"] }), 'one of "snappy", "zstd"');
  strictEqual(typeText({}), "any");
});

Deno.test("every pipeline example in docs/yaml.md passes validation", async () => {
  const markdown = readFileSync(YAML_DOC, "utf8");
  const pipelines = codeBlocks(markdown, "yaml").filter((y) => /^pipeline:/m.test(y));
  ok(pipelines.length >= 4, `found ${pipelines.length} pipeline examples`);
  const dir = await Deno.makeTempDir({ prefix: "pfw-docs-" });
  try {
    writeFileSync(join(dir, "ops.ts"), codeBlocks(markdown, "ts")[0]);
    for (const [i, text] of pipelines.entries()) {
      const spec = await parsePipeline(text, {
        registry: createDefaultRegistry(),
        file: join(dir, `example${i + 1}.yml`),
        baseDir: dir,
        variables: { region: "EU" },
        checkColumns: false,
      });
      ok(spec.steps.length > 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the custom operation example in docs/yaml.md runs and adds its column", async () => {
  const markdown = readFileSync(YAML_DOC, "utf8");
  const example = codeBlocks(markdown, "yaml").find((y) => y.startsWith("modules: [ops.ts]"));
  ok(example, "the modules example is in docs/yaml.md");
  const dir = await Deno.makeTempDir({ prefix: "pfw-docs-" });
  try {
    writeFileSync(join(dir, "ops.ts"), codeBlocks(markdown, "ts")[0]);
    writeFileSync(join(dir, "data.csv"), sampleCsv({ rows: 200 }));
    const registry = createDefaultRegistry();
    const spec = await parsePipeline(example, { registry, file: join(dir, "pipeline.yml"), baseDir: dir });
    const result = await runPipeline(spec, { registry, keepOutputs: true });
    strictEqual(result.status, "completed", JSON.stringify(result.steps));
    const rows = (result.outputs?.get("tiered")?.objects() ?? []) as Record<string, unknown>[];
    strictEqual(rows.length, 200);
    for (const row of rows) {
      const v = Number(row.value);
      strictEqual(row.tier, v < 40 ? "low" : v >= 150 ? "high" : "mid");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
