import assert from "node:assert/strict";
import { CancellationToken } from "./cancellation.ts";
import { CancelledError } from "../errors.ts";

Deno.test("CancellationToken aborts its signal once, with a CancelledError carrying the reason", () => {
  const token = new CancellationToken();
  let calls = 0;
  token.signal.addEventListener("abort", () => calls++);
  assert.equal(token.cancelled, false);
  token.cancel("user stop");
  token.cancel("again");
  assert.equal(token.cancelled, true);
  assert.equal(calls, 1);
  assert.ok(token.signal.reason instanceof CancelledError);
  assert.equal(token.signal.reason.message, "user stop");
});
