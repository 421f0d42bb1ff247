import assert from "node:assert/strict";
import { closest, didYouMean, editDistance, unknownNameHint } from "./did_you_mean.ts";

Deno.test("editDistance counts a swap of neighbours as one edit", () => {
  assert.equal(editDistance("valeu", "value"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("same", "same"), 0);
});

Deno.test("closest suggests the nearest known name and nothing for a far one", () => {
  const ops = ["read_csv", "query", "groupby_agg", "to_parquet"];
  assert.equal(closest("groupby_ag", ops), "groupby_agg");
  assert.equal(closest("Read-CSV", ops), "read_csv");
  assert.equal(closest("quarry", ops), "query");
  assert.equal(closest("completely_different", ops), undefined);
});

Deno.test("closest is strict with short names and falls back to a unique prefix", () => {
  assert.equal(closest("avg", ["sum", "mean", "var"]), undefined);
  assert.equal(closest("cpu", ["cpu_bound", "io_bound", "memory_bound", "network_bound"]), "cpu_bound");
  assert.equal(closest("mem", ["memory_bound", "memory_slots"]), undefined);
});

Deno.test("unknownNameHint gives the guess then the valid names", () => {
  assert.equal(didYouMean("amont", ["id", "amount"]), 'did you mean "amount"?');
  assert.equal(unknownNameHint("amont", ["id", "amount"], "columns"), 'did you mean "amount"? Columns: id, amount');
  assert.equal(unknownNameHint("zzz", ["a", "b"]), "valid: a, b");
  const many = Array.from({ length: 20 }, (_, i) => `c${i}`);
  assert.match(unknownNameHint("x", many), /… \(8 more\)$/);
});
