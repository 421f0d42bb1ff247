import assert from "node:assert/strict";
import { Problems } from "./problems.ts";
import { parseYamlSource } from "./yaml_source.ts";

function parse(text: string) {
  const problems = new Problems("p.yml");
  const source = parseYamlSource(text, problems);
  return { source, errors: problems.errors };
}

Deno.test("yaml source records the line and column of every value and key", () => {
  const { source } = parse("pipeline:\n  - name: a\n    params:\n      by: [x, 'y']\n      agg: {amount: [sum]}\n");
  const map = source!.map;
  assert.deepEqual(map.get("pipeline[0]")?.pos, { line: 2, col: 5 });
  assert.deepEqual(map.get("pipeline[0].name")?.pos, { line: 2, col: 11 });
  assert.deepEqual(map.get("pipeline[0].name")?.keyPos, { line: 2, col: 5 });
  assert.deepEqual(map.get("pipeline[0].params.by[1]")?.pos, { line: 4, col: 15 });
  assert.deepEqual(map.get("pipeline[0].params.agg.amount")?.keyPos, { line: 5, col: 13 });
  assert.deepEqual(map.get("pipeline[0].params.agg.amount[0]")?.pos, { line: 5, col: 22 });
});

Deno.test("yaml source points an empty value at its key", () => {
  const { source } = parse("a:\nb: 2\n");
  assert.deepEqual(source!.map.get("a")?.pos, { line: 1, col: 1 });
  assert.equal((source!.value as Record<string, unknown>).a, null);
});

Deno.test("yaml syntax errors carry line and column", () => {
  const { source, errors } = parse("pipeline:\n  - name: a\n   operation: b\n");
  assert.equal(source, undefined);
  assert.ok(errors.length >= 1);
  assert.match(errors[0].message, /^YAML syntax error: /);
  assert.equal(errors[0].file, "p.yml");
  assert.equal(errors[0].line, 3);
  assert.ok(errors[0].col! >= 1);
});

Deno.test("duplicate keys are a syntax error at the second key", () => {
  const { errors } = parse("settings:\n  max_parallel: 2\n  max_parallel: 3\n");
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /unique/);
  assert.equal(errors[0].line, 3);
  assert.equal(errors[0].col, 3);
  assert.match(errors[0].hint!, /remove or rename/);
});

Deno.test("a billion-laughs file is refused with an error, not expanded", () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1];
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(",")}]`);
  }
  const { source, errors } = parse(lines.join("\n") + "\n");
  assert.equal(source, undefined);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /aliases expand beyond the limit/);
  assert.equal(errors[0].line, 2);
});

Deno.test("a few aliases and merge keys expand normally", () => {
  const { source, errors } = parse("d: &d {x: 1, y: 2}\ns:\n  - <<: *d\n    z: 3\n  - *d\n");
  assert.deepEqual(errors, []);
  assert.deepEqual(source!.value, { d: { x: 1, y: 2 }, s: [{ x: 1, y: 2, z: 3 }, { x: 1, y: 2 }] });
  // values reached through an alias have no position of their own: the nearest ancestor answers
  assert.deepEqual(source!.map.nearest(["s", 1, "x"])?.pos, { line: 5, col: 5 });
});

Deno.test("an alias inside its own anchor is refused instead of looping", () => {
  const { source, errors } = parse("a: &x\n  b: *x\n");
  assert.equal(source, undefined);
  assert.match(errors[0].message, /contains it/);
  assert.equal(errors[0].line, 2);
});

Deno.test("a file on one line without a newline still gets positions", () => {
  const { source } = parse("pipeline: []");
  assert.deepEqual(source!.map.get("pipeline")?.pos, { line: 1, col: 11 });
});
