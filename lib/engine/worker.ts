/**
 * What a pool worker does, started by worker_entry.js through
 * {@link startWorker}. It builds its own registry of built-in operations,
 * imports user modules itself for operations that name a `source`, keeps the
 * tables it made or received in a map keyed by integer, and answers the
 * messages of worker_protocol.ts.
 *
 * A worker runs one job at a time. Anything that makes the worker unusable
 * (an uncaught error or rejection, `self.close()`, `Deno.exit()`) is reported
 * to main as a "crash" so the pool replaces the worker and the step fails.
 *
 * @module
 */
import { createDefaultRegistry } from "../../ops/mod.ts";
import type { OperationRegistry } from "../registry.ts";
import type { OpContext, Operation, OpOutput } from "../operation.ts";
import type { Table } from "../types.ts";
import { CancelledError } from "../errors.ts";
import { decodeTable, encodeTable, type TablePacket } from "../table/transfer.ts";
import { setPageHelper } from "../table/shared_array.ts";
import { toTable } from "./output.ts";
import { IdleSpin } from "./idle_spin.ts";
import type { DoneMessage, FromWorker, RunMessage, ToWorker } from "./worker_protocol.ts";

/** The parts of a worker's global scope used here, typed explicitly (Deno's default lib types `self` as a window). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  close(): void;
  addEventListener(type: "error", listener: (event: ErrorEvent) => void): void;
  addEventListener(type: "unhandledrejection", listener: (event: PromiseRejectionEvent) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
let registry: OperationRegistry;
const tables = new Map<number, Table>();
const loaded = new Map<string, Operation>();
const loading = new Map<string, Promise<Operation>>();
const PROGRESS_INTERVAL_MS = 50;
/** The running job; its AbortController is made only if the operation looks at ctx.signal. */
let current: { job: number; controller?: AbortController; cancelled?: string } | undefined;
let lastSource: { moduleUrl: string; exportName: string; op: Operation } | undefined;
/** A cancel that arrived while its job was still loading its module. */
let earlyCancel: { job: number; reason: string } | undefined;
/** Keeps the thread awake for a moment after each job. */
const spin = new IdleSpin();

function post(message: FromWorker, transfer?: Transferable[]): void {
  if (transfer) scope.postMessage(message, transfer);
  else scope.postMessage(message);
}

function crash(message: string): void {
  post({ t: "crash", message });
}

/**
 * Turns this thread into a pool worker: installs the message handler and the
 * crash reporting, then handles `early` (messages that arrived while the
 * module loaded) and says "ready".
 */
export function startWorker(early: MessageEvent<ToWorker>[] = []): void {
  registry = createDefaultRegistry();
  scope.addEventListener("error", (event) => {
    event.preventDefault();
    crash(`uncaught error in the worker: ${event.message}`);
  });
  scope.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    const reason = event.reason;
    crash(`unhandled promise rejection in the worker: ${reason instanceof Error ? reason.message : String(reason)}`);
  });

  // A worker that ends itself sends no event to main: report it first.
  // (Bun's workers have no self.close.)
  if (typeof scope.close === "function") {
    const realClose = scope.close.bind(scope);
    scope.close = () => {
      crash("the operation closed its worker (self.close())");
      realClose();
    };
  }
  const denoNs = (globalThis as { Deno?: { exit?: (code?: number) => never } }).Deno;
  if (denoNs?.exit) {
    const realExit = denoNs.exit.bind(denoNs);
    try {
      denoNs.exit = (code?: number) => {
        crash(`the operation called Deno.exit(${code ?? ""}) in its worker`);
        return realExit(code);
      };
    } catch { /* a frozen namespace: nothing to patch */ }
  }
  const processNs = (globalThis as { process?: { exit?: (code?: number) => never } }).process;
  if (processNs?.exit) {
    const realExit = processNs.exit.bind(processNs);
    try {
      processNs.exit = (code?: number) => {
        crash(`the operation called process.exit(${code ?? ""}) in its worker`);
        return realExit(code);
      };
    } catch { /* not writable */ }
  }
  scope.onmessage = onMessage;
  setPageHelper((buffer) => post({ t: "touch", buffer }));
  post({ t: "ready" });
  for (const event of early) onMessage(event);
}

function onMessage(event: MessageEvent<ToWorker>): void {
  const m = event.data;
  spin.received(m.t === "spin" ? m.config : undefined);
  if (m.t === "run") {
    spin.jobStarts();
    return runJob(m);
  }
  handle(m);
  spin.handled();
}

function handle(m: Exclude<ToWorker, RunMessage>): void {
  switch (m.t) {
    case "cancel":
      if (current?.job === m.job) {
        current.cancelled = m.reason;
        current.controller?.abort(new CancelledError(m.reason));
      } else {
        earlyCancel = { job: m.job, reason: m.reason };
      }
      break;
    case "free":
      for (const key of m.keys) tables.delete(key);
      break;
    case "drop":
      for (const key of [...tables.keys()]) if (key >= m.from && key < m.to) tables.delete(key);
      break;
    case "fetch": {
      const table = tables.get(m.key);
      if (!table) {
        post({ t: "fetched", req: m.req, error: `table ${m.key} is not held by this worker` });
        break;
      }
      try {
        post({ t: "fetched", req: m.req, packet: encodeTable(table, { views: true }) });
      } catch (e) {
        post({ t: "fetched", req: m.req, error: messageOf(e) });
      }
      break;
    }
  }
}

function runJob(m: RunMessage): void {
  if (!m.source) {
    const op = registry.get(m.op);
    if (op) return start(m, op);
    return fail(m.job, new Error(`operation "${m.op}" is not a built-in operation and has no module; it cannot run in a worker`));
  }
  const { moduleUrl, exportName } = m.source;
  if (lastSource && lastSource.moduleUrl === moduleUrl && lastSource.exportName === exportName) return start(m, lastSource.op);
  const id = `${moduleUrl}#${exportName}`;
  const op = loaded.get(id);
  if (op) {
    lastSource = { moduleUrl, exportName, op };
    return start(m, op);
  }
  let pending = loading.get(id);
  if (!pending) {
    pending = importOperation(m.source.moduleUrl, m.source.exportName);
    loading.set(id, pending);
    pending.then((op) => loaded.set(id, op), () => loading.delete(id));
  }
  pending.then((op) => start(m, op), (e) => fail(m.job, e));
}

async function importOperation(moduleUrl: string, exportName: string): Promise<Operation> {
  const mod = await import(moduleUrl) as Record<string, unknown>;
  const op = mod[exportName] as Operation | undefined;
  if (!op || typeof op.run !== "function") {
    throw new TypeError(`module ${moduleUrl} has no export "${exportName}" with a run(ctx) function`);
  }
  return op;
}

function start(m: RunMessage, op: Operation): void {
  const job = m.job;
  const cancelled = earlyCancel?.job === job ? earlyCancel : undefined;
  earlyCancel = undefined;
  if (cancelled) return fail(job, new CancelledError(cancelled.reason));
  const inputs: Record<string, Table> = {};
  for (const ref of m.inputs) {
    let table: Table | undefined;
    if (ref.packet) {
      try {
        table = decodeTable(ref.packet);
      } catch (e) {
        return fail(job, new Error(`input "${ref.name}" could not be read in the worker: ${messageOf(e)}`));
      }
      tables.set(ref.key, table);
    } else {
      table = tables.get(ref.key);
    }
    if (!table) return fail(job, new Error(`input "${ref.name}" is missing in the worker`));
    inputs[ref.name] = table;
  }
  const running: NonNullable<typeof current> = current = { job };
  let lastProgressAt = -Infinity;
  let pendingProgress = -1;
  const ctx: OpContext = {
    params: m.params,
    input: m.primary === null ? undefined : inputs[m.primary],
    inputs,
    get signal() {
      if (!running.controller) {
        running.controller = new AbortController();
        if (running.cancelled !== undefined) running.controller.abort(new CancelledError(running.cancelled));
      }
      return running.controller.signal;
    },
    attempt: m.attempt,
    step: m.step,
    baseDir: m.baseDir,
    columnsUsed: m.columnsUsed,
    rowsUsed: m.rowsUsed,
    progress(f: number) {
      const now = performance.now();
      if (f >= 1 || now - lastProgressAt >= PROGRESS_INTERVAL_MS) {
        lastProgressAt = now;
        pendingProgress = -1;
        post({ t: "progress", job, f });
      } else {
        pendingProgress = f;
      }
    },
    log(message: string) {
      post({ t: "log", job, message: String(message) });
    },
  };
  const flush = () => {
    if (pendingProgress >= 0) post({ t: "progress", job, f: pendingProgress });
    pendingProgress = -1;
    if (current?.job === job) current = undefined;
  };
  let out: OpOutput | Promise<OpOutput>;
  try {
    out = op.run(ctx);
  } catch (e) {
    flush();
    return fail(job, e);
  }
  if (out !== null && typeof out === "object" && typeof (out as Promise<OpOutput>).then === "function") {
    (out as Promise<OpOutput>).then((v) => {
      flush();
      done(m, v);
    }, (e) => {
      flush();
      fail(job, e);
    });
  } else {
    flush();
    done(m, out as OpOutput);
  }
}

function done(m: RunMessage, value: OpOutput): void {
  let table: Table | undefined;
  let packet: TablePacket | undefined;
  try {
    table = toTable(value, m.step);
    if (table && m.ship) packet = encodeTable(table, { views: true });
  } catch (e) {
    return fail(m.job, e);
  }
  const kept = table !== undefined && m.keep;
  if (kept) tables.set(m.outKey, table!);
  const rows = table ? table.numRows() : 0;
  const reply: DoneMessage = { t: "done", job: m.job, table: table !== undefined, rows, cells: table ? rows * table.numCols() : 0, kept };
  if (packet) reply.packet = packet;
  post(reply);
  spin.jobEnded();
}

function fail(job: number, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ t: "error", job, name: e.name, message: e.message });
  spin.jobEnded();
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
