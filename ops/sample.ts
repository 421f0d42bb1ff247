/**
 * `sample {n | frac, seed}`: a random subset of rows, without replacement,
 * kept in table order. The same seed gives the same rows on every run.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { inputTable } from "../lib/ops_util/params.ts";
import { choosePositions, seededRandom } from "../lib/ops_util/random.ts";
import { rowList } from "../lib/ops_util/rows.ts";
import { gatherTable } from "../lib/ops_util/table_build.ts";
import { passThrough } from "../lib/ops_util/input_columns.ts";

/** Picks `n` rows, or a fraction `frac` of them, at random (seeded). */
export const sample: Operation = {
  name: "sample",
  description: "Keeps a random subset of rows in table order: n: 100 or frac: 0.1, seed: 42 for the same rows every run.",
  resourceHint: "cpu_bound",
  params: {
    n: { type: "integer", minimum: 0, description: "How many rows (all of them if the table is smaller)." },
    frac: { type: "number", minimum: 0, description: "Fraction of rows, 0..1 (rounded to the nearest row)." },
    seed: { type: "integer", description: "Seed for a repeatable sample; without it each run differs." },
  },
  minInputs: 1,
  check(params) {
    if (params.n === undefined && params.frac === undefined) return [{ param: "n", message: "sample needs n or frac", hint: "write n: 100 or frac: 0.1" }];
    if (params.n !== undefined && params.frac !== undefined) return [{ param: "frac", message: "give n or frac, not both" }];
    if (typeof params.frac === "number" && params.frac > 1) return [{ param: "frac", message: `frac is ${params.frac}, above 1`, hint: "frac is a fraction between 0 and 1" }];
    return [];
  },
  columns: (ctx) => ctx.input,
  inputColumns: passThrough(),
  run(ctx) {
    const table = inputTable(ctx);
    const rows = rowList(table);
    const total = rows.length;
    const want = ctx.params.n !== undefined ? Number(ctx.params.n) : Math.round(Number(ctx.params.frac) * total);
    const k = Math.max(0, Math.min(total, want));
    const seed = ctx.params.seed !== undefined ? Number(ctx.params.seed) : Math.floor(Math.random() * 2 ** 32);
    const picked = choosePositions(total, k, seededRandom(seed));
    for (let i = 0; i < picked.length; i++) picked[i] = rows[picked[i]];
    return gatherTable(table, picked);
  },
};
