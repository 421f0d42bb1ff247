/**
 * Where each step's output table lives during a run: on main (as a table or
 * as a packet, see table/transfer.ts), in one or more workers, or nowhere
 * (freed or lost with a worker). Tables move only when a step needs them
 * elsewhere; a packet's memory is shared, so one packet can be decoded on
 * main and sent to any number of workers without a copy.
 *
 * @module
 */
import type { Table } from "../types.ts";
import { decodeTable, encodeTable, type TablePacket } from "../table/transfer.ts";
import type { DoneMessage } from "./worker_protocol.ts";
import type { WorkerPool } from "./worker_pool.ts";

/** The location bookkeeping of one run's tables (indexed by step id). */
export class TableStore {
  /** Tables on main (made there, or decoded from packets). */
  readonly main: (Table | undefined)[];
  /** Packets on main (from workers, or made on main for sending). */
  readonly packets: (TablePacket | undefined)[];
  /** Step i's latest output is a table (even if it is freed or lost now). */
  readonly has: Uint8Array;
  /** rows × columns of each output, to prefer the worker holding the largest input. */
  readonly cells: Float64Array;
  /** holds[w][i] = 1 when worker w holds step i's table. */
  readonly holds: Uint8Array[] = [];
  /** Whether any step has produced a table yet (lets table-free runs skip every check). */
  any = false;
  readonly #n: number;
  #keyBase = 0;
  #pool?: WorkerPool;
  readonly #toMain = new Map<number, Promise<Table | undefined>>();

  /** A store for `n` steps, all without output yet. */
  constructor(n: number) {
    this.#n = n;
    this.main = new Array(n);
    this.packets = new Array(n);
    this.has = new Uint8Array(n);
    this.cells = new Float64Array(n);
  }

  /** Connects the worker pool (for fetching and freeing); `keyBase` is the first of the run's table keys in it. */
  usePool(pool: WorkerPool, workers: number, keyBase: number): void {
    this.#pool = pool;
    this.#keyBase = keyBase;
    while (this.holds.length < workers) this.holds.push(new Uint8Array(this.#n));
  }

  /** The key of step i's table inside workers. */
  key(id: number): number {
    return this.#keyBase + id;
  }

  /** Records a step's output made on main (undefined: no table). `store` false drops it at once (nobody needs it). */
  setMain(id: number, table: Table | undefined, store: boolean): void {
    this.#reset(id);
    if (!table) return;
    this.has[id] = 1;
    this.any = true;
    this.cells[id] = table.numRows() * table.numCols();
    if (store) this.main[id] = table;
  }

  /** Records a step's output made in worker w, from its reply. */
  setRemote(id: number, w: number, reply: DoneMessage): void {
    this.#reset(id);
    if (!reply.table) return;
    this.has[id] = 1;
    this.any = true;
    this.cells[id] = reply.cells;
    if (reply.kept) this.holds[w][id] = 1;
    if (reply.packet) this.packets[id] = reply.packet;
  }

  /** Whether step i's table (if it made one) can be had somewhere. */
  available(id: number): boolean {
    if (!this.has[id] || this.main[id] !== undefined || this.packets[id] !== undefined) return true;
    for (let w = 0; w < this.holds.length; w++) if (this.holds[w][id]) return true;
    return false;
  }

  /** Whether step i's table is on main (as a table or a packet), or there is none. */
  onMain(id: number): boolean {
    return !this.has[id] || this.main[id] !== undefined || this.packets[id] !== undefined;
  }

  /** Step i's table on main, decoding its packet if needed; undefined if there is none on main. */
  mainTable(id: number): Table | undefined {
    let t = this.main[id];
    if (t === undefined && this.packets[id] !== undefined) t = this.main[id] = decodeTable(this.packets[id]!);
    return t;
  }

  /** Step i's table on main, fetched from a worker if needed. Rejects if the holder dies first. */
  toMain(id: number): Promise<Table | undefined> {
    if (this.onMain(id)) return Promise.resolve(this.mainTable(id));
    let p = this.#toMain.get(id);
    if (!p) {
      p = this.#fetch(id).then((packet) => {
        if (this.has[id] && this.main[id] === undefined && this.packets[id] === undefined) this.packets[id] = packet;
        return this.mainTable(id);
      });
      const clear = () => this.#toMain.delete(id);
      p.then(clear, clear);
      this.#toMain.set(id, p);
    }
    return p;
  }

  /** Whether worker w holds step i's table. */
  heldBy(id: number, w: number): boolean {
    return this.holds[w]?.[id] === 1;
  }

  /**
   * The packet of step i's table, to send to a worker that doesn't hold it.
   * `lastUse`: no other step will want it, so main need not keep the packet.
   */
  packetFor(id: number, lastUse: boolean): TablePacket | Promise<TablePacket> {
    const p = this.packets[id];
    if (p !== undefined) {
      if (lastUse && this.main[id] === undefined) this.packets[id] = undefined;
      return p;
    }
    const t = this.main[id];
    if (t !== undefined) {
      const fresh = encodeTable(t, { views: true });
      if (!lastUse) this.packets[id] = fresh;
      return fresh;
    }
    return this.#fetch(id);
  }

  /** Notes that worker w now holds step i's table (it was sent there). */
  sent(id: number, w: number): void {
    this.holds[w][id] = 1;
  }

  /** Forgets step i's table everywhere. */
  free(id: number): void {
    this.main[id] = undefined;
    this.packets[id] = undefined;
    for (let w = 0; w < this.holds.length; w++) {
      if (this.holds[w][id]) {
        this.holds[w][id] = 0;
        this.#pool?.free(w, [this.key(id)]);
      }
    }
  }

  /** Worker w is gone, and every table it held with it. */
  workerLost(w: number): void {
    this.holds[w]?.fill(0);
  }

  #reset(id: number): void {
    if (!this.has[id]) return; // nothing was ever kept for it
    this.main[id] = undefined;
    this.packets[id] = undefined;
    this.has[id] = 0;
    for (let w = 0; w < this.holds.length; w++) this.holds[w][id] = 0;
  }

  #fetch(id: number): Promise<TablePacket> {
    const pool = this.#pool;
    let holder = -1;
    for (let w = 0; w < this.holds.length; w++) {
      if (this.holds[w][id] && (holder < 0 || pool!.isIdle(w))) holder = w;
    }
    if (!pool || holder < 0) return Promise.reject(new Error(`the table of step ${id} is not held anywhere`));
    return pool.fetch(holder, this.key(id));
  }
}
