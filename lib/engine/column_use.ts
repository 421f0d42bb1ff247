/**
 * Which columns of each step's output later steps read, worked out before a
 * run from the operations' {@link Operation.inputColumns}, last step first.
 * A reader whose output only feeds `query value > 100` and then
 * `groupby_agg by category, agg amount` needs three columns of the file, not
 * all of them; skipping the rest saves parsing and memory.
 *
 * The answer is conservative: a step's output counts as fully used when it
 * is a final output (nothing depends on it), when the run keeps every output
 * (the library's keepOutputs), or when a dependent's operation doesn't say
 * what it reads. What an operation says it reads applies to each of its
 * inputs (a join's both sides).
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import type { StepSpec } from "../types.ts";
import type { Graph } from "./graph.ts";

/** Per step: the output columns that later steps read, or undefined for all. */
export function columnsUsed(
  g: Graph,
  steps: readonly StepSpec[],
  ops: readonly Operation[],
  keepAll: boolean,
): (readonly string[] | undefined)[] {
  const used: (Set<string> | undefined)[] = new Array(g.n);
  if (keepAll) return new Array(g.n);
  for (let j = g.n - 1; j >= 0; j--) {
    const id = g.order[j];
    const start = g.succStart[id], end = g.succStart[id + 1];
    if (start === end) continue; // a final output: every column
    let need: Set<string> | undefined = new Set();
    for (let k = start; k < end && need; k++) {
      const x = g.succs[k];
      const reads = readsOf(steps, ops, used, x);
      if (reads) for (const c of reads) need.add(c);
      else need = undefined;
    }
    used[id] = need;
  }
  return used.map((set) => (set ? [...set] : undefined));
}

/** The columns of its inputs that step x reads, or undefined for any. */
function readsOf(
  steps: readonly StepSpec[],
  ops: readonly Operation[],
  used: (Set<string> | undefined)[],
  x: number,
): Iterable<string> | undefined {
  const op = ops[x];
  if (!op.inputColumns) return undefined;
  try {
    return op.inputColumns(steps[x].params, used[x]);
  } catch {
    return undefined; // odd params are the step's own error to report when it runs
  }
}
