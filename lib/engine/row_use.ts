/**
 * How many leading rows of each step's output later steps read, worked out
 * before a run from the operations' {@link Operation.inputRows}, last step
 * first. A `sort` whose output only feeds `head {n: 1000}` (directly or
 * through `select`/`rename`) needs its first 1,000 rows, not all of them:
 * `sort` then selects those instead of ordering every row.
 *
 * The answer is conservative, as column_use.ts's: a step's output counts as
 * wholly read when it is a final output (nothing depends on it), when the
 * run keeps every output (the library's keepOutputs), when a dependent reads
 * it other than as its `input`, or when a dependent's operation doesn't say
 * how many rows it reads.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import type { StepSpec } from "../types.ts";
import type { Graph } from "./graph.ts";

/**
 * Per step: how many leading rows of its output later steps read, or
 * undefined for all. `primary[x]` is the index, among step x's dependencies,
 * of the one that is its `input` (-1: none).
 */
export function rowsUsed(
  g: Graph,
  steps: readonly StepSpec[],
  ops: readonly Operation[],
  primary: Int32Array,
  keepAll: boolean,
): (number | undefined)[] {
  const used: (number | undefined)[] = new Array(g.n);
  if (keepAll) return used;
  for (let j = g.n - 1; j >= 0; j--) {
    const id = g.order[j];
    const start = g.succStart[id], end = g.succStart[id + 1];
    if (start === end) continue; // a final output: every row
    let need = 0;
    for (let k = start; k < end; k++) {
      const x = g.succs[k];
      const reads = isInputOf(g, primary, id, x) ? readsOf(steps, ops, used, x) : undefined;
      if (reads === undefined) {
        need = -1;
        break;
      }
      need = Math.max(need, reads);
    }
    if (need >= 0) used[id] = need;
  }
  return used;
}

/** Whether step `id` is step x's `input`, and x lists it once. */
function isInputOf(g: Graph, primary: Int32Array, id: number, x: number): boolean {
  let times = 0;
  for (let k = g.depStart[x]; k < g.depStart[x + 1]; k++) if (g.deps[k] === id) times++;
  return times === 1 && primary[x] >= 0 && g.deps[g.depStart[x] + primary[x]] === id;
}

/** How many leading rows of its input step x reads, or undefined for any. */
function readsOf(steps: readonly StepSpec[], ops: readonly Operation[], used: (number | undefined)[], x: number): number | undefined {
  const op = ops[x];
  if (!op.inputRows) return undefined;
  try {
    const n = op.inputRows(steps[x].params, used[x]);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined; // odd params are the step's own error to report when it runs
  }
}
