import assert from "node:assert/strict";
import { TableStore } from "./table_store.ts";
import { type JobListener, WorkerPool } from "./worker_pool.ts";
import type { DoneMessage, RunMessage } from "./worker_protocol.ts";
import { aq } from "../deps.ts";
import { decodeTable, type TablePacket } from "../table/transfer.ts";

const MODULE_URL = new URL("../../tests/fixtures/engine/worker_ops.ts", import.meta.url).href;

/** Runs the fixture op make_table in worker 0 and resolves with its reply. */
function makeTableInWorker(pool: WorkerPool, outKey: number, rows: number): Promise<DoneMessage> {
  return new Promise((resolve, reject) => {
    const listener: JobListener = {
      jobDone: (_tag, _job, reply) => resolve(reply),
      jobFailed: (_tag, _job, error) => reject(error),
      jobProgress: () => {},
      jobLog: () => {},
    };
    const message: RunMessage = {
      t: "run",
      job: 0,
      step: "made",
      op: "make_table",
      source: { moduleUrl: MODULE_URL, exportName: "make_table" },
      params: { rows },
      baseDir: "/tmp",
      attempt: 1,
      inputs: [],
      primary: null,
      outKey,
      keep: true,
      ship: false,
    };
    pool.run(0, message, listener, 0);
  });
}

Deno.test("TableStore fetches a table from the worker holding it, frees it there, and forgets it with its worker", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const store = new TableStore(3);
    store.usePool(pool, 1, pool.reserveKeys(3));
    const reply = await makeTableInWorker(pool, store.key(0), 5);
    assert.deepEqual([reply.table, reply.rows, reply.cells, reply.kept, reply.packet], [true, 5, 10, true, undefined]);
    store.setRemote(0, 0, reply);
    assert.equal(store.available(0), true);
    assert.equal(store.onMain(0), false);
    assert.equal(store.heldBy(0, 0), true);

    const table = await store.toMain(0);
    assert.deepEqual(Array.from(table!.array("x") as Iterable<number>), [0, 1, 2, 3, 4]);
    assert.equal(table!.get("made_in", 0), "worker");
    assert.equal(store.onMain(0), true);
    // The packet that backs main's table goes to workers as it is (its memory is shared).
    const packet = store.packetFor(0, true) as TablePacket;
    assert.equal(packet, store.packets[0]);
    assert.ok(packet.columns!.every((c) => c.batches.every((b) => b.values!.buffer instanceof SharedArrayBuffer)));
    assert.equal(decodeTable(packet).numRows(), 5);

    store.free(0);
    assert.equal(store.available(0), false);
    await assert.rejects(pool.fetch(0, store.key(0)), /not held by this worker/);

    store.setRemote(1, 0, await makeTableInWorker(pool, store.key(1), 2));
    assert.equal(store.available(1), true);
    store.workerLost(0);
    assert.equal(store.available(1), false);

    store.setMain(2, aq.table({ v: [1, 2] }), true);
    const fresh = store.packetFor(2, true) as TablePacket;
    assert.equal(store.packets[2], undefined, "a packet for a last use is not kept");
    assert.deepEqual(decodeTable(fresh).objects(), [{ v: 1 }, { v: 2 }]);
  } finally {
    pool.terminate();
  }
});

Deno.test("a pool worker that is killed rejects its pending fetches with the given error", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    pool.start();
    const pending = pool.fetch(0, 123);
    pool.kill(0, new Error("killed for the test"));
    await assert.rejects(pending, /killed for the test/);
    assert.equal(pool.live, 0); // it had not said "ready" yet: replaced only on next use
  } finally {
    pool.terminate();
  }
});
