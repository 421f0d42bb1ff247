/**
 * Checks of the step graph: unique names, dependencies that exist, no step
 * depending on itself, no cycles (printed in data-flow order: a → b → c → a,
 * where b depends on a). Also yields a topological order for the column checks.
 *
 * Linear in steps plus edges, iterative (a 100,000-step chain does not
 * overflow the stack).
 *
 * @module
 */
import { unknownNameHint } from "../did_you_mean.ts";
import { type Problems, q } from "./problems.ts";
import type { Path } from "./source_map.ts";

/** One step as the graph sees it. */
export interface GraphNode {
  name: string;
  /** Where the step's name is written (for duplicate-name errors). */
  namePath: Path;
  /** Each dependency and where it is written. */
  deps: { name: string; path: Path }[];
}

/** What {@link checkGraph} finds. */
export interface GraphResult {
  /** Indexes of the steps not in or behind a cycle, dependencies first. */
  order: number[];
  /** For each step, the indexes of the dependencies that exist (in depends_on order). */
  depIndex: number[][];
}

/** Most cycles reported for one pipeline. */
const MAX_CYCLES = 20;

/** Records graph problems in `problems` and returns a topological order. */
export function checkGraph(nodes: readonly GraphNode[], problems: Problems): GraphResult {
  const index = new Map<string, number>();
  nodes.forEach((node, i) => {
    const first = index.get(node.name);
    if (first === undefined) {
      index.set(node.name, i);
      return;
    }
    const firstLine = problems.map.get(nodes[first].namePath)?.pos.line;
    problems.add(`duplicate step name ${q(node.name)}`, {
      path: node.namePath,
      step: node.name,
      hint: `step names must be unique; the first ${q(node.name)} is ${firstLine ? `at line ${firstLine}` : `step ${first + 1}`}. Rename one of them`,
    });
  });
  const names = [...index.keys()];
  const depIndex: number[][] = nodes.map(() => []);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    if (index.get(node.name) !== i) return; // a duplicate: its edges would be ambiguous
    for (const dep of node.deps) {
      if (dep.name === node.name) {
        problems.add(`step ${q(node.name)} depends on itself`, { path: dep.path, step: node.name, hint: `remove ${q(node.name)} from its depends_on` });
        continue;
      }
      const j = index.get(dep.name);
      if (j === undefined) {
        problems.add(`step ${q(node.name)} depends on ${q(dep.name)}, which is not a step of this pipeline`, {
          path: dep.path,
          step: node.name,
          hint: unknownNameHint(dep.name, names, "steps"),
        });
        continue;
      }
      depIndex[i].push(j);
      dependents[j].push(i);
    }
  });
  // Kahn's algorithm.
  const inDegree = depIndex.map((d) => d.length);
  const order: number[] = [];
  nodes.forEach((node, i) => {
    if (index.get(node.name) === i && inDegree[i] === 0) order.push(i);
  });
  for (let k = 0; k < order.length; k++) {
    for (const j of dependents[order[k]]) if (--inDegree[j] === 0) order.push(j);
  }
  const stuck = inDegree.some((d, i) => d > 0 && index.get(nodes[i].name) === i);
  if (stuck) reportCycles(nodes, depIndex, inDegree, problems);
  return { order, depIndex };
}

/** Finds cycles among steps left with unmet dependencies (iterative DFS along depends_on). */
function reportCycles(nodes: readonly GraphNode[], depIndex: number[][], inDegree: number[], problems: Problems): void {
  const WHITE = 0, GRAY = 1, BLACK = 2;
  const color = new Uint8Array(nodes.length);
  const seen = new Set<string>();
  let reported = 0;
  for (let root = 0; root < nodes.length && reported < MAX_CYCLES; root++) {
    if (inDegree[root] === 0 || color[root] !== WHITE) continue;
    const stack: number[] = [root];
    const next: number[] = [0];
    color[root] = GRAY;
    while (stack.length > 0) {
      const u = stack[stack.length - 1];
      const k = next[next.length - 1]++;
      if (k >= depIndex[u].length) {
        color[u] = BLACK;
        stack.pop();
        next.pop();
        continue;
      }
      const v = depIndex[u][k];
      if (color[v] === WHITE) {
        color[v] = GRAY;
        stack.push(v);
        next.push(0);
      } else if (color[v] === GRAY && reported < MAX_CYCLES) {
        // stack[from..] = v, x, …, u where each depends on the next one; data flows the other way.
        const cycle = stack.slice(stack.indexOf(v)).reverse();
        const key = [...cycle].sort((a, b) => a - b).join(",");
        if (seen.has(key)) continue;
        seen.add(key);
        reported++;
        // Start at the step written first; it depends on the last one printed.
        let start = 0;
        for (let k = 1; k < cycle.length; k++) if (cycle[k] < cycle[start]) start = k;
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const first = rotated[0], last = rotated[rotated.length - 1];
        const dep = nodes[first].deps.find((d) => d.name === nodes[last].name);
        const shown = rotated.length <= 30
          ? [...rotated, first].map((i) => nodes[i].name)
          : [...rotated.slice(0, 10).map((i) => nodes[i].name), `… (${rotated.length - 15} more)`, ...[...rotated.slice(-5), first].map((i) => nodes[i].name)];
        const text = shown.join(" → ");
        problems.add(`dependency cycle: ${text}`, {
          path: dep?.path ?? nodes[first].namePath,
          step: nodes[first].name,
          hint: `a step cannot run before its own dependencies; remove ${q(nodes[last].name)} from ${q(nodes[first].name)}'s depends_on, or another link of the cycle`,
        });
      }
    }
  }
}
