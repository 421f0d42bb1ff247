import assert from "node:assert/strict";
import { PageHelper } from "./page_helper.ts";
import { HELP_MIN, setPageHelper, touchPagesBackward, writtenArray } from "../table/shared_array.ts";

const MiB = 1 << 20;

Deno.test("touchPagesBackward() changes no value and stops at the page the writer reached", () => {
  const buffer = new SharedArrayBuffer(64 * 4096);
  const words = new Int32Array(buffer);
  words[10 * 1024 + 5] = 7; // inside page 10, not its first word: not a sign of the writer
  words[3 * 1024] = 9; // the writer reached page 3
  assert.equal(touchPagesBackward(buffer, 64, 20), 44);
  assert.equal(touchPagesBackward(buffer, 44, 100), 0);
  assert.deepEqual([words[10 * 1024 + 5], words[3 * 1024]], [7, 9]);
  assert.equal(words.reduce((t, v) => t + v, 0), 16);
});

Deno.test("writtenArray() asks the page helper for large arrays only", () => {
  const asked: number[] = [];
  setPageHelper((b) => asked.push(b.byteLength));
  try {
    writtenArray(Float64Array, 1000);
    const big = writtenArray(Int32Array, HELP_MIN / 4);
    assert.ok(big.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(asked, [HELP_MIN]);
  } finally {
    setPageHelper(undefined);
  }
  writtenArray(Int32Array, HELP_MIN / 4);
  assert.equal(asked.length, 1);
});

Deno.test("PageHelper faults in pages while a worker fills the buffer, and every value the worker wrote stays", async () => {
  const helper = new PageHelper();
  const worker = new Worker(new URL("../../tests/fixtures/table/fill_worker.ts", import.meta.url).href, { type: "module" });
  try {
    for (const size of [32 * MiB, 8 * MiB + 4, 4 * MiB + 4096 + 2 * 4]) {
      const buffer = new SharedArrayBuffer(size);
      const filled = new Promise((resolve) => (worker.onmessage = resolve));
      worker.postMessage(buffer);
      helper.add(buffer);
      await filled;
      while (helper.pending) await new Promise((r) => setTimeout(r, 1));
      const a = new Int32Array(buffer);
      let bad = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== i + 1) bad++;
      assert.equal(bad, 0, `${size} bytes`);
    }
  } finally {
    worker.terminate();
    helper.stop();
  }
});
