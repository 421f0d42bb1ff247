import assert from "node:assert/strict";
import { utf8Compare, utf8Ranks } from "./utf8_rank.ts";
import { mulberry32 } from "./random.ts";
import { encodeUtf8Values } from "../table/utf8_strings.ts";
import { validityFromNulls } from "../table/arrow_build.ts";

/** Dense ranks by `<` (UTF-16 code units), -1 for null: what utf8Ranks must give. */
function reference(values: (string | null)[]): number[] {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))].sort();
  const rank = new Map(distinct.map((v, i) => [v, i]));
  return values.map((v) => (v === null ? -1 : rank.get(v)!));
}

function ranksOf(values: (string | null)[], rows?: number[]): number[] | undefined {
  const { bytes, offsets } = encodeUtf8Values(values.map((v) => v ?? ""));
  const nulls = values.flatMap((v, i) => (v === null ? [i] : []));
  const validity = nulls.length ? validityFromNulls(nulls, nulls.length, values.length) : null;
  const r = utf8Ranks({ bytes, offsets, validity }, rows ?? values.map((_, i) => i));
  return r && Array.from(r);
}

Deno.test("utf8Ranks() ranks like < on short, long, shared-prefix, non-ASCII, NUL-padded, empty and null strings", () => {
  const rand = mulberry32(11);
  const pick = (s: string) => s[Math.floor(rand() * s.length)];
  const values: (string | null)[] = [];
  for (let i = 0; i < 18_000; i++) { // 3,000 per kind: ties on 8 bytes run past RADIX_RUN
    const kind = i % 6;
    if (kind === 0) values.push(rand() < 0.1 ? null : "");
    else if (kind === 1) values.push("customer_" + String(Math.floor(rand() * 5000)).padStart(6, "0") + (rand() < 0.5 ? "" : pick("ab")));
    else if (kind === 2) values.push(Array.from({ length: Math.floor(rand() * 20) }, () => pick("aZé中\u0000 ~")).join(""));
    else if (kind === 3) values.push("same long value shared by many rows, longer than every word");
    else if (kind === 4) values.push("a" + "\u0000".repeat(Math.floor(rand() * 12)));
    else values.push(String(Math.floor(rand() * 100)));
  }
  assert.deepEqual(ranksOf(values), reference(values));
  // positions that are a permutation of some rows, with repeats
  const rows = Array.from({ length: 5000 }, () => Math.floor(rand() * values.length));
  const picked = rows.map((r) => values[r]);
  assert.deepEqual(ranksOf(values, rows), reference(picked));
});

Deno.test("utf8Ranks() declines columns where byte order and UTF-16 order can differ", () => {
  assert.equal(ranksOf(["a", "\uE000", "b"]), undefined);
  assert.equal(ranksOf(["a", "😀"]), undefined);
  assert.deepEqual(ranksOf(["ÿ", "ā", "a"]), [1, 2, 0]);
});

Deno.test("utf8Compare() gives what < and == give on the strings, nulls false, and declines non-ASCII columns", () => {
  const values = ["user1@x.org", "user10@x.org", "user2@x.org", "", null, "user1", "user1@x.org", "zz", "A"];
  const { bytes, offsets } = encodeUtf8Values(values.map((v) => v ?? ""));
  const nulls = values.flatMap((v, i) => (v === null ? [i] : []));
  const validity = validityFromNulls(nulls, nulls.length, values.length);
  const ops: Record<string, (a: string, b: string) => boolean> = {
    "==": (a, b) => a === b,
    "!=": (a, b) => a !== b,
    "<": (a, b) => a < b,
    "<=": (a, b) => a <= b,
    ">": (a, b) => a > b,
    ">=": (a, b) => a >= b,
  };
  for (const lit of ["user1@x.org", "user1", "user2", "", "é", "😀", "user10@x.org!"]) {
    for (const [op, f] of Object.entries(ops)) {
      const test = utf8Compare(op, { bytes, offsets, validity }, lit)!;
      const got = values.map((_, r) => test(r));
      assert.deepEqual(got, values.map((v) => v !== null && f(v, lit)), `${op} ${JSON.stringify(lit)}`);
    }
  }
  const accented = encodeUtf8Values(["é", "e"]);
  assert.equal(utf8Compare("<", { ...accented, validity: null }, "f"), undefined);
});
