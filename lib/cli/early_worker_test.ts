import assert from "node:assert/strict";
import { startEarlyWorker, takeEarlyWorker } from "./early_worker.ts";

Deno.test("startEarlyWorker starts one worker once, and takeEarlyWorker hands its pool over once", () => {
  assert.equal(takeEarlyWorker(), undefined, "nothing started yet");
  startEarlyWorker();
  startEarlyWorker();
  const pool = takeEarlyWorker();
  try {
    assert.ok(pool);
    assert.equal(pool.live, 1);
    assert.equal(takeEarlyWorker(), undefined, "handed over once");
  } finally {
    pool?.terminate();
  }
});
