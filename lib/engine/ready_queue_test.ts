import assert from "node:assert/strict";
import { ReadyQueue } from "./ready_queue.ts";

Deno.test("ReadyQueue always pops the queued id with the largest key, growing past its capacity", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = 500;
  const keys = Float64Array.from({ length: n }, (_, i) => Math.floor(rand() * 50) * n + i);
  const q = new ReadyQueue(keys, 4);
  const present = new Set<number>();
  const ids = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
  const check = () => {
    const expected = [...present].reduce((a, b) => (keys[a] > keys[b] ? a : b));
    assert.equal(q.peek(), expected);
    assert.equal(q.pop(), expected);
    present.delete(expected);
  };
  for (const [i, id] of ids.entries()) {
    q.push(id);
    present.add(id);
    if (i % 3 === 0) check();
  }
  while (present.size > 0) check();
  assert.equal(q.size, 0);
  assert.equal(q.pop(), -1);
  assert.equal(q.peek(), -1);
});
