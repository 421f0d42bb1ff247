/**
 * Data handoff (not a test): `deno run -A bench/handoff.ts [--quick]`.
 *
 * The cost of moving a table between threads the way the engine does it —
 * `encodeTable` (Arrow IPC), postMessage with the buffer in the transfer
 * list, `decodeTable` on the other side — against the cheapest operation on
 * the same table (a `query` filter keeping about half the rows, pfw's own
 * operation). Tables come from pfw's CSV reader (Arrow-backed, as after
 * `read_csv`), at 10k, 100k and 1M rows. Goal: a 1M-row handoff under 10%
 * of the filter's time.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { OpContext } from "../lib/operation.ts";
import { parseCsv } from "../lib/table/csv_reader.ts";
import { decodeTable, encodeTable } from "../lib/table/transfer.ts";
import type { Table } from "../lib/types.ts";
import { query } from "../ops/query.ts";
import { makeCsv } from "./make_data.ts";
import { type Stat, stat, writeJson } from "./workflows/stats.ts";

/** One table size. */
export interface HandoffSize {
  rows: number;
  /** Arrow IPC bytes of the table. */
  ipcBytes: number;
  /** `encodeTable` on the way out (into a fresh buffer, as every handoff needs one). */
  encodeMs: Stat;
  /** `decodeTable` of bytes received from the worker. */
  decodeMs: Stat;
  /** encode on main + transfer + decode in a worker + a small acknowledgement back. */
  oneWayMs: Stat;
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

function filter(table: Table, signal: AbortSignal): Table {
  const ctx: OpContext = {
    params: { expr: "value > 100" },
    input: table,
    inputs: { read: table },
    signal,
    attempt: 1,
    step: "filter",
    baseDir: ".",
    progress() {},
    log() {},
  };
  return query.run(ctx) as Table;
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
  const reply = () => new Promise<{ rows: number; bytes?: Uint8Array }>((resolve) => (worker.onmessage = (e) => resolve(e.data)));
  try {
    const out: HandoffSize[] = [];
    for (const rows of sizes) {
      signal.throwIfAborted();
      const table = await parseCsv(makeCsv({ rows }));
      // Warm up the code paths (and the worker) once per size.
      filter(table, signal);
      let bytes = encodeTable(table);
      const ipcBytes = bytes.byteLength;
      let p = reply();
      worker.postMessage({ mode: "echo", bytes }, [bytes.buffer as ArrayBuffer]);
      await p;
      const enc: number[] = [], dec: number[] = [], one: number[] = [], trip: number[] = [], filt: number[] = [], filtDec: number[] = [];
      for (let r = 0; r < reps; r++) {
        signal.throwIfAborted();
        filt.push(time(() => filter(table, signal)));
        const decoded = decodeTable(encodeTable(table));
        filtDec.push(time(() => filter(decoded, signal)));
        // One way, as the engine does it: encode here (a fresh buffer each time: it is transferred away), post, decode there.
        let t = performance.now();
        bytes = encodeTable(table);
        const encoded = performance.now();
        enc.push(encoded - t);
        p = reply();
        worker.postMessage({ mode: "ack", bytes }, [bytes.buffer as ArrayBuffer]);
        const ack = await p;
        one.push(performance.now() - t);
        if (ack.rows !== table.numRows()) throw new Error(`handoff lost rows: ${ack.rows} of ${table.numRows()}`);
        t = performance.now();
        bytes = encodeTable(table);
        p = reply();
        worker.postMessage({ mode: "echo", bytes }, [bytes.buffer as ArrayBuffer]);
        const echoed = (await p).bytes!;
        const d0 = performance.now();
        const back = decodeTable(echoed);
        dec.push(performance.now() - d0);
        trip.push(performance.now() - t);
        if (back.numRows() !== table.numRows()) throw new Error(`round trip lost rows: ${back.numRows()} of ${table.numRows()}`);
      }
      const s: HandoffSize = {
        rows,
        ipcBytes,
        encodeMs: stat(enc),
        decodeMs: stat(dec),
        oneWayMs: stat(one),
        roundTripMs: stat(trip),
        filterMs: stat(filt),
        filterDecodedMs: stat(filtDec),
        ratio: 0,
      };
      s.ratio = s.oneWayMs.median / s.filterMs.median;
      out.push(s);
      log(`  ${rows.toLocaleString("en-US").padStart(9)} rows (${(ipcBytes / 2 ** 20).toFixed(1)} MiB IPC): encode ${s.encodeMs.median.toFixed(2)} ms, decode ${s.decodeMs.median.toFixed(2)} ms, one-way handoff ${s.oneWayMs.median.toFixed(2)} ms, round trip ${s.roundTripMs.median.toFixed(2)} ms; filter ${s.filterMs.median.toFixed(2)} ms (on a decoded table ${s.filterDecodedMs.median.toFixed(2)} ms); handoff/filter ${(s.ratio * 100).toFixed(1)}%`);
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
