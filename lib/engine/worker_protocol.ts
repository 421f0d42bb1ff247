/**
 * Messages between the main thread and pool workers. Tables travel as
 * packets over shared memory (table/transfer.ts): posted without a copy and
 * without a transfer list.
 *
 * @module
 */
import type { TablePacket } from "../table/transfer.ts";
import type { SpinConfig } from "./idle_spin.ts";

/** A table input of a job: its name (the producing step), its key in the worker's table map, and its packet when the worker doesn't hold it yet. */
export interface InputRef {
  name: string;
  key: number;
  packet?: TablePacket;
}

/** Main → worker: run one attempt of one step. */
export interface RunMessage {
  t: "run";
  job: number;
  step: string;
  /** The operation's canonical name (built-ins are looked up in the worker's own registry). */
  op: string;
  /** For operations from a module: the worker imports it itself. */
  source?: { moduleUrl: string; exportName: string };
  params: Record<string, unknown>;
  baseDir: string;
  attempt: number;
  /** Table inputs in depends_on order (dependencies without an output are left out). */
  inputs: InputRef[];
  /** Name of the input that becomes `ctx.input`, or null. */
  primary: string | null;
  /** Key under which the worker keeps the output. */
  outKey: number;
  /** Keep the output in the worker (another worker step will want it). */
  keep: boolean;
  /** Send the output's packet back with the reply (main needs it, or several workers do). */
  ship: boolean;
  /** The columns of the output that later steps read (undefined: all): the worker's ctx.columnsUsed. */
  columnsUsed?: readonly string[];
  /** How many leading rows of the output later steps read (undefined: all): the worker's ctx.rowsUsed. */
  rowsUsed?: number;
}

/** Main → worker: abort the running job's signal. */
export interface CancelMessage {
  t: "cancel";
  job: number;
  reason: string;
}

/** Main → worker: forget these tables. */
export interface FreeMessage {
  t: "free";
  keys: number[];
}

/** Main → worker: forget every table with a key in [from, to). */
export interface DropMessage {
  t: "drop";
  from: number;
  to: number;
}

/** Main → worker: send the packet of a table it holds. */
export interface FetchMessage {
  t: "fetch";
  req: number;
  key: number;
}

/** Main → worker, first of all: how to spin after jobs (lib/engine/idle_spin.ts). */
export interface SpinMessage {
  t: "spin";
  config: SpinConfig;
}

/** Everything main sends to a worker. */
export type ToWorker = RunMessage | CancelMessage | FreeMessage | DropMessage | FetchMessage | SpinMessage;

/** Worker → main: the job succeeded. */
export interface DoneMessage {
  t: "done";
  job: number;
  /** Whether the operation returned a table (or rows). */
  table: boolean;
  rows: number;
  /** rows × columns, to prefer the worker holding the largest input. */
  cells: number;
  /** Whether the worker kept the output under `outKey`. */
  kept: boolean;
  packet?: TablePacket;
}

/** Worker → main: the job failed. */
export interface ErrorMessage {
  t: "error";
  job: number;
  name: string;
  message: string;
}

/** Worker → main: `ctx.progress(f)` (throttled in the worker). */
export interface ProgressMessage {
  t: "progress";
  job: number;
  f: number;
}

/** Worker → main: `ctx.log(message)`. */
export interface LogMessage {
  t: "log";
  job: number;
  message: string;
}

/** Worker → main: answer to a {@link FetchMessage}. */
export interface FetchedMessage {
  t: "fetched";
  req: number;
  packet?: TablePacket;
  error?: string;
}

/** Worker → main: the worker is unusable (uncaught error, or it is closing itself). */
export interface CrashMessage {
  t: "crash";
  message: string;
}

/** Worker → main: the worker has loaded and handles messages. */
export interface ReadyMessage {
  t: "ready";
}

/** Worker → main: the worker starts filling this new buffer; fault its pages in from the end (lib/engine/page_helper.ts). */
export interface TouchMessage {
  t: "touch";
  buffer: SharedArrayBuffer;
}

/** Everything a worker sends to main. */
export type FromWorker = ReadyMessage | DoneMessage | ErrorMessage | ProgressMessage | LogMessage | FetchedMessage | CrashMessage | TouchMessage;
