/**
 * Where the CSV reader's bytes come from: a file read window by window into
 * one reused buffer (touching little fresh memory, which is what reading
 * costs most here), or bytes already in memory (a download, a test string).
 *
 * @module
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { CR, LF, lineAt } from "./csv_bytes.ts";
import { fetchBytes, fileError, type InputBytes, isUrl } from "./read_bytes.ts";

/** An opened input. */
export interface CsvStream {
  /** All the bytes at once (with the `\n` sentinel), for in-memory inputs. */
  whole?: InputBytes;
  /** Reads up to `max` bytes into `buf` at `at`; 0 at the end. */
  read(buf: Uint8Array, at: number, max: number): number;
  /** The 1-based line of a byte offset (for error messages; may re-read the file). */
  lineOf(offset: number): number;
  /** Releases the file. */
  close(): void;
}

/** One input of the CSV reader. */
export interface CsvInput {
  /** The file or URL, for messages. */
  name: string;
  /** Size in bytes when known (progress, storage sizing). */
  size?: number;
  /** Opens the input. */
  open(signal?: AbortSignal): Promise<CsvStream>;
}

/** A file or URL as a CSV input. */
export function csvInput(path: string, size?: number): CsvInput {
  if (isUrl(path)) return { name: path, size, open: async (signal) => memoryStream(await fetchBytes(path, { signal })) };
  return { name: path, size: size ?? fileSize(path), open: () => Promise.resolve(fileStream(path)) };
}

/** Bytes in memory as a CSV input. */
export function memoryInput(name: string, bytes: Uint8Array): CsvInput {
  const buf = new Uint8Array(bytes.length + 1);
  buf.set(bytes);
  buf[bytes.length] = LF;
  return { name, size: bytes.length, open: () => Promise.resolve(memoryStream({ buf, len: bytes.length })) };
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined; // reported when the file is opened
  }
}

function memoryStream(whole: InputBytes): CsvStream {
  return { whole, read: () => 0, lineOf: (offset) => lineAt(whole.buf, offset), close: () => {} };
}

function fileStream(path: string): CsvStream {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw fileError(path, e);
  }
  return {
    read(buf, at, max) {
      try {
        return readSync(fd, buf, at, max, null);
      } catch (e) {
        throw fileError(path, e);
      }
    },
    lineOf: (offset) => countLines(path, offset),
    close: () => closeSync(fd),
  };
}

/** 1-based line of byte `offset` in a file, counting CRLF, LF and lone CR. */
function countLines(path: string, offset: number): number {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(1 << 20);
    let line = 1, done = 0, prevCR = false;
    while (done < offset) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - done), null);
      if (n <= 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === LF) {
          if (!prevCR) line++;
          prevCR = false;
        } else if (b === CR) {
          line++;
          prevCR = true;
        } else prevCR = false;
      }
      done += n;
    }
    return line;
  } finally {
    closeSync(fd);
  }
}

let spare: Uint8Array | null = null;

/** A read buffer of at least `size` bytes (reused between reads: fresh memory is slow to touch). */
export function takeBuffer(size: number): Uint8Array {
  const b = spare && spare.length >= size && spare.length < size * 2 ? spare : new Uint8Array(size);
  if (b === spare) spare = null;
  return b;
}

/** Returns a buffer for reuse. */
export function giveBuffer(buf: Uint8Array): void {
  if (!spare || buf.length > spare.length) spare = buf;
}

/** Index just after the last line break in `buf[0..n)`, or 0 when there is none. */
export function afterLastBreak(buf: Uint8Array, n: number): number {
  for (let i = n - 1; i >= 0; i--) {
    const b = buf[i];
    if (b === LF || b === CR) return i + 1;
  }
  return 0;
}
