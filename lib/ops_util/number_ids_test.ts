import assert from "node:assert/strict";
import { NumberIds } from "./number_ids.ts";

/** Feeds `values` twice and checks ids against a Map. */
function check(values: number[]): NumberIds {
  const ids = new NumberIds();
  const want = new Map<number, number>();
  let next = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (const v of values) {
      const got = ids.idOf(v, next);
      if (!want.has(v)) {
        assert.equal(got, next, `new ${v}`);
        want.set(v, next++);
      } else assert.equal(got, want.get(v), `again ${v}`);
    }
  }
  assert.equal(ids.size, want.size);
  return ids;
}

Deno.test("NumberIds gives each distinct number one id: ascending, descending and shuffled ids", () => {
  check(Array.from({ length: 200_000 }, (_, i) => i + 1));
  check(Array.from({ length: 100_000 }, (_, i) => 50_000 - i));
  check(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003 - 300));
});

Deno.test("NumberIds moves to hashing for fractions, sparse values and numbers beyond int32, keeping earlier ids", () => {
  const ids: number[] = [];
  for (let i = 0; i < 3000; i++) ids.push(i);
  ids.push(0.5, 1e300, -1e-300, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, Infinity, -Infinity);
  for (let i = 0; i < 5000; i++) ids.push(i * 1_000_003, i + 0.25);
  check(ids);
  check([5, 10_000_000, 5, -10_000_000]);
  check([0.5, 1, 2, 3]);
});
