import assert from "node:assert/strict";
import { decodeUtf8Values, encodeUtf8Values } from "./utf8_strings.ts";

const perValue = new TextDecoder("utf-8", { ignoreBOM: true });

/** Bytes and offsets of byte strings laid end to end. */
function layout(parts: Uint8Array[], shared = false): { bytes: Uint8Array; offsets: Int32Array } {
  const total = parts.reduce((t, p) => t + p.length, 0);
  const bytes = shared ? new Uint8Array(new SharedArrayBuffer(total)) : new Uint8Array(total);
  const offsets = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => {
    bytes.set(p, offsets[i]);
    offsets[i + 1] = offsets[i] + p.length;
  });
  return { bytes, offsets };
}

function oneByOne(bytes: Uint8Array, offsets: Int32Array, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(perValue.decode(bytes.slice(offsets[i], offsets[i + 1])));
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("decodeUtf8Values() gives the strings a decode per value gives: ASCII, accents, CJK, emoji, empty, BOM", () => {
  const strings = ["", "abc", "café", "北京", "a😀b", "", "\uFEFFkept", "x".repeat(40), "ñ".repeat(20)];
  for (const shared of [false, true]) {
    const { bytes, offsets } = layout(strings.map(enc), shared);
    assert.deepEqual(decodeUtf8Values(bytes, offsets, 0, strings.length), strings);
    assert.deepEqual(decodeUtf8Values(bytes, offsets, 2, 5), strings.slice(2, 5));
    assert.deepEqual(decodeUtf8Values(bytes, offsets, 3, 3), []);
  }
});

Deno.test("decodeUtf8Values() falls back to one decode per value for invalid bytes and a character cut in two", () => {
  const invalid = [enc("ok"), new Uint8Array([0x61, 0xff, 0x62]), enc("é")];
  const cut = [new Uint8Array([0x61, 0xc3]), new Uint8Array([0xa9, 0x62]), enc("z")]; // "é" split across two values
  for (const parts of [invalid, cut]) {
    const { bytes, offsets } = layout(parts);
    assert.deepEqual(decodeUtf8Values(bytes, offsets, 0, parts.length), oneByOne(bytes, offsets, 0, parts.length));
  }
  // the cut one really differs from decoding the bytes as a whole
  assert.deepEqual(decodeUtf8Values(layout(cut).bytes, layout(cut).offsets, 0, 3), ["a\uFFFD", "\uFFFDb", "z"]);
});

Deno.test("decodeUtf8Values() matches a decode per value on random mixed text", () => {
  let seed = 1;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = ["a", "Z", "0", ",", "é", "ß", "中", "😀", "\u0301", " "];
  const strings = Array.from({ length: 3000 }, () => Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(""));
  const { bytes, offsets } = layout(strings.map(enc), true);
  assert.deepEqual(decodeUtf8Values(bytes, offsets, 0, strings.length), strings);
});

Deno.test("encodeUtf8Values() gives the bytes an encode per value gives, lone surrogates included", () => {
  const cases = [
    ["a", "bc", "", "d"],
    ["café", "😀", "北京", ""],
    ["lone \uD800 high", "\uDC00 lone low"],
    ["ends high \uD83D", "\uDE00 starts low"], // joined, these two would make one emoji
  ];
  for (const strings of cases) {
    const { bytes, offsets } = encodeUtf8Values(strings);
    const want = layout(strings.map(enc));
    assert.deepEqual(Array.from(offsets), Array.from(want.offsets), strings.join("|"));
    assert.deepEqual(Array.from(bytes), Array.from(want.bytes), strings.join("|"));
  }
});
