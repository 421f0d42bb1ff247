/**
 * `join {on | left_on + right_on, how, suffixes, left?, right?}`: a hash join
 * of two inputs on equal key values.
 *
 * Rules: null keys never match (SQL). Row order: inner, left, semi and anti
 * follow the left table (each left row's matches in right-table order);
 * right follows the right table; outer is the left join followed by the
 * unmatched right rows. With `on`, each key column appears once (for right
 * and outer joins it holds the right key where the left has none); with
 * left_on/right_on both key columns are kept. Other columns present on both
 * sides get `suffixes` (default `_x`, `_y`).
 *
 * Keys of both sides are coded into one dense id space (dictionary columns
 * through their dictionaries), right rows are bucketed by id with a counting
 * sort, and output rows are gathered by index. When every left row matches
 * at most once (a lookup into a dimension table) the left columns are reused
 * untouched. Output columns no later step reads (ctx.columnsUsed) are not
 * made at all. Measured on 1M rows against a 100-row dimension (bench/transforms.ts,
 * Deno, same run, loaded machine): 63 ms median against 1,644 ms for Arquero's `join`.
 *
 * @module
 */
import type { ColumnContext, Operation, OpContext } from "../lib/operation.ts";
import { DataError } from "../lib/errors.ts";
import type { Table } from "../lib/types.ts";
import { columnData } from "../lib/ops_util/column_data.ts";
import { joinKeys } from "../lib/ops_util/keys.ts";
import { checkColumns, COLUMN_LIST, requireColumns, stringList } from "../lib/ops_util/params.ts";
import { usedOutputs } from "../lib/ops_util/input_columns.ts";
import { activeRows, rowList } from "../lib/ops_util/rows.ts";
import { type ColumnInput, columnFromJS, makeTable } from "../lib/ops_util/table_build.ts";

const HOWS = ["inner", "left", "right", "outer", "semi", "anti"] as const;
type How = typeof HOWS[number];

interface JoinPlan {
  leftOn: string[];
  rightOn: string[];
  how: How;
  suffixes: [string, string];
  shared: boolean; // `on` given: key columns appear once
}

function plan(params: Record<string, unknown>): JoinPlan {
  const on = stringList(params.on);
  const leftOn = on.length ? on : stringList(params.left_on);
  const rightOn = on.length ? on : stringList(params.right_on);
  const sfx = Array.isArray(params.suffixes) ? params.suffixes.map(String) : ["_x", "_y"];
  return { leftOn, rightOn, how: (params.how ?? "inner") as How, suffixes: [sfx[0] ?? "_x", sfx[1] ?? "_y"], shared: on.length > 0 };
}

/** Output column layout: for each output name, where its values come from. */
interface OutColumn {
  name: string;
  side: "left" | "right" | "key";
  source: string;
  /** For shared keys: the right-side key column. */
  rightSource?: string;
}

function layout(left: readonly string[], right: readonly string[], p: JoinPlan): OutColumn[] {
  const out: OutColumn[] = [];
  if (p.how === "semi" || p.how === "anti") return left.map((c) => ({ name: c, side: "left", source: c }));
  const sharedKeys = new Map<string, string>();
  if (p.shared) p.leftOn.forEach((k, i) => sharedKeys.set(k, p.rightOn[i]));
  const rightSkip = new Set(p.shared ? p.rightOn : []);
  const rightNames = new Set(right.filter((c) => !rightSkip.has(c)));
  const leftNames = new Set(left);
  for (const c of left) {
    if (sharedKeys.has(c)) out.push({ name: c, side: "key", source: c, rightSource: sharedKeys.get(c) });
    else out.push({ name: rightNames.has(c) ? c + p.suffixes[0] : c, side: "left", source: c });
  }
  for (const c of right) {
    if (rightSkip.has(c)) continue;
    out.push({ name: leftNames.has(c) ? c + p.suffixes[1] : c, side: "right", source: c });
  }
  return out;
}

function sides(inputs: Record<string, unknown>, params: Record<string, unknown>): { left?: string; right?: string } {
  const names = Object.keys(inputs);
  const left = params.left !== undefined ? String(params.left) : names[0];
  const right = params.right !== undefined ? String(params.right) : names.find((n) => n !== left) ?? names[1];
  return { left, right };
}

/** Joins two inputs on key columns. */
export const join: Operation = {
  name: "join",
  description: "Joins two inputs on equal keys: on: id (or left_on/right_on), how: inner|left|right|outer|semi|anti.",
  resourceHint: "cpu_bound",
  params: {
    on: { ...COLUMN_LIST, description: "Key column(s) with the same name on both sides; they appear once in the output." },
    left_on: { ...COLUMN_LIST, description: "Key column(s) of the left input (with right_on)." },
    right_on: { ...COLUMN_LIST, description: "Key column(s) of the right input (with left_on)." },
    how: { type: "string", enum: HOWS, default: "inner", description: "inner, left, right, outer, semi (left rows with a match) or anti (left rows without)." },
    suffixes: { type: "array", items: { type: "string" }, minItems: 2, default: ["_x", "_y"], description: "Added to non-key columns present on both sides." },
    left: { type: "string", description: "The step whose output is the left table (default: the first dependency)." },
    right: { type: "string", description: "The step whose output is the right table (default: the second dependency)." },
  },
  minInputs: 2,
  check(params) {
    const on = stringList(params.on);
    const lo = stringList(params.left_on), ro = stringList(params.right_on);
    if (on.length && (lo.length || ro.length)) return [{ param: "on", message: "give either on or left_on + right_on, not both" }];
    if (!on.length && !lo.length && !ro.length) return [{ param: "on", message: "join needs key columns", hint: "write on: id, or left_on: a and right_on: b" }];
    if (!on.length && lo.length !== ro.length) {
      return [{ param: "right_on", message: `left_on has ${lo.length} column(s) but right_on has ${ro.length}`, hint: "give the same number of key columns on both sides" }];
    }
    return [];
  },
  columns(ctx: ColumnContext) {
    const { left, right } = sides(ctx.inputs, ctx.params);
    const l = left !== undefined ? ctx.inputs[left] : undefined;
    const r = right !== undefined ? ctx.inputs[right] : undefined;
    const p = plan(ctx.params);
    const param = p.shared ? "on" : undefined;
    if (l) checkColumns(ctx, param ?? "left_on", p.leftOn, l);
    if (r) checkColumns(ctx, param ?? "right_on", p.rightOn, r);
    if (!l || !r) return undefined;
    return layout(l, r, p).map((c) => c.name);
  },
  inputColumns(params, used) {
    // One set for both sides: a column both sides have stays on both, so output names keep their suffixes.
    if (!used) return undefined;
    const p = plan(params);
    const need = new Set([...p.leftOn, ...p.rightOn]);
    for (const c of used) {
      need.add(c);
      for (const sfx of p.suffixes) if (sfx && c.endsWith(sfx)) need.add(c.slice(0, -sfx.length));
    }
    return need;
  },
  run(ctx) {
    const { leftTable, rightTable } = resolveInputs(ctx);
    const p = plan(ctx.params);
    requireColumns(leftTable, ctx, p.shared ? "on" : "left_on", p.leftOn);
    requireColumns(rightTable, ctx, p.shared ? "on" : "right_on", p.rightOn);
    return hashJoin(leftTable, rightTable, p, ctx.signal, ctx.columnsUsed);
  },
};

function resolveInputs(ctx: OpContext): { leftTable: Table; rightTable: Table } {
  const { left, right } = sides(ctx.inputs, ctx.params);
  const leftTable = left !== undefined ? ctx.inputs[left] : undefined;
  const rightTable = right !== undefined ? ctx.inputs[right] : undefined;
  const known = Object.keys(ctx.inputs).join(", ") || "none";
  if (!leftTable) throw new DataError(`step "${ctx.step}": no input "${left ?? ""}" for the left side of the join (inputs: ${known}); list it in depends_on`);
  if (!rightTable) throw new DataError(`step "${ctx.step}": no input "${right ?? ""}" for the right side of the join (inputs: ${known}); list it in depends_on`);
  return { leftTable, rightTable };
}

function hashJoin(left: Table, right: Table, p: JoinPlan, signal: AbortSignal, used?: readonly string[]): Table {
  const build = (lIdx: Int32Array | null, rIdx: Int32Array) => buildOutput(left, right, p, lIdx, rIdx, used);
  const rRows = rowList(right);
  const keys = joinKeys(left, p.leftOn, right, p.rightOn, activeRows(left), activeRows(right) ? rRows : null);
  // Bucket right positions by key id (counting sort), keeping right order inside a bucket.
  const k = keys.count;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < keys.right.length; i++) if (keys.right[i] >= 0) start[keys.right[i] + 1]++;
  for (let i = 0; i < k; i++) start[i + 1] += start[i];
  const fill = start.slice(0, k);
  const bucket = new Int32Array(start[k]);
  for (let i = 0; i < keys.right.length; i++) {
    const id = keys.right[i];
    if (id >= 0) bucket[fill[id]++] = i;
  }
  signal.throwIfAborted();

  const nL = keys.left.length;
  if (p.how === "semi" || p.how === "anti") {
    const lRows = rowList(left);
    const want = p.how === "semi";
    const out: number[] = [];
    for (let i = 0; i < nL; i++) {
      const id = keys.left[i];
      const has = id >= 0 && start[id + 1] > start[id];
      if (has === want) out.push(lRows[i]);
    }
    return build(Int32Array.from(out), new Int32Array(out.length).fill(-1));
  }

  // Count output rows first so the index arrays are allocated once.
  let total = 0, most = 0, unmatched = 0;
  for (let i = 0; i < nL; i++) {
    const id = keys.left[i];
    const m = id >= 0 ? start[id + 1] - start[id] : 0;
    if (m > most) most = m;
    if (m === 0) unmatched++;
    total += m > 0 ? m : p.how === "left" || p.how === "outer" ? 1 : 0;
  }
  // Each left row gives exactly one output row (a lookup into a dimension table):
  // the left columns are reused as they are and only the right side is gathered.
  if (most <= 1 && !activeRows(left) && (p.how === "left" || (p.how === "inner" && unmatched === 0))) {
    const outR = new Int32Array(nL);
    for (let i = 0; i < nL; i++) {
      const id = keys.left[i];
      outR[i] = id >= 0 && start[id + 1] > start[id] ? rRows[bucket[start[id]]] : -1;
    }
    return build(null, outR);
  }
  const lRows = rowList(left);
  let matchedRight: Uint8Array | null = null;
  if (p.how === "right" || p.how === "outer") matchedRight = new Uint8Array(rRows.length);
  const outL = new Int32Array(total);
  const outR = new Int32Array(total);
  let w = 0;
  const keepUnmatchedLeft = p.how === "left" || p.how === "outer";
  for (let i = 0; i < nL; i++) {
    const id = keys.left[i];
    const a = id >= 0 ? start[id] : 0, b = id >= 0 ? start[id + 1] : 0;
    if (a === b) {
      if (keepUnmatchedLeft) {
        outL[w] = lRows[i];
        outR[w++] = -1;
      }
      continue;
    }
    for (let j = a; j < b; j++) {
      outL[w] = lRows[i];
      outR[w++] = rRows[bucket[j]];
      if (matchedRight) matchedRight[bucket[j]] = 1;
    }
  }
  signal.throwIfAborted();
  if (p.how === "right") return build(...rightOrder(outL, outR, rRows, matchedRight!));
  if (p.how === "outer") {
    const extra: number[] = [];
    for (let j = 0; j < rRows.length; j++) if (!matchedRight![j]) extra.push(rRows[j]);
    const L = new Int32Array(total + extra.length), R = new Int32Array(total + extra.length);
    L.set(outL);
    R.set(outR);
    L.fill(-1, total);
    R.set(extra, total);
    return build(L, R);
  }
  return build(outL, outR);
}

/** Reorders an inner result into right-table order, adding unmatched right rows in place. */
function rightOrder(outL: Int32Array, outR: Int32Array, rRows: Int32Array, matched: Uint8Array): [Int32Array, Int32Array] {
  // Position of each right data row in rRows.
  const pos = new Map<number, number>();
  for (let j = 0; j < rRows.length; j++) pos.set(rRows[j], j);
  const counts = new Int32Array(rRows.length + 1);
  for (let i = 0; i < outR.length; i++) counts[pos.get(outR[i])! + 1]++;
  for (let j = 0; j < rRows.length; j++) if (!matched[j]) counts[j + 1]++;
  for (let j = 0; j < rRows.length; j++) counts[j + 1] += counts[j];
  const L = new Int32Array(counts[rRows.length]), R = new Int32Array(counts[rRows.length]);
  const fill = counts.slice(0, rRows.length);
  for (let i = 0; i < outR.length; i++) {
    const j = pos.get(outR[i])!;
    L[fill[j]] = outL[i];
    R[fill[j]++] = outR[i];
  }
  for (let j = 0; j < rRows.length; j++) {
    if (!matched[j]) {
      L[fill[j]] = -1;
      R[fill[j]++] = rRows[j];
    }
  }
  return [L, R];
}

/**
 * The output table: left rows `lIdx` (null: every left row, as it is) beside right rows `rIdx`
 * (-1: none); only the columns in `used` when given (no later step reads the others).
 */
function buildOutput(left: Table, right: Table, p: JoinPlan, lIdx: Int32Array | null, rIdx: Int32Array, used?: readonly string[]): Table {
  const cols = usedOutputs(layout(left.columnNames(), right.columnNames(), p), (c) => c.name, used);
  const needsCoalesce = p.how === "right" || p.how === "outer";
  const leftColumn = (name: string): ColumnInput => lIdx ? columnData(left, name).gather(lIdx) as ColumnInput : left.column(name) as unknown as ColumnInput;
  return makeTable(cols.map((c) => {
    if (c.side === "right") return [c.name, columnData(right, c.source).gather(rIdx) as ColumnInput] as const;
    const fromLeft = leftColumn(c.source);
    if (c.side === "left" || !needsCoalesce || !lIdx) return [c.name, fromLeft] as const;
    // Shared key of a right/outer join: take the right key where the left row is missing.
    let missing = false;
    for (let i = 0; i < lIdx.length; i++) {
      if (lIdx[i] < 0) {
        missing = true;
        break;
      }
    }
    if (!missing) return [c.name, fromLeft] as const;
    const lc = columnData(left, c.source), rc = columnData(right, c.rightSource!);
    const values = new Array(lIdx.length);
    for (let i = 0; i < lIdx.length; i++) values[i] = lIdx[i] >= 0 ? lc.get(lIdx[i]) : rIdx[i] >= 0 ? rc.get(rIdx[i]) : null;
    return [c.name, columnFromJS(values)] as const;
  }));
}
