import assert from "node:assert/strict";
import { EventSink } from "./progress.ts";
import type { ProgressEvent } from "../types.ts";

Deno.test("EventSink throttles progress but sends a held-back fraction before the step's final event", () => {
  const events: ProgressEvent[] = [];
  const sink = new EventSink(["a", "b"], (e) => events.push(e), performance.now());
  sink.emit(0, "running", 1);
  sink.progress(0, 1, 0.1); // first report: sent
  sink.progress(0, 1, 0.2); // within 50 ms: held back
  sink.progress(0, 1, 0.3); // replaces the held-back one
  sink.progress(1, 1, 0.5); // another step has its own clock
  sink.emit(0, "failed", 1, { error: "boom" });
  assert.deepEqual(events.map((e) => [e.step, e.status, e.progress, e.error]), [
    ["a", "running", 0, undefined],
    ["a", "running", 0.1, undefined],
    ["b", "running", 0.5, undefined],
    ["a", "running", 0.3, undefined],
    ["a", "failed", 0.3, "boom"],
  ]);
});

Deno.test("EventSink clamps fractions, lets 1 through at once, and survives a throwing listener", () => {
  const seen: number[] = [];
  let calls = 0;
  const originalError = console.error;
  console.error = () => {};
  try {
    const sink = new EventSink(["a"], (e) => {
      calls++;
      seen.push(e.progress);
      throw new Error("listener bug");
    }, performance.now());
    sink.progress(0, 1, -3);
    sink.progress(0, 1, 7);
    sink.emit(0, "completed", 1, { rows: 5 });
  } finally {
    console.error = originalError;
  }
  assert.equal(calls, 3);
  assert.deepEqual(seen, [0, 1, 1]);
});
