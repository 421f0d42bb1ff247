/**
 * What a command may touch of its process: output streams, the terminal,
 * the environment and the working folder. Commands take a {@link CliIO}
 * so tests can run them in-process and read what they printed.
 *
 * @module
 */
import process from "node:process";

/** The process as a command sees it. */
export interface CliIO {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard output is a terminal (live views, colors). */
  isTTY: boolean;
  /** Terminal width and height, when a terminal. */
  columns: number;
  rows: number;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process's streams (node:process, which Deno and Bun share). */
export function processIO(): CliIO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    get columns() {
      return process.stdout.columns || 80;
    },
    get rows() {
      return process.stdout.rows || 24;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Waits until what was written to stdout and stderr has been handed to the OS,
 * then ends both streams: call it only right before exiting.
 *
 * `end()`, not an empty write's callback: in Bun (so in the compiled binary)
 * an empty write calls back at once while earlier output still waits for a
 * slow pipe, and `process.exit` then cut `pfw schema | cat` at 64 KiB.
 * A closed pipe (`pfw ops | head -1`) errors instead of finishing; that ends the wait too.
 */
export function flushProcessOutput(): Promise<void> {
  const flush = (s: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      s.once("error", () => resolve());
      s.end(() => resolve());
    });
  return Promise.all([flush(process.stdout), flush(process.stderr)]).then(() => undefined);
}

/** A {@link CliIO} that records output, for tests. */
export interface MemoryIO extends CliIO {
  stdout: string;
  stderr: string;
}

/** Creates a {@link MemoryIO}: not a terminal unless `isTTY`, no colors unless asked. */
export function memoryIO(
  options: { isTTY?: boolean; env?: Record<string, string | undefined>; cwd?: string; columns?: number; rows?: number } = {},
): MemoryIO {
  const io: MemoryIO = {
    stdout: "",
    stderr: "",
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    isTTY: options.isTTY ?? false,
    columns: options.columns ?? 100,
    rows: options.rows ?? 30,
    env: options.env ?? { NO_COLOR: "1" },
    cwd: options.cwd ?? process.cwd(),
  };
  return io;
}

/** Options of {@link BufferedWriter}. */
export interface BufferedWriterOptions {
  /** Flush once this many characters wait (default 16384). */
  maxChars?: number;
  /** Flush at most this long after the first waiting write, in ms (default 50). */
  maxDelayMs?: number;
}

/**
 * Batches many small writes into few large ones (one line per event adds up
 * to hundreds of thousands of writes in a big run). Text is flushed when
 * enough waits, after a short delay, or on {@link flush}.
 */
export class BufferedWriter {
  #write: (text: string) => void;
  #parts: string[] = [];
  #chars = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #maxChars: number;
  #maxDelayMs: number;

  /** `write` receives the batched text. */
  constructor(write: (text: string) => void, options: BufferedWriterOptions = {}) {
    this.#write = write;
    this.#maxChars = options.maxChars ?? 16_384;
    this.#maxDelayMs = options.maxDelayMs ?? 50;
  }

  /** Queues `text`. */
  write(text: string): void {
    this.#parts.push(text);
    this.#chars += text.length;
    if (this.#chars >= this.#maxChars) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#maxDelayMs);
  }

  /** Writes everything queued now. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#parts.length === 0) return;
    const text = this.#parts.join("");
    this.#parts = [];
    this.#chars = 0;
    this.#write(text);
  }
}
