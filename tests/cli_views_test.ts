import assert from "node:assert/strict";
import { BufferedWriter, memoryIO } from "../lib/cli/io.ts";
import { createStyle, stripAnsi } from "../lib/cli/style.ts";
import { chooseViewMode, createRunView, type RunViewInit, type StepInfo } from "../lib/cli/progress_view.ts";
import { TtyView } from "../lib/cli/tty_view.ts";
import { runFinishedLine } from "../lib/cli/json_view.ts";
import type { ProgressEvent, RunResult } from "../lib/types.ts";

const STEPS: StepInfo[] = [
  { name: "load", operation: "read_csv", resourceHint: "io_bound" },
  { name: "transform", operation: "query", resourceHint: "cpu_bound" },
];

function ev(step: string, status: ProgressEvent["status"], extra: Partial<ProgressEvent> = {}): ProgressEvent {
  return { step, status, attempt: status === "queued" ? 0 : 1, progress: 0, elapsedMs: 10, ...extra };
}

const RESULT: RunResult = {
  runId: "run-1",
  status: "failed",
  startedAt: 0,
  durationMs: 1234,
  steps: [
    { name: "load", status: "completed", attempts: 1, durationMs: 20, rows: 1000 },
    { name: "transform", status: "failed", attempts: 2, durationMs: 30, error: "bad expression" },
  ],
};

function init(io = memoryIO(), steps = STEPS): RunViewInit {
  return { io, style: createStyle(io), steps, runId: "run-1", engine: "parallel", file: "p.yml" };
}

Deno.test("view mode: json wins, then quiet, then tty on a terminal, else plain", () => {
  assert.equal(chooseViewMode({ json: true, quiet: true, isTTY: true }), "json");
  assert.equal(chooseViewMode({ quiet: true, isTTY: true }), "quiet");
  assert.equal(chooseViewMode({ isTTY: true }), "tty");
  assert.equal(chooseViewMode({ isTTY: false }), "plain");
});

Deno.test("plain view prints one line per state change, not per progress report", () => {
  const io = memoryIO();
  const view = createRunView("plain", init(io));
  view.start();
  view.onEvent(ev("load", "queued"));
  view.onEvent(ev("load", "running"));
  view.onEvent(ev("load", "running", { progress: 0.5 }));
  view.onEvent(ev("load", "running", { progress: 0.9 }));
  view.onEvent(ev("load", "completed", { rows: 1000, progress: 1 }));
  view.onEvent(ev("transform", "running"));
  view.onEvent(ev("transform", "retrying", { error: "boom", delayMs: 100 }));
  view.onEvent(ev("transform", "running", { attempt: 2 }));
  view.onEvent(ev("transform", "failed", { attempt: 2, error: "bad expression" }));
  view.finish(RESULT);
  view.close();
  const lines = io.stdout.trimEnd().split("\n");
  assert.match(lines[0], /pfw run p\.yml · 2 steps · parallel/);
  const events = lines.slice(1, 8);
  assert.deepEqual(events.map((l) => l.replace(/^\[[^\]]*\] . /, "")), [
    "load queued",
    "load running",
    "load completed, 1,000 rows",
    "transform running",
    "transform retrying: attempt 1 failed: boom; next try in 100 ms",
    "transform running (attempt 2)",
    "transform failed after 2 attempts: bad expression",
  ]);
  assert.match(io.stdout, /✖ transform: bad expression/);
  assert.match(lines.at(-1)!, /✖ failed: 1 completed, 1 failed of 2 steps after 1\.23 s \(run run-1\)/);
  assert.ok(!io.stdout.includes("\x1b["), "NO_COLOR output has no escape codes");
});

Deno.test("json view writes NDJSON with run_finished last, in the documented shape", () => {
  const io = memoryIO();
  const view = createRunView("json", init(io));
  view.start();
  view.onEvent(ev("load", "running", { progress: 0.25 }));
  view.onLog("load", "hello");
  view.finish(RESULT);
  const lines = io.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], {
    event: "run_started",
    run_id: "run-1",
    pipeline: "p.yml",
    engine: "parallel",
    steps: ["load", "transform"],
  });
  assert.deepEqual(lines[1], { event: "step", step: "load", status: "running", attempt: 1, progress: 0.25, elapsed_ms: 10 });
  assert.deepEqual(lines[2], { event: "log", step: "load", message: "hello" });
  assert.deepEqual(lines.at(-1), {
    event: "run_finished",
    status: "failed",
    run_id: "run-1",
    steps: {
      load: { status: "completed", attempts: 1, duration_ms: 20, rows: 1000 },
      transform: { status: "failed", attempts: 2, duration_ms: 30, rows: null },
    },
  });
  assert.deepEqual(runFinishedLine(RESULT), lines.at(-1));
});

Deno.test("quiet view prints only the failures and the closing line", () => {
  const io = memoryIO();
  const view = createRunView("quiet", init(io));
  view.start();
  view.onEvent(ev("load", "running"));
  view.onLog("load", "chatter");
  view.finish(RESULT);
  assert.equal(io.stdout.trimEnd().split("\n").length, 2);
  assert.ok(!io.stdout.includes("chatter"));
});

Deno.test("tty view draws bars, rows, retries and ETA, each line within the terminal width", () => {
  const io = memoryIO({ isTTY: true, env: {}, columns: 90 });
  const view = new TtyView(init(io));
  view.onEvent(ev("load", "completed", { rows: 1234, progress: 1 }));
  view.onEvent(ev("transform", "running", { progress: 0.5 }));
  const frame = view.render().map(stripAnsi);
  assert.match(frame[0], /pfw run p\.yml · parallel · 1\/2 done · 1 running/);
  assert.match(frame[1], /✔ load\s+█+ 100%.*1,234 rows/);
  assert.match(frame[2], /transform\s+█+░+\s+50%.*ETA/);
  view.onEvent(ev("transform", "retrying", { error: "flaky disk", delayMs: 500 }));
  const retry = view.render().map(stripAnsi)[2];
  assert.match(retry, /↻ transform.*try 2 in \d+ ms · flaky disk/);
  for (const line of view.render()) assert.ok(stripAnsi(line).length <= 89, `too wide: ${line}`);
  assert.ok(view.render().join("").includes("\x1b[3"), "colors on a terminal without NO_COLOR");
  view.close();
});

Deno.test("tty view fits a big pipeline into the terminal, showing active and failed steps first", () => {
  const steps = Array.from({ length: 500 }, (_, i) => ({ name: `s${i}`, operation: "noop", resourceHint: "io_bound" }));
  const io = memoryIO({ isTTY: true, rows: 12, columns: 80 });
  const view = new TtyView(init(io, steps));
  for (let i = 0; i < 100; i++) view.onEvent(ev(`s${i}`, "completed", { progress: 1 }));
  view.onEvent(ev("s40", "failed", { error: "x" }));
  view.onEvent(ev("s300", "running"));
  const frame = view.render().map(stripAnsi);
  assert.ok(frame.length <= 12, `frame has ${frame.length} lines`);
  assert.ok(frame.some((l) => /s300\b/.test(l)), "the running step is shown");
  assert.ok(frame.some((l) => /✖ s40\b/.test(l)), "the failed step is shown");
  assert.match(frame.at(-1)!, /… \d+ more steps/);
  assert.match(frame[0], /99\/500 done · 1 running · 1 failed/);
  view.close();
});

Deno.test("tty view draws on its timer, not per event, redraws in place and restores the cursor", async () => {
  const io = memoryIO({ isTTY: true, env: { NO_COLOR: "1" } });
  const view = createRunView("tty", init(io)) as TtyView;
  view.start();
  for (let i = 0; i < 1000; i++) view.onEvent(ev("load", "running", { progress: i / 1000 }));
  const framesAfterBurst = view.frames;
  assert.equal(framesAfterBurst, 1, "events alone do not draw");
  for (let waited = 0; view.frames < 2 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.ok(view.frames >= 2, "the frame timer redraws a running step");
  view.finish({
    ...RESULT,
    status: "completed",
    steps: RESULT.steps.map((s) => ({ ...s, status: "completed", error: undefined })),
  });
  view.close();
  assert.ok(io.stdout.startsWith("\x1b[?25l"), "hides the cursor");
  assert.ok(io.stdout.includes("\x1b[3F"), "moves up over the previous frame");
  assert.ok(io.stdout.endsWith("\x1b[?25h") || io.stdout.includes("\x1b[?25h"), "shows the cursor again");
  assert.match(stripAnsi(io.stdout), /✔ completed: 2 steps/);
  // deno-lint-ignore no-control-regex
  assert.ok(!/\x1b\[3\dm/.test(io.stdout), "NO_COLOR: no color codes, only cursor control");
});

Deno.test("buffered writer batches small writes, flushing on size, on demand and after a delay", async () => {
  const chunks: string[] = [];
  const w = new BufferedWriter((t) => chunks.push(t), { maxChars: 10, maxDelayMs: 5 });
  w.write("abc");
  w.write("def");
  assert.deepEqual(chunks, []);
  w.write("ghij");
  assert.deepEqual(chunks, ["abcdefghij"], "flushed once 10 characters wait");
  w.write("k");
  w.flush();
  assert.deepEqual(chunks, ["abcdefghij", "k"]);
  w.write("late");
  while (chunks.length < 3) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(chunks, ["abcdefghij", "k", "late"]);
  w.flush();
  assert.equal(chunks.length, 3, "nothing left to flush");
});
