import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandGlob, isGlob, segmentRegExp } from "./glob.ts";

Deno.test("segmentRegExp matches *, ?, classes and alternatives within one segment", () => {
  const cases: [string, string, boolean][] = [
    ["*.csv", "a.csv", true],
    ["*.csv", "a.csvx", false],
    ["*.csv", ".hidden.csv", true],
    ["part-?.csv", "part-1.csv", true],
    ["part-?.csv", "part-10.csv", false],
    ["[ab]*.txt", "b1.txt", true],
    ["[!ab]*.txt", "a1.txt", false],
    ["[0-9].csv", "7.csv", true],
    ["{x,y}.csv", "y.csv", true],
    ["{x,y}.csv", "z.csv", false],
    ["a.b", "axb", false],
  ];
  for (const [glob, name, ok] of cases) assert.equal(segmentRegExp(glob).test(name), ok, `${glob} ${name}`);
  assert.ok(isGlob("data/*.csv"));
  assert.ok(!isGlob("data/file.csv"));
});

Deno.test("expandGlob lists matching files sorted, with ** for any depth", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-glob-"));
  try {
    mkdirSync(join(dir, "data", "2024", "01"), { recursive: true });
    for (const f of ["data/b.csv", "data/a.csv", "data/c.txt", "data/2024/x.csv", "data/2024/01/y.csv", "data/.h.csv"]) writeFileSync(join(dir, f), "");
    assert.deepEqual(expandGlob("data/*.csv", dir), [join(dir, "data/a.csv"), join(dir, "data/b.csv")]);
    assert.deepEqual(expandGlob("data/**/*.csv", dir), [
      join(dir, "data/2024/01/y.csv"),
      join(dir, "data/2024/x.csv"),
      join(dir, "data/a.csv"),
      join(dir, "data/b.csv"),
    ]);
    assert.deepEqual(expandGlob(join(dir, "data/*/x.csv"), "/elsewhere"), [join(dir, "data/2024/x.csv")]);
    assert.deepEqual(expandGlob("nothing/*.csv", dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
