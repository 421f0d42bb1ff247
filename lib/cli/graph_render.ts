/**
 * A pipeline's DAG as Mermaid, Graphviz DOT, or text drawn for a terminal.
 * Pure functions of the steps: no I/O.
 *
 * The text drawing puts one step per row in a topological order (file order
 * where the dependencies allow) and draws every edge as a lane, the way
 * `git log --graph` does:
 *
 * ```
 * ●    load_a  read_csv · io_bound
 * │
 * │ ●  load_b  read_csv · io_bound
 * │ │
 * ├─┘
 * ●    joined  join · cpu_bound
 * ```
 *
 * @module
 */
import type { Style } from "./style.ts";

/** What the renderers need of a step. */
export interface GraphStep {
  name: string;
  operation: string;
  resourceHint: string;
  dependsOn: readonly string[];
}

/**
 * The steps in a topological order that keeps file order where it can:
 * each step comes right after the last of its dependencies it waits for.
 * Unknown dependencies are ignored; a cycle is broken where it is met.
 */
export function topologicalOrder(steps: readonly GraphStep[]): GraphStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const state = new Map<string, 1 | 2>(); // 1 = visiting, 2 = done
  const out: GraphStep[] = [];
  for (const root of steps) {
    if (state.has(root.name)) continue;
    const stack: { step: GraphStep; next: number }[] = [{ step: root, next: 0 }];
    state.set(root.name, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const dep = top.step.dependsOn[top.next++];
      if (dep === undefined) {
        stack.pop();
        state.set(top.step.name, 2);
        out.push(top.step);
        continue;
      }
      const d = byName.get(dep);
      if (d && !state.has(dep)) {
        state.set(dep, 1);
        stack.push({ step: d, next: 0 });
      }
    }
  }
  return out;
}

/** Mermaid `flowchart` source; cpu/memory and io/network steps get different classes. */
export function toMermaid(steps: readonly GraphStep[], direction: "TD" | "LR" = "TD"): string {
  const ids = new Map(steps.map((s, i) => [s.name, `s${i}`]));
  const esc = (t: string) => t.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  const lines = [`flowchart ${direction}`];
  for (const s of steps) {
    lines.push(
      `  ${ids.get(s.name)}["${esc(s.name)}<br/><small>${esc(s.operation)} · ${esc(s.resourceHint)}</small>"]:::${
        hintClass(s.resourceHint)
      }`,
    );
  }
  for (const s of steps) {
    for (const d of s.dependsOn) if (ids.has(d)) lines.push(`  ${ids.get(d)} --> ${ids.get(s.name)}`);
  }
  lines.push(
    "  classDef cpu fill:#fff3e0,stroke:#e65100",
    "  classDef io fill:#e3f2fd,stroke:#0d47a1",
    "  classDef memory fill:#fce4ec,stroke:#880e4f",
    "  classDef network fill:#e8f5e9,stroke:#1b5e20",
  );
  return lines.join("\n") + "\n";
}

/** Graphviz DOT source (`dot -Tsvg`). */
export function toDot(steps: readonly GraphStep[], name = "pipeline"): string {
  const q = (t: string) => `"${t.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const fill: Record<string, string> = { cpu: "#fff3e0", io: "#e3f2fd", memory: "#fce4ec", network: "#e8f5e9" };
  const known = new Set(steps.map((s) => s.name));
  const lines = [
    `digraph ${q(name)} {`,
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
  ];
  for (const s of steps) {
    const label = `${s.name}\\n${s.operation} · ${s.resourceHint}`.replace(/"/g, '\\"');
    lines.push(`  ${q(s.name)} [label="${label}", fillcolor="${fill[hintClass(s.resourceHint)]}"];`);
  }
  for (const s of steps) for (const d of s.dependsOn) if (known.has(d)) lines.push(`  ${q(d)} -> ${q(s.name)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function hintClass(hint: string): string {
  return hint.startsWith("cpu") ? "cpu" : hint.startsWith("memory") ? "memory" : hint.startsWith("network") ? "network" : "io";
}

/** One row of the text drawing: the lanes, and the step when it is a step's row. */
interface Row {
  lanes: string;
  step?: GraphStep;
}

/** The DAG drawn with box-drawing characters, one step per row, names aligned. */
export function toText(steps: readonly GraphStep[], style?: Style): string {
  const order = topologicalOrder(steps);
  const known = new Set(steps.map((s) => s.name));
  const children = new Map<string, string[]>(order.map((s) => [s.name, []]));
  for (const s of order) for (const d of new Set(s.dependsOn)) if (known.has(d)) children.get(d)!.push(s.name);
  const rows: Row[] = [];
  const lanes: (string | null)[] = [];
  const plain = () => lanes.map((l) => (l ? "│" : " ")).join(" ");
  order.forEach((step, index) => {
    const cols = lanes.flatMap((l, i) => (l === step.name ? [i] : []));
    let col = cols[0];
    if (col === undefined) {
      col = lanes.indexOf(null);
      if (col === -1) col = lanes.length;
      lanes[col] = step.name;
    }
    if (cols.length > 1) {
      rows.push({ lanes: junction(lanes, col, new Set(cols.slice(1)), "┴", "┘") });
      for (const c of cols.slice(1)) lanes[c] = null;
    }
    rows.push({ lanes: lanes.map((l, i) => (i === col ? "●" : l ? "│" : " ")).join(" "), step });
    const kids = children.get(step.name)!;
    lanes[col] = kids[0] ?? null;
    const opened = new Set<number>();
    const before = [...lanes];
    for (const kid of kids.slice(1)) {
      let j = lanes.findIndex((l, i) => i > col && l === null);
      if (j === -1) j = lanes.length;
      lanes[j] = kid;
      opened.add(j);
    }
    if (index < order.length - 1) {
      rows.push({ lanes: opened.size ? junction(before, col, opened, "┬", "┐") : plain() });
    }
    while (lanes.length && lanes[lanes.length - 1] === null) lanes.pop();
  });
  const graphW = Math.max(0, ...rows.map((r) => r.lanes.trimEnd().length));
  const nameW = Math.max(0, ...order.map((s) => s.name.length));
  const bold = style?.bold ?? ((t: string) => t);
  const dim = style?.dim ?? ((t: string) => t);
  return rows.map((r) => {
    if (!r.step) return r.lanes.trimEnd();
    const graph = r.lanes.padEnd(graphW);
    return `${graph}  ${bold(r.step.name.padEnd(nameW))}  ${dim(`${r.step.operation} · ${r.step.resourceHint}`)}`;
  }).join("\n") + "\n";
}

/**
 * A row where lanes in `ends` join lane `col` (merge) or leave it (split):
 * `├` at col, `mid` or `last` at each lane in `ends`, `┼` where another lane
 * is crossed, `─` in between.
 */
function junction(lanes: readonly (string | null)[], col: number, ends: ReadonlySet<number>, mid: string, last: string): string {
  const far = Math.max(...ends);
  const width = Math.max(lanes.length, far + 1);
  let out = "";
  for (let i = 0; i < width; i++) {
    let cell: string;
    if (i === col) cell = "├";
    else if (ends.has(i)) cell = i === far ? last : mid;
    else if (i > col && i < far) cell = lanes[i] ? "┼" : "─";
    else cell = lanes[i] ? "│" : " ";
    out += cell;
    if (i < width - 1) out += i >= col && i < far ? "─" : " ";
  }
  return out;
}
