import assert from "node:assert/strict";
import { IdleSpin, type SpinLink, SpinShare } from "./idle_spin.ts";

/** Lets the spin scheduled after a job run (it is a task of its own), then returns. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

interface Running {
  link: SpinLink;
  awake: Int32Array;
  spin: IdleSpin;
}

/** A worker's side configured by main (`ms` of spin on `cores` cores) and running its first job, for `fn`. */
async function inJob(ms: number, cores: number, fn: (r: Running) => void | Promise<void>): Promise<void> {
  const link = new SpinShare(ms, cores).link();
  const spin = new IdleSpin();
  try {
    link.posted();
    spin.received(link.config);
    spin.jobStarts();
    await fn({ link, awake: link.config.awake, spin });
  } finally {
    spin.close();
  }
}

Deno.test("IdleSpin counts a worker awake through its job and its spin, then lets it rest", () =>
  inJob(5, 2, async ({ awake, spin }) => {
    assert.equal(Atomics.load(awake, 0), 1);
    const t = performance.now();
    spin.jobEnded();
    assert.equal(Atomics.load(awake, 0), 1, "awake until the spin is over");
    await turn();
    assert.ok(performance.now() - t >= 5, "spun for its 5 ms");
    assert.equal(Atomics.load(awake, 0), 0);
  }));

Deno.test("IdleSpin stops spinning at once when main has posted, and stays awake for the message", () =>
  inJob(10_000, 2, async ({ link, awake, spin }) => {
    spin.jobEnded();
    link.posted(); // a job is on its way
    const t = performance.now();
    await turn();
    assert.ok(performance.now() - t < 5_000, "did not spin for its 10 s");
    assert.equal(Atomics.load(awake, 0), 1);
    spin.received();
    spin.jobStarts();
    assert.equal(Atomics.load(awake, 0), 1, "counted once");
  }));

Deno.test("IdleSpin goes back to spinning after a message that is not a job, until its time is up", () =>
  // long enough that the first turn surely ends within it, even on a loaded machine
  inJob(1_000, 2, async ({ link, awake, spin }) => {
    spin.jobEnded();
    link.posted(); // say, "free"
    await turn();
    spin.received();
    spin.handled();
    assert.equal(Atomics.load(awake, 0), 1);
    await turn();
    assert.equal(Atomics.load(awake, 0), 0, "rests once its second is over");
    spin.received();
    spin.handled();
    assert.equal(Atomics.load(awake, 0), 0, "no spin after its time");
  }));

Deno.test("IdleSpin does not spin on a core another worker needs", () =>
  inJob(10_000, 2, async ({ awake, spin }) => {
    Atomics.add(awake, 0, 1); // another worker of the pool runs a job: 2 awake on 2 cores
    const t = performance.now();
    spin.jobEnded();
    await turn();
    assert.ok(performance.now() - t < 5_000);
    assert.equal(Atomics.load(awake, 0), 1, "only the other worker is counted");
  }));

Deno.test("SpinLink.release() takes a terminated worker out of the awake count for good", () =>
  inJob(10, 4, ({ link, awake, spin }) => {
    assert.equal(Atomics.load(awake, 0), 1);
    link.release();
    assert.equal(Atomics.load(awake, 0), 0);
    spin.jobStarts(); // a terminated thread may still run a moment
    spin.jobEnded();
    assert.equal(Atomics.load(awake, 0), 0);
    link.release();
    assert.equal(Atomics.load(awake, 0), 0);
  }));

Deno.test("SpinShare refuses a spin time that is negative or not a number", () => {
  assert.throws(() => new SpinShare(-1), /use a number of ms ≥ 0/);
  assert.throws(() => new SpinShare(Number.NaN), /use a number of ms ≥ 0/);
});

Deno.test("IdleSpin with 0 ms keeps no worker awake after its job", () =>
  inJob(0, 2, ({ awake, spin }) => {
    spin.jobEnded();
    assert.equal(Atomics.load(awake, 0), 0);
  }));

Deno.test("SpinLink.release() ends the spin of a terminated worker at once (Deno stops a busy worker only after 2 s)", async () => {
  const link = new SpinShare(60_000, 2).link();
  const worker = new Worker(new URL("../../tests/fixtures/engine/spin_worker.ts", import.meta.url).href, { type: "module" });
  try {
    const next = () => new Promise<string>((resolve) => (worker.onmessage = (e) => resolve(e.data)));
    let reply = next();
    link.posted();
    worker.postMessage({ config: link.config });
    assert.equal(await reply, "ready");
    await new Promise((resolve) => setTimeout(resolve, 50)); // spinning now, for a minute
    reply = next();
    link.release();
    worker.postMessage({}); // not counted as posted: only the release can end the spin
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still spinning after 10 s"), 10_000)));
    assert.equal(await Promise.race([reply, late]), "pong");
    clearTimeout(timer);
  } finally {
    worker.terminate();
  }
});
