import assert from "node:assert/strict";
import { type CommandSpec, formatHelp, parseArgs, suggestion } from "../lib/cli/args.ts";
import { UsageError } from "../lib/errors.ts";

const SPEC: CommandSpec = {
  name: "run",
  summary: "Runs a pipeline.",
  positionals: [{ name: "FILE", required: true, description: "the pipeline" }],
  flags: [
    { name: "var", type: "string", multiple: true, placeholder: "NAME=VALUE", description: "set a variable" },
    { name: "engine", type: "string", values: ["parallel", "sequential"], description: "engine" },
    { name: "max-parallel", type: "integer", placeholder: "N", description: "limit" },
    { name: "json", type: "boolean", description: "NDJSON" },
    { name: "quiet", short: "q", type: "boolean", description: "quiet" },
  ],
};

Deno.test("parseArgs reads positionals, repeated, inline and short flags", () => {
  const p = parseArgs(["p.yml", "--var", "a=1", "--var=b=2", "-q", "--max-parallel", "3", "--engine=sequential"], SPEC);
  assert.deepEqual(p.positionals, ["p.yml"]);
  assert.deepEqual(p.flags, { var: ["a=1", "b=2"], quiet: true, "max-parallel": 3, engine: "sequential" });
  assert.equal(p.help, false);
});

Deno.test("parseArgs treats everything after -- as positionals", () => {
  assert.deepEqual(parseArgs(["--", "--json"], SPEC).positionals, ["--json"]);
});

Deno.test("parseArgs rejects unknown flags with a suggestion", () => {
  assert.throws(() => parseArgs(["p.yml", "--jsn"], SPEC), (e: Error) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /unknown option --jsn/);
    assert.match(e.message, /did you mean "--json"/);
    return true;
  });
});

Deno.test("parseArgs rejects bad values, missing values and wrong positional counts", () => {
  assert.throws(
    () => parseArgs(["p.yml", "--engine", "paralel"], SPEC),
    /must be one of parallel, sequential.*did you mean "parallel"/,
  );
  assert.throws(() => parseArgs(["p.yml", "--max-parallel", "0"], SPEC), /positive whole number/);
  assert.throws(() => parseArgs(["p.yml", "--max-parallel", "2.5"], SPEC), /positive whole number/);
  assert.throws(() => parseArgs(["p.yml", "--var"], SPEC), /--var needs a value/);
  assert.throws(() => parseArgs(["p.yml", "--json=yes"], SPEC), /takes no value/);
  assert.throws(() => parseArgs([], SPEC), /needs FILE/);
  assert.throws(() => parseArgs(["a.yml", "b.yml"], SPEC), /unexpected argument "b.yml"/);
});

Deno.test("parseArgs accepts --help without the required positionals", () => {
  assert.equal(parseArgs(["--help"], SPEC).help, true);
  assert.equal(parseArgs(["-h"], SPEC).help, true);
});

Deno.test("formatHelp lists usage, arguments and every option", () => {
  const help = formatHelp(SPEC);
  assert.match(help, /Usage: pfw run FILE \[options\]/);
  for (const flag of ["--var NAME=VALUE", "--engine", "--max-parallel N", "--json", "-q, --quiet", "-h, --help"]) {
    assert.ok(help.includes(flag), `help lacks ${flag}`);
  }
});

Deno.test("suggestion names near misses only", () => {
  assert.equal(suggestion("valdate", ["run", "validate", "ops"]), ' (did you mean "validate"?)');
  assert.equal(suggestion("rnu", ["run", "runs"]), ' (did you mean "run"?)');
  assert.equal(suggestion("zzzzzz", ["run", "validate"]), "");
});
