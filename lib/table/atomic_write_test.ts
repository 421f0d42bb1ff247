import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomic, writeBytesAtomic } from "./atomic_write.ts";

const enc = new TextEncoder();

function withDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "pfw-atomic-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

Deno.test("writeAtomic creates parent folders and replaces the file on success", withDir(async (dir) => {
  const path = join(dir, "a", "b", "out.txt");
  await writeAtomic(path, (write) => {
    write(enc.encode("hello "));
    write(enc.encode("world"));
  });
  assert.equal(readFileSync(path, "utf8"), "hello world");
  await writeBytesAtomic(path, enc.encode("second"));
  assert.equal(readFileSync(path, "utf8"), "second");
  assert.deepEqual(readdirSync(join(dir, "a", "b")), ["out.txt"]);
}));

Deno.test("a failing write leaves neither the file nor a temporary file", withDir(async (dir) => {
  const path = join(dir, "out.csv");
  await assert.rejects(
    writeAtomic(path, (write) => {
      write(enc.encode("partial"));
      throw new Error("producer failed");
    }),
    /producer failed/,
  );
  assert.deepEqual(readdirSync(dir), []);
}));

Deno.test("a failing write keeps the previous file intact", withDir(async (dir) => {
  const path = join(dir, "out.csv");
  writeFileSync(path, "old");
  await assert.rejects(writeAtomic(path, () => Promise.reject(new Error("nope"))), /nope/);
  assert.equal(readFileSync(path, "utf8"), "old");
  assert.deepEqual(readdirSync(dir), ["out.csv"]);
}));

Deno.test("an aborted write leaves no file and rejects with the reason", withDir(async (dir) => {
  const path = join(dir, "out.csv");
  const controller = new AbortController();
  await assert.rejects(
    writeAtomic(path, async (write) => {
      write(enc.encode("first chunk"));
      controller.abort(new Error("cancelled by user"));
      await Promise.resolve();
      write(enc.encode("second chunk"));
    }, { signal: controller.signal }),
    /cancelled by user/,
  );
  assert.ok(!existsSync(path));
  assert.deepEqual(readdirSync(dir), []);
}));

Deno.test("writing under a file (not a folder) is a DataError naming the path", withDir(async (dir) => {
  writeFileSync(join(dir, "file"), "x");
  await assert.rejects(writeBytesAtomic(join(dir, "file", "out.csv"), enc.encode("x")), (e: Error) => {
    assert.equal(e.name, "DataError");
    assert.match(e.message, /cannot write file/);
    return true;
  });
}));
