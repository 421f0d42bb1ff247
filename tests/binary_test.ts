/**
 * The compiled binary does what `deno run -A main.ts` does. Builds dist-like
 * `pfw` once with `bash compile.sh`, copies it ALONE into an empty temporary
 * folder and runs it there with PATH=/usr/bin:/bin (no deno, bun or
 * node_modules), then compares its outputs with deno run's: CSV and JSON
 * byte for byte, Parquet by reading the rows back, printed text exactly.
 *
 * @module
 */
import { deepStrictEqual, equal, match, ok, strictEqual } from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
// deno-lint-ignore no-import-prefix
import { parquetReadObjects } from "npm:hyparquet@1.33.0";
import { makeData } from "../examples/make_data.ts";
import { bareEnv, BUN_PATH, buildBinary, installBinary, type ProcessResult, REPO_ROOT, runProcess } from "../build/build_binary.ts";
import { runCli } from "./cli_helper.ts";

const FIXTURE = join(REPO_ROOT, "tests/fixtures/binary");

/** Rows of a Parquet file. */
async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(file);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return await parquetReadObjects({ file: buf });
}

/** Both runs' outputs and results. */
interface Pair {
  deno: ProcessResult;
  bin: ProcessResult;
  denoDir: string;
  binDir: string;
}

/** The [name] log lines of a run's output, sorted (their order across parallel steps may vary). */
function logLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => /^\[[a-z_]+\] /.test(l)).sort();
}

if (!existsSync(BUN_PATH)) {
  console.warn(`tests/binary_test.ts: skipped, ${BUN_PATH} is missing (run npm ci): the binary cannot be built`);
  Deno.test({ name: "compiled binary behaves like deno run (skipped: bun is not installed)", ignore: true, fn() {} });
} else {
  Deno.test("compiled binary behaves like deno run, from an empty folder without deno, bun or node_modules", async (t) => {
    const tmp = await Deno.makeTempDir({ prefix: "pfw-binary-" });
    try {
      const building = buildBinary({ outfile: join(tmp, "build", "pfw") });
      building.catch(() => {}); // awaited in the first step
      const home = join(tmp, "home");
      const work = join(tmp, "work");
      mkdirSync(home);
      mkdirSync(work);
      let pfw = "";
      const bin = (args: string[], cwd = work) => runProcess(pfw, args, { cwd, env: bareEnv(home) });
      const deno = (args: string[], cwd: string) => runCli(args, { cwd, env: { NO_COLOR: "1" } });
      /** Prepares ref/<name> (for deno run) and work/<name> (for the binary) with `setup`, then runs `args` in both. */
      const both = async (name: string, setup: (dir: string) => void, args: string[]): Promise<Pair> => {
        const denoDir = join(tmp, "ref", name);
        const binDir = join(work, name);
        for (const d of [denoDir, binDir]) {
          mkdirSync(d, { recursive: true });
          setup(d);
        }
        const [d, b] = await Promise.all([deno(args, denoDir), bin(args, binDir)]);
        return { deno: d, bin: b, denoDir, binDir };
      };

      const built = await t.step("compile.sh builds a binary that runs alone with PATH=/usr/bin:/bin", async () => {
        const { bytes, outfile } = await building;
        ok(bytes > 10_000_000, `the binary holds the Bun runtime, got ${bytes} bytes`);
        pfw = installBinary(outfile, work);
        deepStrictEqual(readdirSync(work).sort(), ["pfw"]);
        for (const tool of ["deno", "bun"]) ok(!existsSync(`/usr/bin/${tool}`) && !existsSync(`/bin/${tool}`), `${tool} must not be on the bare PATH`);
        const r = await bin(["--version"]);
        strictEqual(r.code, 0, r.stderr);
        match(r.stdout, /^pfw \d+\.\d+\.\d+/);
      });
      if (!built) return; // every other step needs the binary

      await t.step("--version, --help, ops, schema and command help print what deno run prints", async () => {
        const commands = [["--version"], ["--help"], ["ops"], ["ops", "groupby_agg"], ["ops", "--json"], ["schema"], ["run", "--help"], ["init", "--help"]];
        const results = await Promise.all(commands.map((args) => Promise.all([deno(args, tmp), bin(args)])));
        for (const [i, [d, b]] of results.entries()) {
          const args = commands[i];
          strictEqual(b.code, d.code, `pfw ${args.join(" ")}: exit code`);
          strictEqual(b.stdout, d.stdout, `pfw ${args.join(" ")}: stdout`);
        }
        // Output bigger than a pipe's buffer arrives whole before the binary exits (Bun once cut it at 64 KiB).
        const schema = results[commands.findIndex((c) => c[0] === "schema")][1].stdout;
        ok(schema.length > 0 && JSON.parse(schema).title, "pfw schema prints a whole JSON document");
      });

      await t.step("the seed example writes the same Parquet rows as deno run", async () => {
        const setup = (dir: string) => {
          cpSync(join(REPO_ROOT, "examples/seed/pipeline.yml"), join(dir, "pipeline.yml"));
          makeData(join(dir, "data.csv"), 20_000);
        };
        const r = await both("seed", setup, ["run", "pipeline.yml", "--quiet"]);
        strictEqual(r.deno.code, 0, r.deno.stderr);
        strictEqual(r.bin.code, 0, r.bin.stderr);
        const [d, b] = await Promise.all([parquetRows(join(r.denoDir, "output.parquet")), parquetRows(join(r.binDir, "output.parquet"))]);
        ok(d.length > 0, "the seed pipeline writes rows");
        deepStrictEqual(b, d);
      });

      await t.step("TypeScript modules (a cpu_bound op imported by the worker) give byte-identical CSV and JSON", async () => {
        const setup = (dir: string) => {
          for (const f of ["pipeline.yml", "ops.ts", "score.ts"]) cpSync(join(FIXTURE, f), join(dir, f));
          makeData(join(dir, "data.csv"), 2_000);
        };
        const r = await both("custom", setup, ["run", "pipeline.yml"]);
        strictEqual(r.deno.code, 0, r.deno.stdout + r.deno.stderr);
        strictEqual(r.bin.code, 0, r.bin.stdout + r.bin.stderr);
        for (const f of ["summary.csv", "summary.json"]) {
          const d = readFileSync(join(r.denoDir, f));
          ok(d.length > 0, `${f} is written`);
          deepStrictEqual(readFileSync(join(r.binDir, f)), d, `${f} differs between deno run and the binary`);
        }
        const [d, b] = await Promise.all([parquetRows(join(r.denoDir, "scored.parquet")), parquetRows(join(r.binDir, "scored.parquet"))]);
        ok(d.length > 0 && typeof d[0].tag === "string" && typeof d[0].score === "number", "scored.parquet holds the custom columns");
        deepStrictEqual(b, d);
        const logs = logLines(r.bin.stdout);
        equal(logs.length, 3, r.bin.stdout);
        deepStrictEqual(logs, logLines(r.deno.stdout));
      });

      await t.step("validate, graph and ops --pipeline agree with deno run on a pipeline with modules", async () => {
        const setup = (dir: string) => {
          for (const f of ["pipeline.yml", "ops.ts", "score.ts"]) cpSync(join(FIXTURE, f), join(dir, f));
          makeData(join(dir, "data.csv"), 100);
        };
        const commands = [
          ["validate", "pipeline.yml"],
          ["graph", "pipeline.yml"],
          ["graph", "pipeline.yml", "--format", "mermaid"],
          ["graph", "pipeline.yml", "--format", "dot"],
          ["ops", "--pipeline", "pipeline.yml"],
        ];
        const results = await Promise.all(commands.map((args, i) => both(`inspect${i}`, setup, args)));
        for (const [i, r] of results.entries()) {
          const args = commands[i];
          strictEqual(r.bin.code, 0, `pfw ${args.join(" ")}: ${r.bin.stderr}`);
          strictEqual(r.bin.code, r.deno.code);
          strictEqual(r.bin.stdout, r.deno.stdout, `pfw ${args.join(" ")}: stdout`);
        }
      });

      await t.step("a pipeline error is the same readable block with file:line:col and exit 2", async () => {
        const setup = (dir: string) => {
          Deno.writeTextFileSync(join(dir, "bad.yml"), "pipeline:\n  - name: a\n    operation: no_such_op\n");
        };
        const r = await both("bad", setup, ["run", "bad.yml"]);
        strictEqual(r.bin.code, 2);
        strictEqual(r.deno.code, 2);
        match(r.bin.stderr, /bad\.yml:3:\d+/);
        ok(!/\n\s+at /.test(r.bin.stderr), `no stack trace:\n${r.bin.stderr}`);
        strictEqual(r.bin.stderr, r.deno.stderr);
      });

      await t.step("init then run, validate and runs work in the empty folder", async () => {
        const init = await bin(["init", "demo"]);
        strictEqual(init.code, 0, init.stderr);
        const ref = join(tmp, "ref", "init");
        mkdirSync(ref, { recursive: true });
        strictEqual((await deno(["init", "demo"], ref)).code, 0);
        const files = readdirSync(join(work, "demo")).sort();
        ok(files.includes("pipeline.yml") && files.includes("ops.ts"), files.join(", "));
        deepStrictEqual(files, readdirSync(join(ref, "demo")).sort());
        for (const f of files) deepStrictEqual(readFileSync(join(work, "demo", f)), readFileSync(join(ref, "demo", f)), `init wrote a different ${f}`);

        strictEqual((await bin(["validate", "demo/pipeline.yml"])).code, 0);
        // The binary must not read Bun's .env (or bunfig.toml) from the folder it runs in.
        Deno.writeTextFileSync(join(work, ".env"), "PFW_MAX_PARALLEL=not_a_number\n");
        const [d, b] = await Promise.all([deno(["run", "demo/pipeline.yml"], ref), bin(["run", "demo/pipeline.yml"])]);
        strictEqual(b.code, 0, b.stdout + b.stderr);
        strictEqual(d.code, 0, d.stdout + d.stderr);
        deepStrictEqual(logLines(b.stdout), logLines(d.stdout));
        const written = readdirSync(join(work, "demo")).filter((f) => f.endsWith(".parquet"));
        ok(written.length > 0, "the scaffold's run writes a Parquet file");
        for (const f of written) deepStrictEqual(await parquetRows(join(work, "demo", f)), await parquetRows(join(ref, "demo", f)));

        const runs = await bin(["runs", "demo/pipeline.yml", "--json"]);
        strictEqual(runs.code, 0, runs.stderr);
        const rows = JSON.parse(runs.stdout);
        ok(Array.isArray(rows) && rows.length === 1, runs.stdout);
        strictEqual(rows[0].status, "completed");
      });

      await t.step("a run opens no file of the repository or its node_modules (checked with strace)", async () => {
        if (!existsSync("/usr/bin/strace")) {
          console.warn("  (skipped: /usr/bin/strace is not installed)");
          return;
        }
        const dir = join(work, "seed");
        const trace = join(tmp, "strace.txt");
        const r = await runProcess("/usr/bin/strace", ["-f", "-qq", "-e", "trace=%file", "-o", trace, pfw, "run", "pipeline.yml", "--quiet", "--no-db"], {
          cwd: dir,
          env: bareEnv(home),
        });
        if (!existsSync(trace) && /ptrace/i.test(r.stderr)) {
          console.warn(`  (skipped: strace cannot trace here: ${r.stderr.trim()})`);
          return;
        }
        strictEqual(r.code, 0, r.stderr);
        const opened = readFileSync(trace, "utf8");
        match(opened, /data\.csv/, "the trace shows the files the run read");
        const repoPaths = opened.split("\n").filter((l) => l.includes(REPO_ROOT));
        deepStrictEqual(repoPaths, [], "the binary must not read anything from the repository");
      });

      await t.step("SIGINT cancels a running pipeline with exit 130", async () => {
        const dir = join(work, "sigint");
        mkdirSync(dir);
        Deno.writeTextFileSync(join(dir, "slow.yml"), "pipeline:\n  - name: wait\n    operation: sleep\n    params: {ms: 20000}\n");
        const child = new Deno.Command(pfw, { args: ["run", "slow.yml", "--no-db"], cwd: dir, env: bareEnv(home), clearEnv: true, stdout: "piped", stderr: "piped" }).spawn();
        const errText = new Response(child.stderr).text();
        let seen = "";
        const dec = new TextDecoder();
        const reader = child.stdout.getReader();
        while (!seen.includes("running")) {
          const { value, done } = await reader.read();
          if (done) break;
          seen += dec.decode(value);
        }
        if (!seen.includes("running")) {
          const status = await child.status;
          throw new Error(`the binary ended (exit ${status.code}) before the step ran:\n${seen}${await errText}`);
        }
        child.kill("SIGINT");
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          seen += dec.decode(value);
        }
        const status = await child.status;
        await errText;
        strictEqual(status.code, 130, seen);
        match(seen, /cancelled/);
      });
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });
}
