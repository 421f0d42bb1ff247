/**
 * The end of a run: its {@link RunResult}, and the output tables gathered
 * on main when the caller asked to keep them.
 *
 * @module
 */
import type { RunResult, StepResult, Table } from "../types.ts";
import { decodeTable, encodeTable } from "../table/transfer.ts";
import { COMPLETED, FAILED, type RunState, STATUS } from "./run_state.ts";

/** Every completed step's output table on main, in file order (fetched from workers where needed). */
export function collectOutputs(s: RunState): Map<string, Table> | Promise<Map<string, Table>> {
  const found = new Map<number, Table>();
  const waits: Promise<unknown>[] = [];
  for (let i = 0; i < s.n; i++) {
    if (s.status[i] !== COMPLETED || !s.store.has[i]) continue;
    if (s.store.onMain(i)) {
      const t = s.store.mainTable(i);
      if (t) found.set(i, t);
    } else if (s.store.available(i)) {
      waits.push(s.store.toMain(i).then((t) => t && found.set(i, t), () => {/* lost with its worker: left out */}));
    }
  }
  const inOrder = () => {
    const out = new Map<string, Table>();
    for (let i = 0; i < s.n; i++) if (found.has(i)) out.set(s.g.names[i], plain(found.get(i)!));
    return out;
  };
  return waits.length === 0 ? inOrder() : Promise.all(waits).then(inOrder);
}

/**
 * A table with its rows as they are: operations may return a filtered or
 * ordered view of their input (query, sort), which a caller reading columns
 * directly (`table.column(name)`) would see unfiltered; the caller gets the rows copied out.
 */
function plain(table: Table): Table {
  return table.isFiltered() || table.isOrdered() ? decodeTable(encodeTable(table)) : table;
}

/** What {@link buildRunResult} needs besides the state. */
export interface RunFacts {
  runId: string;
  /** Date.now() at the start. */
  startedAt: number;
  /** performance.now() at the start. */
  t0: number;
  cancelled: boolean;
  outputs?: Map<string, Table>;
}

/** The result: every step in file order; "cancelled" beats "failed" beats "completed". */
export function buildRunResult(s: RunState, facts: RunFacts): RunResult {
  let failed = false;
  const steps: StepResult[] = new Array(s.n);
  for (let i = 0; i < s.n; i++) {
    const st = s.status[i];
    if (st === FAILED) failed = true;
    const r: StepResult = {
      name: s.g.names[i],
      status: STATUS[st],
      attempts: s.attempts[i],
      durationMs: s.startAt[i] === 0 ? 0 : s.endAt[i] - s.startAt[i],
    };
    if (st === COMPLETED && !Number.isNaN(s.rows[i])) r.rows = s.rows[i];
    if (st !== COMPLETED && s.errors[i] !== undefined) r.error = s.errors[i];
    steps[i] = r;
  }
  const result: RunResult = {
    runId: facts.runId,
    status: facts.cancelled ? "cancelled" : failed ? "failed" : "completed",
    startedAt: facts.startedAt,
    durationMs: performance.now() - facts.t0,
    steps,
  };
  if (facts.outputs) result.outputs = facts.outputs;
  return result;
}
