/**
 * Times pfw's transforms (query, groupby_agg, join, sort, derive) on 1M rows
 * read by pfw's own CSV reader, next to the same work done with stock Arquero
 * verbs on the same table, in one run. Prints the first (cold) time and the
 * median of the following runs, in milliseconds.
 *
 * Usage: deno run -A bench/transforms.ts [rows=1000000] [reps=7]
 *        bun bench/transforms.ts [rows] [reps]
 *
 * @module
 */
import { aq } from "../lib/deps.ts";
import type { Operation } from "../lib/operation.ts";
import type { Table } from "../lib/types.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { testContext } from "../lib/ops_util/test_util.ts";
import { derive } from "../ops/derive.ts";
import { groupby_agg } from "../ops/groupby_agg.ts";
import { join } from "../ops/join.ts";
import { query } from "../ops/query.ts";
import { sort } from "../ops/sort.ts";
import { makeCsv } from "./make_data.ts";

const args = typeof Deno !== "undefined" ? Deno.args : (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
const rows = Number(args[0] ?? 1_000_000);
const reps = Number(args[1] ?? 7);

function time(f: () => unknown): { cold: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { cold: times[0], median: rest.length ? rest[rest.length >> 1] : times[0] };
}

function runOp(op: Operation, params: Record<string, unknown>, input?: Table, inputs?: Record<string, Table>): Table {
  const out = op.run(testContext(params, input, inputs));
  if (out instanceof Promise) throw new Error("synchronous ops only");
  return out as Table;
}

const t0 = performance.now();
const table = await parseCsv(makeCsv({ rows }));
console.log(`# ${rows} rows, ${reps} reps; data ready in ${(performance.now() - t0).toFixed(0)} ms (${typeof Deno !== "undefined" ? "Deno " + Deno.version.deno : "Bun"})`);
const dims = aq.table({
  category: Array.from({ length: 100 }, (_, i) => `cat_${String(i).padStart(3, "0")}`),
  weight: Array.from({ length: 100 }, (_, i) => i / 10),
}) as unknown as Table;
const filtered = runOp(query, { expr: "value > 100" }, table);

// deno-lint-ignore no-explicit-any
const t = table as any;
const cases: [string, () => unknown, () => unknown][] = [
  ["query value > 100", () => runOp(query, { expr: "value > 100" }, table), () => t.filter("d => d.value > 100").reify()],
  ["query and/in", () => runOp(query, { expr: "value > 100 and region in ['north', 'east']" }, table), () => t.filter("d => d.value > 100 && (d.region === 'north' || d.region === 'east')").reify()],
  ["groupby category sum,mean", () => runOp(groupby_agg, { by: ["category"], agg: { amount: ["sum", "mean"] } }, table), () => t.groupby("category").rollup({ s: aq.op.sum("amount"), m: aq.op.mean("amount") }).orderby("category")],
  ["groupby after query", () => runOp(groupby_agg, { by: ["category"], agg: { amount: ["sum", "mean"] } }, filtered), () => (filtered as never as typeof t).groupby("category").rollup({ s: aq.op.sum("amount"), m: aq.op.mean("amount") }).orderby("category")],
  ["groupby category,region 4 fns", () => runOp(groupby_agg, { by: ["category", "region"], agg: { amount: ["sum", "count", "min", "max"] } }, table), () => t.groupby("category", "region").rollup({ s: aq.op.sum("amount"), c: aq.op.valid("amount"), a: aq.op.min("amount"), b: aq.op.max("amount") }).orderby("category", "region")],
  ["join 100-row dimension", () => runOp(join, { on: "category" }, undefined, { table, dims }), () => t.join(dims, "category")],
  ["sort by value", () => runOp(sort, { by: "value" }, table), () => t.orderby("value").reify()],
  ["sort by category, -amount", () => runOp(sort, { by: ["category", "amount"], ascending: [true, false] }, table), () => t.orderby("category", aq.desc("amount")).reify()],
  ["derive amount * 2 + value", () => runOp(derive, { columns: { x: "amount * 2 + value" } }, table), () => t.derive({ x: "d => d.amount * 2 + d.value" })],
];

console.log("| case | pfw cold | pfw median | arquero cold | arquero median | arquero / pfw |");
console.log("|---|---|---|---|---|---|");
for (const [name, ours, theirs] of cases) {
  const a = time(ours);
  const b = time(theirs);
  console.log(`| ${name} | ${a.cold.toFixed(1)} | ${a.median.toFixed(1)} | ${b.cold.toFixed(1)} | ${b.median.toFixed(1)} | ${(b.median / a.median).toFixed(1)}× |`);
}
