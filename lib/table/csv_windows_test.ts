import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flechette } from "../deps.ts";
import { arrowColumnOf } from "./arrow_table.ts";
import { parseCsv, readCsv } from "./csv_reader.ts";

function quoteHeavy(rows: number): string {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const pieces = ["a", "b,c", 'say ""x""', "line\nbreak", "cr\r\nlf", "é😀", "", "NA", "12", "3.5"];
  const out = ["id,text,amount,when"];
  for (let i = 0; i < rows; i++) {
    const p = pieces[Math.floor(rand() * pieces.length)];
    const quoted = /[,"\n\r]/.test(p) || rand() < 0.3 ? `"${p}"` : p;
    const amount = rand() < 0.1 ? "" : (rand() * 1000 - 500).toFixed(Math.floor(rand() * 4));
    const when = rand() < 0.1 ? "" : `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    out.push(`${i},${quoted},${amount},${when}`);
  }
  // line ends vary: LF, CRLF and lone CR
  return out.map((line) => line + ["\n", "\r\n", "\r"][Math.floor(rand() * 3)]).join("");
}

Deno.test("reading a file window by window gives the same table at every window size", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-csvwin-"));
  try {
    const text = quoteHeavy(120);
    const file = join(dir, "q.csv");
    writeFileSync(file, text);
    const expected = (await parseCsv(text, {}, { generic: true })).objects();
    assert.equal(expected.length, 120);
    const subset = (await parseCsv(text, { columns: ["when", "id"] }, { generic: true })).objects();
    assert.deepEqual(subset, (expected as Record<string, unknown>[]).map((r) => ({ when: r.when, id: r.id })));
    for (let w = 4; w <= 160; w += 3) {
      const got = (await readCsv([file], {}, { windowBytes: w })).objects();
      assert.deepEqual(got, expected, `window ${w}`);
      // unselected columns are skipped, quoted line breaks included
      assert.deepEqual((await readCsv([file], { columns: ["when", "id"] }, { windowBytes: w })).objects(), subset, `subset, window ${w}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("the generated loop and the generic loop agree", async () => {
  const text = quoteHeavy(3000);
  const a = await parseCsv(text, {}, { generic: true });
  const b = await parseCsv(text);
  assert.deepEqual(b.objects(), a.objects());
  assert.equal(a.numRows(), 3000);
});

Deno.test("errors in a file read by windows name the right line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-csvwin-"));
  try {
    const lines = ["a,b"];
    for (let i = 0; i < 200; i++) lines.push(i % 10 === 0 ? `"multi\nline ${i}",${i}` : `x${i},${i}`);
    lines.push("broken");
    const file = join(dir, "bad.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    // 200 records, 20 of them two lines long, plus the header: the broken record is on line 222
    await assert.rejects(readCsv([file], {}, { windowBytes: 64 }), (e: Error & { line?: number; file?: string }) => {
      assert.equal(e.line, 222);
      assert.equal(e.file, file);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("several files are concatenated and must share a header", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-csvwin-"));
  try {
    writeFileSync(join(dir, "1.csv"), "k,v\na,1\n");
    writeFileSync(join(dir, "2.csv"), "k,v\nb,2.5\nc,\n");
    writeFileSync(join(dir, "3.csv"), "k,w\nd,4\n");
    const t = await readCsv([join(dir, "1.csv"), join(dir, "2.csv")]);
    assert.deepEqual(t.objects(), [{ k: "a", v: 1 }, { k: "b", v: 2.5 }, { k: "c", v: null }]);
    await assert.rejects(readCsv([join(dir, "1.csv"), join(dir, "3.csv")]), /columns differ from the first file's/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("an aborted read stops with the signal's reason", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop now"));
  await assert.rejects(parseCsv("a\n1\n", { signal: controller.signal }), /stop now/);
});

Deno.test("generated and generic loops agree on booleans, nulls and promotions", async () => {
  const text = "b,n,s\ntrue,1,x\nFALSE,,y\nTrue,2.5,\n\"false\",NA,\"q\"\"\"\nnull,3,z\n";
  const a = await parseCsv(text, {}, { generic: true });
  const b = await parseCsv(text);
  assert.deepEqual(b.objects(), a.objects());
  assert.deepEqual(b.array("b"), [true, false, true, false, null]);
  const promoted = "b\ntrue\nfalse\nyes\n";
  assert.deepEqual((await parseCsv(promoted)).array("b"), ["true", "false", "yes"]);
});

Deno.test("a string column with mostly distinct values switches to plain strings, same values", async () => {
  const n = 70000;
  const lines = ["id,key,grp"];
  for (let i = 0; i < n; i++) lines.push(`${i},${i % 1000 === 0 ? "NA" : i % 777 === 0 ? `"q,${i}"` : `u${i}`},g${i % 5}`);
  const text = lines.join("\n") + "\n";
  const t = await parseCsv(text);
  const g = await parseCsv(text, {}, { generic: true });
  const key = arrowColumnOf(t.column("key"))!;
  assert.equal((key.type as { typeId: number }).typeId, flechette.Type.Utf8);
  assert.equal((arrowColumnOf(t.column("grp"))!.type as { typeId: number }).typeId, flechette.Type.Dictionary);
  assert.deepEqual(t.array("key"), g.array("key"));
  assert.equal(t.get("key", 0), null);
  assert.equal(t.get("key", 777), "q,777");
  assert.equal(t.get("key", 69999), "u69999");
  assert.equal(key.nullCount, 70);
  // the same, read by small windows with quoted line breaks cut at window ends
  const dir = mkdtempSync(join(tmpdir(), "pfw-csvwin-"));
  try {
    const file = join(dir, "text.csv");
    writeFileSync(file, text.replaceAll('"q,', '"q\n'));
    const expected = (await parseCsv(text.replaceAll('"q,', '"q\n'), {}, { generic: true })).objects();
    assert.deepEqual((await readCsv([file], {}, { windowBytes: 3000 })).objects(), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
