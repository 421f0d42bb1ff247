/**
 * Data handoff (not a test): `deno run -A bench/handoff.ts [--quick]`.
 *
 * The cost of moving a table between threads the way a run does it, through
 * the engine's own worker pool: main encodes the table into a packet over
 * shared memory (`encodeTable`), posts a job with it to an idle pool worker,
 * which decodes it and starts the step (bench/workflows/handoff_op.ts logs
 * when). That is measured against the cheapest operation on the same table
 * (a `query` filter keeping about half the rows, pfw's own operation).
 * Tables come from pfw's CSV reader (shared, Arrow-backed, as after
 * `read_csv`), at 10k, 100k and 1M rows; between two handoffs main runs the
 * filter twice, so the worker has been idle ~15 ms. Goal: a 1M-row handoff
 * under 10% of the filter's time. Also measured: the handoff of a `derive`
 * output (a new column computed by pfw's expressions, in shared memory too),
 * and the round trip of a step that ships its output back.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { OpContext } from "../lib/operation.ts";
import { WorkerPool } from "../lib/engine/worker_pool.ts";
import type { DoneMessage, RunMessage } from "../lib/engine/worker_protocol.ts";
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
  /** `decodeTable` on main of a packet a worker shipped back. */
  decodeMs: Stat;
  /**
   * From `encodeTable` on main to the start of the step in the worker, its input decoded, on the
   * clock both threads share (performance.timeOrigin + now): what a step waits for its input.
   */
  oneWayMs: Stat;
  /** The same until main hears that the job is done (what main can time by itself). */
  ackedMs: Stat;
  /** The same for a `derive` output (its new column computed in shared memory too). */
  oneWayDerivedMs: Stat;
  /** main → worker → main: a job that ships its output back, decoded on main. */
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
  /** The pool's `spinMs` (default: the engine's). */
  spinMs?: number;
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

/** One job through the pool; resolves when main hears it is done, with the time the step logged. */
class Probe {
  readonly #pool: WorkerPool;
  #key = 0;
  #waiting?: { resolve(r: { startedAt: number; reply: DoneMessage }): void; reject(e: Error): void; startedAt: number };

  constructor(pool: WorkerPool) {
    this.#pool = pool;
  }

  run(packet: TablePacket, ship: boolean): Promise<{ startedAt: number; reply: DoneMessage }> {
    const key = this.#key++;
    const message: RunMessage = {
      t: "run",
      job: 0,
      step: "probe",
      op: "handoff_probe",
      source: { moduleUrl: new URL("./workflows/handoff_op.ts", import.meta.url).href, exportName: "handoffProbe" },
      params: {},
      baseDir: ".",
      attempt: 1,
      inputs: [{ name: "input", key, packet }],
      primary: "input",
      outKey: -1,
      keep: false,
      ship,
    };
    const done = new Promise<{ startedAt: number; reply: DoneMessage }>((resolve, reject) => (this.#waiting = { resolve, reject, startedAt: NaN }));
    this.#pool.run(0, message, this, 0);
    // the worker keeps a job's inputs until told: as a run does once no step needs them
    return done.finally(() => this.#pool.free(0, [key]));
  }

  jobDone(_tag: number, _job: number, reply: DoneMessage): void {
    const w = this.#waiting!;
    w.resolve({ startedAt: w.startedAt, reply });
  }
  jobFailed(_tag: number, _job: number, error: Error): void {
    this.#waiting!.reject(error);
  }
  jobProgress(): void {}
  jobLog(_tag: number, _job: number, message: string): void {
    this.#waiting!.startedAt = Number(message);
  }
}

/** Runs the handoff measurements. */
export async function measureHandoff(options: HandoffOptions = {}): Promise<HandoffResults> {
  const quick = options.quick === true;
  const reps = options.reps ?? (quick ? 3 : 7);
  const log = options.log ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const pool = new WorkerPool({ size: 1, spinMs: options.spinMs });
  pool.attach({ workerLost() {} });
  pool.start();
  await new Promise<void>((resolve) => pool.whenReady(0, resolve));
  const probe = new Probe(pool);
  const oneWay = async (table: Table): Promise<{ oneWay: number; acked: number }> => {
    const t = performance.now();
    const sent = performance.timeOrigin + t;
    const { startedAt, reply } = await probe.run(encodeTable(table, { views: true }), false);
    const acked = performance.now() - t;
    if (reply.rows !== table.numRows()) throw new Error(`handoff lost rows: ${reply.rows} of ${table.numRows()}`);
    return { oneWay: startedAt - sent, acked };
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
      await probe.run(encodeTable(table, { views: true }), true);
      await oneWay(derived());
      const enc: number[] = [], dec: number[] = [], one: number[] = [], acked: number[] = [], oneDerived: number[] = [], trip: number[] = [], filt: number[] = [], filtDec: number[] = [];
      for (let r = 0; r < reps; r++) {
        signal.throwIfAborted();
        filt.push(time(() => filter(table, signal)));
        const decoded = decodeTable(encodeTable(table));
        filtDec.push(time(() => filter(decoded, signal)));
        // One way, as a run does it: encode here, post the job, decode there.
        enc.push(time(() => encodeTable(table)));
        const o = await oneWay(table);
        one.push(o.oneWay);
        acked.push(o.acked);
        const t = performance.now();
        const echoed = (await probe.run(encodeTable(table, { views: true }), true)).reply.packet!;
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
    pool.terminate();
  }
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  console.log(`data handoff between threads${quick ? " (quick)" : ""}`);
  const results = await measureHandoff({ quick, log: console.log });
  writeJson(fileURLToPath(new URL("./results/handoff.json", import.meta.url)), results);
}
