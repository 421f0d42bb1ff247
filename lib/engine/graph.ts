/**
 * The DAG of a pipeline as compact integer arrays: step i is the i-th step in
 * file order, its dependencies and dependents are slices of flat Int32Arrays
 * (CSR layout). Built once per run; the scheduler's hot path touches only
 * these arrays.
 *
 * @module
 */
import { ReadyQueue } from "./ready_queue.ts";

/** A compiled DAG. Dependencies of step i are `deps[depStart[i] .. depStart[i+1])`, in depends_on order. */
export interface Graph {
  /** Number of steps. */
  n: number;
  /** Step names by id (file order). */
  names: string[];
  /** Step id by name (built on first use). */
  readonly index: Map<string, number>;
  depStart: Int32Array;
  deps: Int32Array;
  /** Dependents of step i are `succs[succStart[i] .. succStart[i+1])`. */
  succStart: Int32Array;
  succs: Int32Array;
  /** A topological order that keeps file order wherever the edges allow (Kahn's algorithm, lowest index first). */
  order: Int32Array;
  /** Steps on the longest path from step i to a sink, i included (a sink has 1). */
  pathLen: Int32Array;
}

/** What {@link buildGraph} needs of a step. */
export interface GraphStep {
  name: string;
  dependsOn: readonly string[];
}

/**
 * Compiles steps into a {@link Graph}.
 * @throws {TypeError} when a dependency names no step or the steps form a cycle
 * (the spec loader reports these with positions first; this is a guard for specs built in code).
 */
export function buildGraph(steps: readonly GraphStep[]): Graph {
  const n = steps.length;
  const names = new Array<string>(n);
  for (let i = 0; i < n; i++) names[i] = steps[i].name;
  // A Map of 100k names costs more than the whole scheduling: build it only when a
  // dependency is neither the previous step nor the last one looked up (chains, fan-outs).
  let index: Map<string, number> | undefined;
  const lookup = (name: string) => (index ??= indexNames(names)).get(name);
  const depStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) depStart[i + 1] = depStart[i] + steps[i].dependsOn.length;
  const deps = new Int32Array(depStart[n]);
  const outCount = new Int32Array(n);
  let last = -1;
  for (let i = 0, k = 0; i < n; i++) {
    for (const name of steps[i].dependsOn) {
      const d: number | undefined = i > 0 && names[i - 1] === name ? i - 1 : last >= 0 && names[last] === name ? last : lookup(name);
      if (d === undefined) {
        throw new TypeError(`Cannot build the pipeline graph: step "${names[i]}" depends on "${name}", which is not a step`);
      }
      deps[k++] = last = d;
      outCount[d]++;
    }
  }
  const succStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) succStart[i + 1] = succStart[i] + outCount[i];
  const succs = new Int32Array(succStart[n]);
  const fill = succStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let k = depStart[i]; k < depStart[i + 1]; k++) succs[fill[deps[k]]++] = i;
  }

  const order = new Int32Array(n);
  let sorted = true; // file order is already topological when every dependency comes earlier
  for (let k = 0, i = 0; i < n && sorted; i++) {
    for (const end = depStart[i + 1]; k < end; k++) if (deps[k] >= i) sorted = false;
  }
  if (sorted) for (let i = 0; i < n; i++) order[i] = i;
  else kahn(n, names, depStart, succStart, succs, order);

  const pathLen = new Int32Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const id = order[j];
    let best = 0;
    for (let k = succStart[id]; k < succStart[id + 1]; k++) {
      if (pathLen[succs[k]] > best) best = pathLen[succs[k]];
    }
    pathLen[id] = best + 1;
  }
  return {
    n,
    names,
    get index() {
      return index ??= indexNames(names);
    },
    depStart,
    deps,
    succStart,
    succs,
    order,
    pathLen,
  };
}

function indexNames(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i], i);
  return index;
}

/** Kahn's algorithm; the heap pops the lowest index first (key = -index), so file order is kept where possible. */
function kahn(n: number, names: string[], depStart: Int32Array, succStart: Int32Array, succs: Int32Array, order: Int32Array): void {
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = depStart[i + 1] - depStart[i];
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = -i;
  const queue = new ReadyQueue(keys, n);
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  let seen = 0;
  for (let id = queue.pop(); id >= 0; id = queue.pop()) {
    order[seen++] = id;
    for (let k = succStart[id]; k < succStart[id + 1]; k++) {
      if (--indeg[succs[k]] === 0) queue.push(succs[k]);
    }
  }
  if (seen < n) {
    const stuck = names.filter((_, i) => indeg[i] > 0);
    throw new TypeError(`Cannot build the pipeline graph: the steps ${stuck.map((s) => `"${s}"`).join(", ")} form a cycle`);
  }
}
