/**
 * Data handoff (not a test): `deno run -A bench/handoff.ts [--quick]`.
 *
 * The cost of moving a table between threads the way the engine does it —
 * `encodeTable` (a packet over shared memory), postMessage, `decodeTable` on
 * the other side — against the cheapest operation on the same table (a
 * `query` filter keeping about half the rows, pfw's own operation). Tables
 * come from pfw's CSV reader (shared, Arrow-backed, as after `read_csv`), at
 * 10k, 100k and 1M rows. Goal: a 1M-row handoff under 10% of the filter's
 * time. Also measured: the handoff of a `derive` output (a table with a new
 * column computed by pfw's expressions, which allocate in shared memory too).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { OpContext } from "../lib/operation.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { decodeTable, encodeTable, packetBytes, type TablePacket } from "../lib/table/transfer.ts";
import type { Table } from "../lib/types.ts";
import { derive } from "../ops/derive.ts";
import { query } from "../ops/query.ts";
import { makeCsv } from "./make_data.ts";
import { type Stat, stat, writeJson } from "./workflows/stats.ts";

/** One table size. */
export interface HandoffSize {
  rows: number;
  /** Bytes of memory the table's packet refers to. */
  bytes: number;
  /** `encodeTable` on the way out. */
  encodeMs: Stat;
  /** `decodeTable` of a packet received from the worker. */
  decodeMs: Stat;
  /**
   * From `encodeTable` on main to the decoded table in the worker, on the clock both threads
   * share (performance.timeOrigin + now): what a step waits for its input.
   */
  oneWayMs: Stat;
  /** The same plus a small acknowledgement back to main (what main can time by itself). */
  ackedMs: Stat;
  /** The same for a `derive` output (its new column computed in shared memory too). */
  oneWayDerivedMs: Stat;
  /** main → worker → main, encoding and decoding on each side. */
  roundTripMs: Stat;
  /** `query {expr: "value > 100"}` on the table as read. */
  filterMs: Stat;
  /** The same filter on the table after a decode (what the receiving step sees). */
  filterDecodedMs: Stat;
  /** oneWay ÷ filter (goal < 0.10 at 1M rows). */
  ratio: number;
}

/** Everything {@link measureHandoff} measures. */
export interface HandoffResults {
  date: string;
  quick: boolean;
  sizes: HandoffSize[];
}

/** Options of {@link measureHandoff}. */
export interface HandoffOptions {
  quick?: boolean;
  /** Repetitions per measurement (default 7, quick 3). */
  reps?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

function runOp(op: typeof query, params: Record<string, unknown>, table: Table, signal: AbortSignal): Table {
  const ctx: OpContext = {
    params,
    input: table,
    inputs: { read: table },
    signal,
    attempt: 1,
    step: "bench",
    baseDir: ".",
    progress() {},
    log() {},
  };
  return op.run(ctx) as Table;
}

function filter(table: Table, signal: AbortSignal): Table {
  return runOp(query, { expr: "value > 100" }, table, signal);
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Runs the handoff measurements. */
export async function measureHandoff(options: HandoffOptions = {}): Promise<HandoffResults> {
  const quick = options.quick === true;
  const reps = options.reps ?? (quick ? 3 : 7);
  const log = options.log ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const worker = new Worker(new URL("./workflows/handoff_worker.ts", import.meta.url).href, { type: "module" });
  const reply = () => new Promise<{ rows: number; at?: number; packet?: TablePacket }>((resolve) => (worker.onmessage = (e) => resolve(e.data)));
  const oneWay = async (table: Table): Promise<{ oneWay: number; acked: number }> => {
    const t = performance.now();
    const sent = performance.timeOrigin + t;
    const packet = encodeTable(table);
    const p = reply();
    worker.postMessage({ mode: "ack", packet });
    const ack = await p;
    const acked = performance.now() - t;
    if (ack.rows !== table.numRows()) throw new Error(`handoff lost rows: ${ack.rows} of ${table.numRows()}`);
    return { oneWay: ack.at! - sent, acked };
  };
  try {
    const out: HandoffSize[] = [];
    for (const rows of sizes) {
      signal.throwIfAborted();
      const table = await parseCsv(makeCsv({ rows }));
      // Warm up the code paths (and the worker) once per size.
      filter(table, signal);
      const derived = () => runOp(derive, { columns: { total: "amount * value" } }, table, signal);
      const bytes = packetBytes(encodeTable(table));
      let p = reply();
      worker.postMessage({ mode: "echo", packet: encodeTable(table) });
      await p;
      await oneWay(derived());
      const enc: number[] = [], dec: number[] = [], one: number[] = [], acked: number[] = [], oneDerived: number[] = [], trip: number[] = [], filt: number[] = [], filtDec: number[] = [];
      for (let r = 0; r < reps; r++) {
        signal.throwIfAborted();
        filt.push(time(() => filter(table, signal)));
        const decoded = decodeTable(encodeTable(table));
        filtDec.push(time(() => filter(decoded, signal)));
        // One way, as the engine does it: encode here, post, decode there.
        enc.push(time(() => encodeTable(table)));
        const o = await oneWay(table);
        one.push(o.oneWay);
        acked.push(o.acked);
        const t = performance.now();
        p = reply();
        worker.postMessage({ mode: "echo", packet: encodeTable(table) });
        const echoed = (await p).packet!;
        const d0 = performance.now();
        const back = decodeTable(echoed);
        dec.push(performance.now() - d0);
        trip.push(performance.now() - t);
        if (back.numRows() !== table.numRows()) throw new Error(`round trip lost rows: ${back.numRows()} of ${table.numRows()}`);
      }
      // Apart, so that the big copies of these don't disturb the measures above.
      for (let r = 0; r < reps; r++) oneDerived.push((await oneWay(derived())).oneWay);
      const s: HandoffSize = {
        rows,
        bytes,
        encodeMs: stat(enc),
        decodeMs: stat(dec),
        oneWayMs: stat(one),
        ackedMs: stat(acked),
        oneWayDerivedMs: stat(oneDerived),
        roundTripMs: stat(trip),
        filterMs: stat(filt),
        filterDecodedMs: stat(filtDec),
        ratio: 0,
      };
      s.ratio = s.oneWayMs.median / s.filterMs.median;
      out.push(s);
      log(`  ${rows.toLocaleString("en-US").padStart(9)} rows (${(bytes / 2 ** 20).toFixed(1)} MiB): encode ${s.encodeMs.median.toFixed(2)} ms, decode ${s.decodeMs.median.toFixed(2)} ms, one-way handoff ${s.oneWayMs.median.toFixed(2)} ms (with an ack back ${s.ackedMs.median.toFixed(2)} ms; a derive output: ${s.oneWayDerivedMs.median.toFixed(2)} ms), round trip ${s.roundTripMs.median.toFixed(2)} ms; filter ${s.filterMs.median.toFixed(2)} ms (on a decoded table ${s.filterDecodedMs.median.toFixed(2)} ms); handoff/filter ${(s.ratio * 100).toFixed(1)}%`);
    }
    return { date: new Date().toISOString(), quick, sizes: out };
  } finally {
    worker.terminate();
  }
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  console.log(`data handoff between threads${quick ? " (quick)" : ""}`);
  const results = await measureHandoff({ quick, log: console.log });
  writeJson(fileURLToPath(new URL("./results/handoff.json", import.meta.url)), results);
}
