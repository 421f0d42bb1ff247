/**
 * Times pfw's transforms (query, groupby_agg, join, sort, derive, concat) on 1M rows
 * read by pfw's own CSV reader, next to the same work done with stock Arquero
 * verbs on the same table, in one run. Prints the first (cold) time and the
 * median of the following runs, in milliseconds.
 *
 * Usage: deno run -A bench/transforms.ts [rows=1000000] [reps=7] [filter]
 *        bun bench/transforms.ts [rows] [reps] [filter]
 * (filter: run only the cases whose name contains it)
 *
 * @module
 */
import { aq } from "../lib/deps.ts";
import type { Operation } from "../lib/operation.ts";
import type { Table } from "../lib/types.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { testContext } from "../lib/ops_util/test_util.ts";
import { concat } from "../ops/concat.ts";
import { derive } from "../ops/derive.ts";
import { groupby_agg } from "../ops/groupby_agg.ts";
import { join } from "../ops/join.ts";
import { query } from "../ops/query.ts";
import { sort } from "../ops/sort.ts";
import { makeCsv } from "./make_data.ts";

const args = typeof Deno !== "undefined" ? Deno.args : (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
const rows = Number(args[0] ?? 1_000_000);
const reps = Number(args[1] ?? 7);
const only = args[2] ?? "";

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
const filteredB = runOp(query, { expr: "amount >= 10" }, table);
const fourColumns = { revenue: "amount * value / 100", year: "year(date)", month: "month(date)", band: "if(amount >= 5000, 'high', 'low')" };

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
  ["concat 2 filtered (dates, dicts)", () => runOp(concat, {}, undefined, { a: filtered, b: filteredB }), () => (filtered as never as typeof t).concat(filteredB).reify()],
  ["derive year(date)", () => runOp(derive, { columns: { y: "year(date)" } }, table), () => t.derive({ y: "d => op.utcyear(d.date)" })],
  ["derive if(amount >= 5000, ...)", () => runOp(derive, { columns: { b: "if(amount >= 5000, 'high', 'low')" } }, table), () => t.derive({ b: "d => d.amount >= 5000 ? 'high' : 'low'" })],
  ["derive 4 columns (transform.yml)", () => runOp(derive, { columns: fourColumns }, table), () =>
    t.derive({
      revenue: "d => d.amount * d.value / 100",
      year: "d => op.utcyear(d.date)",
      month: "d => op.utcmonth(d.date) + 1",
      band: "d => d.amount >= 5000 ? 'high' : 'low'",
    })],
  ["derive 4 columns after query", () => runOp(derive, { columns: fourColumns }, filteredB), () =>
    (filteredB as never as typeof t).derive({
      revenue: "d => d.amount * d.value / 100",
      year: "d => op.utcyear(d.date)",
      month: "d => op.utcmonth(d.date) + 1",
      band: "d => d.amount >= 5000 ? 'high' : 'low'",
    })],
  ["derive amount * 2 + value", () => runOp(derive, { columns: { x: "amount * 2 + value" } }, table), () => t.derive({ x: "d => d.amount * 2 + d.value" })],
];

console.log("| case | pfw cold | pfw median | arquero cold | arquero median | arquero / pfw |");
console.log("|---|---|---|---|---|---|");
for (const [name, ours, theirs] of cases.filter(([name]) => name.includes(only))) {
  const a = time(ours);
  const b = time(theirs);
  console.log(`| ${name} | ${a.cold.toFixed(1)} | ${a.median.toFixed(1)} | ${b.cold.toFixed(1)} | ${b.median.toFixed(1)} | ${(b.median / a.median).toFixed(1)}× |`);
}
