/**
 * Which columns of each step's output later steps read, worked out before a
 * run from the operations' {@link Operation.inputColumns}, last step first.
 * A reader whose output only feeds `query value > 100` and then
 * `groupby_agg by category, agg amount` needs three columns of the file, not
 * all of them; skipping the rest saves parsing and memory.
 *
 * The answer is conservative: a step's output counts as fully used when it
 * is a final output (nothing depends on it), when the run keeps every output
 * (the library's keepOutputs), when a dependent reads it as other than its
 * first input, or when a dependent's operation doesn't say what it reads.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import type { StepSpec } from "../types.ts";
import type { Graph } from "./graph.ts";

/**
 * Per step: the output columns that later steps read, or undefined for all.
 * `primary[x]` is the index among step x's dependencies of the one it reads as its input.
 */
export function columnsUsed(
  g: Graph,
  steps: readonly StepSpec[],
  ops: readonly Operation[],
  primary: Int32Array,
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
      const reads = readsOf(g, steps, ops, primary, used, x, id);
      if (reads) for (const c of reads) need.add(c);
      else need = undefined;
    }
    used[id] = need;
  }
  return used.map((set) => (set ? [...set] : undefined));
}

/** The columns of `dep`'s output that step x reads, or undefined for any. */
function readsOf(
  g: Graph,
  steps: readonly StepSpec[],
  ops: readonly Operation[],
  primary: Int32Array,
  used: (Set<string> | undefined)[],
  x: number,
  dep: number,
): Iterable<string> | undefined {
  const op = ops[x];
  const p = primary[x];
  if (!op.inputColumns || p < 0 || g.deps[g.depStart[x] + p] !== dep) return undefined;
  try {
    return op.inputColumns(steps[x].params, used[x]);
  } catch {
    return undefined; // odd params are the step's own error to report when it runs
  }
}
