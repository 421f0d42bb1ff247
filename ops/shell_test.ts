import assert from "node:assert/strict";
import { aq } from "../lib/deps.ts";
import type { Table } from "../lib/types.ts";
import { testContext } from "../lib/ops_util/test_util.ts";
import { shell } from "./shell.ts";

Deno.test("shell runs a program, logs its output lines and passes the input through", async () => {
  const input = aq.table({ a: [1] }) as unknown as Table;
  const ctx = testContext({ cmd: ["sh", "-c", "echo one; echo two >&2; printf 'no newline'"] }, input);
  const out = await shell.run(ctx);
  assert.equal(out, input);
  assert.deepEqual(ctx.logs.sort(), ["no newline", "one", "stderr: two"]);
});

Deno.test("shell passes arguments without shell interpolation, with cwd and env", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ctx = testContext({ cmd: ["sh", "-c", 'echo "$1|$PFW_TEST|$(pwd)"', "x", "$HOME `id` *"], cwd: dir, env: { PFW_TEST: 42 } });
    await shell.run(ctx);
    assert.deepEqual(ctx.logs, [`$HOME \`id\` *|42|${await Deno.realPath(dir)}`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("shell fails on a non-zero exit with the code and the last stderr lines", async () => {
  const ctx = testContext({ cmd: ["sh", "-c", "echo first >&2; echo boom >&2; exit 3"] });
  await assert.rejects(async () => await shell.run(ctx), (e: Error & { exitCode?: number }) => {
    assert.equal(e.name, "DataError");
    assert.ok(e.message.endsWith("exited with code 3; last stderr lines:\n  first\n  boom"), e.message);
    assert.equal(e.exitCode, 3);
    return true;
  });
});

Deno.test("shell reports a program that does not exist", async () => {
  await assert.rejects(async () => await shell.run(testContext({ cmd: ["pfw-no-such-program-xyz"] })), /no such program/);
});

Deno.test("shell kills the program when the step is aborted", async () => {
  const controller = new AbortController();
  const ctx = testContext({ cmd: ["sleep", "30"] }, undefined, {}, controller.signal);
  const started = Date.now();
  const running = shell.run(ctx);
  setTimeout(() => controller.abort(new Error("cancelled by test")), 100);
  await assert.rejects(async () => await running, /cancelled by test/);
  assert.ok(Date.now() - started < 10_000, "the sleep was not killed");
});

Deno.test("shell check() wants a list, not a command string", () => {
  const [p] = shell.check!({ cmd: "python3 x.py --fast" });
  assert.match(p.message, /must be a list/);
  assert.match(p.hint ?? "", /\["python3", "x.py", "--fast"\]/);
  assert.match(shell.check!({ cmd: [] })[0].message, /non-empty/);
  assert.deepEqual(shell.check!({ cmd: ["ls", "-l"] }), []);
});
