/**
 * The run store: every run, its steps and their attempts, in an embedded
 * SQLite database (`node:sqlite`, which Deno and Bun both provide).
 *
 * A run is written twice: one row when it starts, and everything else in one
 * transaction when it ends, so the engine's hot path never waits on the disk.
 *
 * @example
 * ```ts
 * import { RunStore } from "./run_store.ts";
 * const store = RunStore.open(":memory:");
 * store.startRun({ id: "r1", pipeline: "/p/pipeline.yml", engine: "parallel", startedAt: Date.now() });
 * console.log(store.listRuns()[0].status); // "running"
 * store.close();
 * ```
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RunResult } from "../types.ts";
import type { AttemptRecord } from "./attempt_recorder.ts";

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  pipeline TEXT,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms REAL,
  engine TEXT NOT NULL,
  step_count INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, started_at);
CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_at);
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  duration_ms REAL,
  rows INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS steps_by_run ON steps (run_id);
CREATE TABLE IF NOT EXISTS attempts (
  run_id TEXT NOT NULL,
  step TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  status TEXT NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS attempts_by_run ON attempts (run_id);
`;

/** Where a pipeline's runs are stored unless told otherwise: `.pfw/pfw.db` beside the file. */
export function defaultDbPath(pipelineFile: string): string {
  return join(dirname(pipelineFile), ".pfw", "pfw.db");
}

/** What is known when a run starts. */
export interface RunStart {
  /** The run's id (the engine's `runId`). */
  id: string;
  /** Absolute path of the pipeline file; undefined for pipelines built in code. */
  pipeline?: string;
  /** "parallel" or "sequential". */
  engine: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** How many steps the pipeline has. */
  stepCount?: number;
}

/** One row of `runs`. */
export interface RunRow {
  /** The run's id. */
  id: string;
  /** Absolute path of the pipeline file; null for pipelines built in code. */
  pipeline: string | null;
  /** "running" until it ends, then "completed", "failed" or "cancelled". */
  status: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Null while running (or when the process died). */
  durationMs: number | null;
  /** "parallel" or "sequential". */
  engine: string;
  /** How many steps the pipeline has. */
  stepCount: number | null;
}

/** One row of `steps`. */
export interface StepRow {
  /** The step's name. */
  name: string;
  /** Its final status (completed, failed, skipped, cancelled). */
  status: string;
  /** Tries made, the first included. */
  attempts: number;
  /** Time spent in its attempts, in ms. */
  durationMs: number | null;
  /** Rows of its output, when it made a table. */
  rows: number | null;
  /** The last error, when it failed. */
  error: string | null;
}

/** Options of {@link RunStore.listRuns}. */
export interface ListRunsOptions {
  /** Only runs of this pipeline file (absolute path). */
  pipeline?: string;
  /** At most this many, newest first (default 20). */
  limit?: number;
}

/** A SQLite-backed record of runs. Open with {@link RunStore.open}; close when done. */
export class RunStore {
  #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Opens (creating if needed) the database at `path`; `":memory:"` for a throwaway one.
   * @throws {Error} when the folder can't be created or the file isn't a pfw database.
   */
  static open(path: string): RunStore {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    try {
      db.exec("PRAGMA busy_timeout = 5000");
      if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
      const version = Number((db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version);
      if (version > SCHEMA_VERSION) {
        throw new Error(`${path} was written by a newer pfw (store version ${version}); upgrade pfw or pass another --db`);
      }
      db.exec(SCHEMA);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    } catch (err) {
      db.close();
      throw err;
    }
    return new RunStore(db);
  }

  /** Records that a run started (status "running"). */
  startRun(run: RunStart): void {
    this.#db.prepare(
      "INSERT OR REPLACE INTO runs (id, pipeline, status, started_at, duration_ms, engine, step_count) VALUES (?, ?, 'running', ?, NULL, ?, ?)",
    ).run(run.id, run.pipeline ?? null, Math.round(run.startedAt), run.engine, run.stepCount ?? null);
  }

  /**
   * Records a run's outcome, its steps and their attempts, in one transaction.
   * `id` is the id given to {@link startRun} (the result's own `runId` is not used).
   */
  finishRun(id: string, result: RunResult, attempts: readonly AttemptRecord[] = []): void {
    const db = this.#db;
    db.exec("BEGIN");
    try {
      db.prepare("UPDATE runs SET status = ?, duration_ms = ?, step_count = ? WHERE id = ?")
        .run(result.status, result.durationMs, result.steps.length, id);
      db.prepare("DELETE FROM steps WHERE run_id = ?").run(id);
      db.prepare("DELETE FROM attempts WHERE run_id = ?").run(id);
      insertRows(db, "steps (run_id, name, status, attempts, duration_ms, rows, error)", 7, result.steps, (s) => [
        id,
        s.name,
        s.status,
        s.attempts,
        s.durationMs,
        s.rows ?? null,
        s.error ?? null,
      ]);
      insertRows(db, "attempts (run_id, step, attempt, started_at, ended_at, status, error)", 7, attempts, (a) => [
        id,
        a.step,
        a.attempt,
        round(a.startedAt),
        round(a.endedAt),
        a.status,
        a.error ?? null,
      ]);
      db.exec("COMMIT");
    } catch (err) {
      db.exec("ROLLBACK");
      throw err;
    }
  }

  /** Recent runs, newest first. */
  listRuns(options: ListRunsOptions = {}): RunRow[] {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const where = options.pipeline === undefined ? "" : "WHERE pipeline = ?";
    const args: (string | number)[] = options.pipeline === undefined ? [limit] : [options.pipeline, limit];
    const rows = this.#db.prepare(
      `SELECT id, pipeline, status, started_at, duration_ms, engine, step_count FROM runs ${where} ORDER BY started_at DESC, rowid DESC LIMIT ?`,
    ).all(...args) as Record<string, unknown>[];
    return rows.map(toRunRow);
  }

  /**
   * The run with this id, or the only run whose id starts with it.
   * @throws {RangeError} when the prefix matches several runs.
   */
  findRun(idOrPrefix: string): RunRow | undefined {
    const rows = this.#db.prepare(
      "SELECT id, pipeline, status, started_at, duration_ms, engine, step_count FROM runs WHERE id = ? OR substr(id, 1, ?) = ? ORDER BY id = ? DESC, started_at DESC LIMIT 2",
    ).all(idOrPrefix, idOrPrefix.length, idOrPrefix, idOrPrefix) as Record<string, unknown>[];
    if (rows.length === 2 && rows[0].id !== idOrPrefix) {
      throw new RangeError(`several runs start with "${idOrPrefix}"; give more of the id`);
    }
    return rows.length ? toRunRow(rows[0]) : undefined;
  }

  /** The steps of one run, in the order they were recorded (file order). */
  steps(runId: string): StepRow[] {
    const rows = this.#db.prepare(
      "SELECT name, status, attempts, duration_ms, rows, error FROM steps WHERE run_id = ? ORDER BY rowid",
    ).all(runId) as Record<string, unknown>[];
    return rows.map((r) => ({
      name: String(r.name),
      status: String(r.status),
      attempts: Number(r.attempts),
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      rows: r.rows === null ? null : Number(r.rows),
      error: r.error === null ? null : String(r.error),
    }));
  }

  /** The attempts of one run, by step then attempt number. */
  attempts(runId: string): AttemptRecord[] {
    const rows = this.#db.prepare(
      "SELECT step, attempt, started_at, ended_at, status, error FROM attempts WHERE run_id = ? ORDER BY rowid",
    ).all(runId) as Record<string, unknown>[];
    return rows.map((r) => ({
      step: String(r.step),
      attempt: Number(r.attempt),
      startedAt: r.started_at === null ? undefined : Number(r.started_at),
      endedAt: r.ended_at === null ? undefined : Number(r.ended_at),
      status: String(r.status),
      error: r.error === null ? undefined : String(r.error),
    }));
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

type SqlValue = string | number | null;

const ROWS_PER_INSERT = 200;

/** Inserts rows with multi-row INSERTs (far fewer calls into SQLite than one per row). */
function insertRows<T>(
  db: DatabaseSync,
  target: string,
  width: number,
  items: readonly T[],
  values: (item: T) => SqlValue[],
): void {
  const tuple = `(${new Array(width).fill("?").join(", ")})`;
  const full = db.prepare(`INSERT INTO ${target} VALUES ${new Array(ROWS_PER_INSERT).fill(tuple).join(", ")}`);
  for (let start = 0; start < items.length; start += ROWS_PER_INSERT) {
    const chunk = items.slice(start, start + ROWS_PER_INSERT);
    const args = chunk.flatMap(values);
    const statement = chunk.length === ROWS_PER_INSERT
      ? full
      : db.prepare(`INSERT INTO ${target} VALUES ${new Array(chunk.length).fill(tuple).join(", ")}`);
    statement.run(...args);
  }
}

function toRunRow(r: Record<string, unknown>): RunRow {
  return {
    id: String(r.id),
    pipeline: r.pipeline === null ? null : String(r.pipeline),
    status: String(r.status),
    startedAt: Number(r.started_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    engine: String(r.engine),
    stepCount: r.step_count === null ? null : Number(r.step_count),
  };
}

function round(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.round(ms);
}
