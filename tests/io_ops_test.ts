import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aq } from "../lib/deps.ts";
import { DataError } from "../lib/errors.ts";
import type { ColumnContext, OpContext, Operation } from "../lib/operation.ts";
import type { Table } from "../lib/types.ts";
import { createDefaultRegistry } from "../ops/mod.ts";
import { IO_OPERATIONS } from "../ops/io.ts";

const registry = createDefaultRegistry();
const op = (name: string): Operation => registry.get(name)!;
const d = (s: string) => new Date(s);

function ctxFor(baseDir: string, params: Record<string, unknown>, input?: Table, signal = new AbortController().signal): OpContext & { fractions: number[] } {
  const fractions: number[] = [];
  return {
    params,
    input,
    inputs: input ? { prev: input } : {},
    signal,
    attempt: 1,
    step: "s",
    baseDir,
    progress: (f: number) => void fractions.push(f),
    log: () => {},
    fractions,
  };
}

function columnCtx(baseDir: string, params: Record<string, unknown>): ColumnContext & { missed: string[] } {
  const missed: string[] = [];
  return { params, inputs: {}, baseDir, missing: (param, column) => void missed.push(`${param}:${column}`), missed };
}

async function run(name: string, ctx: OpContext): Promise<Table> {
  return (await op(name).run(ctx)) as Table;
}

function withDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "pfw-io-ops-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

Deno.test("the I/O operations are registered with their YAML names and hints", () => {
  assert.deepEqual(IO_OPERATIONS.map((o) => o.name), ["read_csv", "read_parquet", "read_json", "read_arrow", "to_csv", "to_parquet", "to_json", "to_arrow"]);
  for (const o of IO_OPERATIONS) {
    assert.equal(o.resourceHint, "io_bound");
    assert.deepEqual(o.required, ["path"]);
    assert.equal(o.minInputs, o.name.startsWith("read_") ? 0 : 1);
  }
  assert.deepEqual(Object.keys(op("read_csv").params), ["path", "delimiter", "header", "columns", "dtypes", "null_values", "skip_rows"]);
  assert.deepEqual(Object.keys(op("to_parquet").params), ["path", "compression", "row_group_size"]);
});

Deno.test("read_csv runs on a relative path and reports progress", withDir(async (dir) => {
  writeFileSync(join(dir, "d.csv"), "id,name,day\n1,a,2024-01-01\n2,b,\n");
  const ctx = ctxFor(dir, { path: "d.csv" });
  const t = await run("read_csv", ctx);
  assert.deepEqual(t.objects(), [{ id: 1, name: "a", day: d("2024-01-01T00:00:00Z") }, { id: 2, name: "b", day: null }]);
  assert.equal(ctx.fractions.at(-1), 1);
}));

Deno.test("read_csv columns() reads the header and reports missing columns and dtypes", withDir(async (dir) => {
  writeFileSync(join(dir, "d.csv"), "skip me\nid;name;amount\n1;a;2\n");
  const cc = columnCtx(dir, { path: "d.csv", delimiter: ";", skip_rows: 1 });
  assert.deepEqual(await op("read_csv").columns!(cc), ["id", "name", "amount"]);
  const picked = columnCtx(dir, { path: "d.csv", delimiter: ";", skip_rows: 1, columns: ["amount", "nmae"], dtypes: { idd: "int" } });
  assert.deepEqual(await op("read_csv").columns!(picked), ["amount"]);
  assert.deepEqual(picked.missed, ["columns:nmae", "dtypes:idd"]);
  assert.deepEqual(await op("read_csv").columns!(columnCtx(dir, { path: "d.csv", header: false })), ["column_1"]);
}));

Deno.test("a missing input file is a DataError naming the file, at validation and at run", withDir(async (dir) => {
  for (const name of ["read_csv", "read_parquet", "read_json", "read_arrow"]) {
    await assert.rejects(async () => await op(name).columns!(columnCtx(dir, { path: "nope.dat" })), (e: Error) => {
      assert.ok(e instanceof DataError, name);
      assert.equal(e.file, join(dir, "nope.dat"));
      assert.match(e.message, /no such file/);
      return true;
    });
    await assert.rejects(async () => await run(name, ctxFor(dir, { path: "nope.dat" })), DataError);
  }
  await assert.rejects(async () => await run("read_csv", ctxFor(dir, { path: "none/*.csv" })), /no file matches this pattern/);
}));

Deno.test("a glob reads files in sorted order, concatenated", withDir(async (dir) => {
  mkdirSync(join(dir, "parts"));
  writeFileSync(join(dir, "parts", "b.csv"), "k,v\ny,2\n");
  writeFileSync(join(dir, "parts", "a.csv"), "k,v\nx,1\n");
  writeFileSync(join(dir, "parts", "c.txt"), "k,v\nz,3\n");
  const t = await run("read_csv", ctxFor(dir, { path: "parts/*.csv" }));
  assert.deepEqual(t.objects(), [{ k: "x", v: 1 }, { k: "y", v: 2 }]);
}));

Deno.test("writers write atomically, create folders and return their input", withDir(async (dir) => {
  const input = aq.table({ id: [1, 2, 3], s: ["a", "b,c", null], x: [0.5, null, 2], day: [d("2024-01-01T00:00:00Z"), null, d("2024-01-03T00:00:00Z")] });
  const cases: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
    ["to_csv", {}, "read_csv", {}],
    ["to_parquet", { compression: "zstd" }, "read_parquet", {}],
    ["to_json", { format: "records" }, "read_json", { format: "records" }],
    ["to_json", { format: "ndjson" }, "read_json", { format: "ndjson" }],
    ["to_arrow", {}, "read_arrow", {}],
  ];
  for (const [writer, wp, reader, rp] of cases) {
    const path = `out/${writer}_${wp.format ?? "x"}.dat`;
    const out = await run(writer, ctxFor(dir, { path, ...wp }, input));
    assert.equal(out, input, writer);
    const back = await run(reader, ctxFor(dir, { path, ...rp }));
    assert.deepEqual(back.objects(), input.objects(), `${writer} → ${reader}`);
    assert.deepEqual(await op(reader).columns!(columnCtx(dir, { path, ...rp })), ["id", "s", "x", "day"], reader);
  }
  // no temporary files left behind
  assert.ok(readdirSync(join(dir, "out")).every((f) => !f.endsWith(".tmp")));
}));

Deno.test("to_csv quotes only where needed and writes nulls as empty fields", withDir(async (dir) => {
  const input = aq.table({ a: ["x", 'say "hi"', "l1\nl2", null], b: [1.5, null, -2, 3] });
  await run("to_csv", ctxFor(dir, { path: "o.csv", delimiter: ";" }, input));
  assert.equal(readFileSync(join(dir, "o.csv"), "utf8"), 'a;b\nx;1.5\n"say ""hi""";\n"l1\nl2";-2\n;3\n');
}));

Deno.test("an aborted writer leaves no file behind", withDir(async (dir) => {
  const n = 200_000;
  const input = aq.table({ a: Float64Array.from({ length: n }, (_, i) => i * 1.5) });
  const controller = new AbortController();
  const ctx = ctxFor(dir, { path: "big.csv" }, input, controller.signal);
  ctx.progress = () => controller.abort(new Error("user cancelled"));
  await assert.rejects(run("to_csv", ctx), /user cancelled/);
  assert.deepEqual(readdirSync(dir), []);
}));

Deno.test("read_csv reads an http URL", async () => {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
    if (new URL(req.url).pathname === "/d.csv") return new Response("a,b\n1,x\n");
    return new Response("missing", { status: 404 });
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const t = await run("read_csv", ctxFor("/", { path: `${base}/d.csv` }));
    assert.deepEqual(t.objects(), [{ a: 1, b: "x" }]);
    assert.equal(await op("read_csv").columns!(columnCtx("/", { path: `${base}/d.csv` })), undefined);
    await assert.rejects(run("read_csv", ctxFor("/", { path: `${base}/nope.csv` })), /HTTP 404/);
  } finally {
    await server.shutdown();
  }
});
