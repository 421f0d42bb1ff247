/**
 * The compiled plan and the per-step state of one run, as compact arrays
 * indexed by a step's position in the file. Shared by the executor and its
 * main-thread and worker step runners; no behaviour lives here.
 *
 * @module
 */
import type { Operation } from "../operation.ts";
import type { OperationRegistry } from "../registry.ts";
import type { PipelineSpec, StepSpec, StepStatus } from "../types.ts";
import { BUILTIN_OPERATIONS } from "../../ops/mod.ts";
import { columnsUsed } from "./column_use.ts";
import { rowsUsed } from "./row_use.ts";
import { buildGraph, type Graph } from "./graph.ts";
import { TableStore } from "./table_store.ts";

/** Step states (codes in {@link RunState.status}). WAITING: its input was lost and is being re-made. */
export const PENDING = 0, QUEUED = 1, RUNNING = 2, RETRYING = 3, WAITING = 4;
/** Final step states. */
export const COMPLETED = 5, FAILED = 6, CANCELLED = 7, SKIPPED = 8;
/** The public name of each state code (a waiting step shows as queued). */
export const STATUS: readonly StepStatus[] = ["pending", "queued", "running", "retrying", "queued", "completed", "failed", "cancelled", "skipped"];
/** Pool classes: io_bound/network_bound, cpu_bound, memory_bound. */
export const IO = 0, CPU = 1, MEM = 2;

const BUILTINS: ReadonlySet<Operation> = new Set(BUILTIN_OPERATIONS);

/** Everything one run knows per step. */
export class RunState {
  readonly n: number;
  readonly g: Graph;
  readonly steps: readonly StepSpec[];
  readonly baseDir: string;
  /** Keep every output for RunResult.outputs. */
  readonly keep: boolean;
  readonly maxParallel: number;
  readonly ioLimit: number;
  readonly cpuLimit: number;
  readonly memLimit: number;
  /** cpu_threads was not set: the run sizes its workers itself (RemoteSteps.planWorkers). */
  readonly autoWorkers: boolean;

  // The plan (fixed for the run).
  readonly ops: Operation[];
  /** Pool class ({@link IO}, {@link CPU}, {@link MEM}). */
  readonly cls: Uint8Array;
  /**
   * 1 = runs in a worker: a cpu/memory hint, or an I/O step whose operation declares
   * `offload` ({@link offload}), and an operation a worker can load.
   */
  readonly remote: Uint8Array;
  /**
   * 1 = an io_bound/network_bound step placed in a worker (its operation declares `offload`).
   * It keeps the IO class for io_threads; when every worker is busy it may run on main instead.
   */
  readonly offload: Uint8Array;
  /** How many steps run in workers. */
  readonly remoteCount: number;
  /** Index among the step's dependencies of the one that becomes ctx.input (-1: none). */
  readonly primary: Int32Array;
  /** Hard timeout per attempt in ms (-1: none). */
  readonly timeout: Float64Array;
  /** Ready-queue priority: longest remaining path first, then file order (file order alone when sequential). */
  readonly keys: Float64Array;
  /** Workers send this step's output back at once (main needs it, or several workers do). */
  readonly ship: Uint8Array;
  /** Workers keep this step's output (a worker step needs it). */
  readonly keepInWorker: Uint8Array;
  /** The columns of each step's output that later steps read (undefined: all); see column_use.ts. */
  readonly columnsUsed: (readonly string[] | undefined)[];
  /** Per step: how many leading rows of its output later steps read (undefined: all); see row_use.ts. */
  readonly rowsUsed: (number | undefined)[];

  // The state.
  readonly status: Uint8Array;
  readonly attempts: Int32Array;
  /** Dependencies not completed yet. */
  readonly indeg: Int32Array;
  /** Future ends of steps that need this step's output; at 0 its table is freed. */
  readonly uses: Int32Array;
  /** Bumped at every attempt: late callbacks of an older attempt compare and give up. */
  readonly gen: Int32Array;
  readonly startAt: Float64Array;
  readonly endAt: Float64Array;
  /** Output rows (NaN: no table). */
  readonly rows: Float64Array;
  readonly errors: (string | undefined)[];
  /** Per-attempt controllers, only for steps with a timeout (others share the run's signal). */
  readonly ctrls: (AbortController | undefined)[];
  readonly timers: (ReturnType<typeof setTimeout> | undefined)[];
  /** 1 while the running attempt is in a worker (an offloaded I/O step may run on main). */
  readonly onWorker: Uint8Array;
  /** Worker slot running the step (-1: none). */
  readonly workerOf: Int32Array;
  /** Pool job id of the running attempt (0: not posted). */
  readonly jobOf: Float64Array;
  /** 1 while a completed step re-runs to re-make a lost table. */
  readonly recomputing: Uint8Array;
  /** Lost inputs a waiting step still waits for. */
  readonly blockers: Int32Array;
  readonly store: TableStore;

  /** Compiles `spec`; operations are looked up in `registry`. */
  constructor(spec: PipelineSpec, registry: OperationRegistry, keep: boolean) {
    const steps = this.steps = spec.steps;
    const g = this.g = buildGraph(steps);
    const n = this.n = g.n;
    const s = spec.settings;
    const sequential = s.engine === "sequential";
    this.baseDir = spec.baseDir;
    this.keep = keep;
    this.maxParallel = sequential ? 1 : Math.max(1, s.maxParallel);
    this.ioLimit = Math.max(1, s.ioThreads);
    this.cpuLimit = Math.max(1, s.cpuThreads);
    this.memLimit = Math.max(1, s.memorySlots);
    this.autoWorkers = s.autoWorkers === true;

    this.ops = new Array(n);
    this.cls = new Uint8Array(n);
    this.remote = new Uint8Array(n);
    this.offload = new Uint8Array(n);
    this.onWorker = new Uint8Array(n);
    this.primary = new Int32Array(n);
    this.timeout = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.ship = new Uint8Array(n);
    this.keepInWorker = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.attempts = new Int32Array(n);
    this.indeg = new Int32Array(n);
    this.uses = new Int32Array(n);
    this.gen = new Int32Array(n);
    this.startAt = new Float64Array(n);
    this.endAt = new Float64Array(n);
    this.rows = new Float64Array(n).fill(NaN);
    this.errors = new Array(n);
    this.ctrls = new Array(n);
    this.timers = new Array(n);
    this.workerOf = new Int32Array(n).fill(-1);
    this.jobOf = new Float64Array(n);
    this.recomputing = new Uint8Array(n);
    this.blockers = new Int32Array(n);
    this.store = new TableStore(n);

    let remoteCount = 0;
    for (let i = 0; i < n; i++) {
      const step = steps[i];
      const op = this.ops[i] = registry.get(step.operation) ?? missingOperation(step.operation);
      const hint = step.resourceHint;
      const c = this.cls[i] = hint === "cpu_bound" ? CPU : hint === "memory_bound" ? MEM : IO;
      // Only built-ins and operations from a module can be loaded by a worker; functions added from code stay on main.
      if ((c !== IO || offloads(op, step, spec.baseDir)) && (op.source !== undefined || BUILTINS.has(op))) {
        this.remote[i] = 1;
        if (c === IO) this.offload[i] = 1;
        remoteCount++;
      }
      const start = g.depStart[i], end = g.depStart[i + 1];
      this.indeg[i] = end - start;
      this.uses[i] = g.succStart[i + 1] - g.succStart[i];
      let primary = end > start ? 0 : -1;
      const named = step.params.input;
      if (typeof named === "string") {
        for (let k = start; k < end; k++) if (g.names[g.deps[k]] === named) primary = k - start;
      }
      this.primary[i] = primary;
      this.timeout[i] = step.timeoutMs ?? s.timeoutMs ?? -1;
      this.keys[i] = sequential ? n - 1 - i : g.pathLen[i] * n + (n - 1 - i);
    }
    this.remoteCount = remoteCount;
    this.columnsUsed = columnsUsed(g, steps, this.ops, keep);
    this.rowsUsed = rowsUsed(g, steps, this.ops, this.primary, keep);
    for (let i = 0; i < n; i++) {
      let local = 0, remote = 0;
      for (let k = g.succStart[i]; k < g.succStart[i + 1]; k++) {
        if (this.remote[g.succs[k]]) remote++;
        else local++;
      }
      this.ship[i] = keep || local > 0 || remote > 1 ? 1 : 0;
      this.keepInWorker[i] = remote > 0 ? 1 : 0;
    }
  }

  /** The step id of dependency `k` (0-based, depends_on order) of step `id`. */
  dep(id: number, k: number): number {
    return this.g.deps[this.g.depStart[id] + k];
  }
}

/** Whether an I/O step goes to a worker: its operation's `offload`, decided for this step. */
function offloads(op: Operation, step: StepSpec, baseDir: string): boolean {
  if (typeof op.offload !== "function") return op.offload === true;
  try {
    return op.offload(step.params, baseDir);
  } catch {
    return true; // the step will report its own problem when it runs
  }
}

/** Stands in for an operation the registry doesn't know: the step fails with a hint. */
function missingOperation(name: string): Operation {
  return {
    name,
    description: "",
    resourceHint: "io_bound",
    params: {},
    run() {
      throw new Error(`unknown operation "${name}"; run \`pfw ops\` to list the operations`);
    },
  };
}
