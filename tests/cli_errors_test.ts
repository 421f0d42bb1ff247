import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { cli } from "../lib/cli/cli.ts";
import { EXIT, exitCodeFor, formatError } from "../lib/cli/format_error.ts";
import { memoryIO } from "../lib/cli/io.ts";
import { createStyle } from "../lib/cli/style.ts";
import { CancelledError, DataError, SpecError, SpecErrorList, UsageError } from "../lib/errors.ts";

const plain = createStyle({ isTTY: false, env: {} });

Deno.test("exit codes: usage and spec errors 2, cancellation 130, anything else 1", () => {
  assert.equal(exitCodeFor(new UsageError("x")), EXIT.usage);
  assert.equal(exitCodeFor(new SpecErrorList([new SpecError("x")])), EXIT.usage);
  assert.equal(exitCodeFor(new CancelledError()), EXIT.cancelled);
  assert.equal(exitCodeFor(new DataError("x")), EXIT.failed);
  assert.equal(exitCodeFor(new TypeError("x")), EXIT.failed);
});

Deno.test("a spec error list prints each problem with file:line:col, the source line, a caret and the hint", () => {
  const dir = mkdtempSync(join(tmpdir(), "pfw-err-"));
  try {
    const file = join(dir, "p.yml");
    writeFileSync(file, "pipeline:\n  - name: a\n    operation: slep\n");
    const text = formatError(
      new SpecErrorList([new SpecError('unknown operation "slep"', { file, line: 3, col: 16, hint: 'did you mean "sleep"?' })]),
      { style: plain },
    );
    assert.equal(
      text,
      [
        "error: 1 problem in the pipeline; nothing was run",
        "",
        `  ${file}:3:16: unknown operation "slep"`,
        "  3 |     operation: slep",
        "    |                ^",
        '  hint: did you mean "sleep"?',
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

Deno.test("an unexpected error is one line and a bug note; the stack only with PFW_DEBUG", () => {
  const err = new TypeError("cannot read x of undefined");
  const short = formatError(err, { style: plain });
  assert.equal(short.split("\n")[0], "error: cannot read x of undefined");
  assert.match(short, /this is a bug in pfw/);
  assert.ok(!short.includes("at "), "no stack without PFW_DEBUG");
  const debug = formatError(err, { style: plain, debug: true });
  assert.ok(debug.includes(err.stack!.split("\n")[1].trim()), "stack with PFW_DEBUG");
  assert.ok(!/bug in pfw/.test(formatError(new UsageError("bad flag"), { style: plain })), "a user mistake is not called a bug");
});

Deno.test("cli() runs in-process: help, version, and usage errors on stderr with exit 2", async () => {
  const io = memoryIO();
  assert.equal(await cli(["help", "graph"], io), 0);
  assert.match(io.stdout, /Usage: pfw graph FILE/);
  const bad = memoryIO();
  assert.equal(await cli(["rnu"], bad), 2);
  assert.match(bad.stderr, /unknown command "rnu" \(did you mean "run"\?\)/);
  const none = memoryIO();
  assert.equal(await cli([], none), 2, "no command is a usage error, with the help shown");
  assert.match(none.stdout, /Commands:/);
  const flag = memoryIO();
  assert.equal(await cli(["--verbose"], flag), 2);
  assert.match(flag.stderr, /unknown option --verbose/);
});
