/**
 * Reading whole inputs into memory: files into a buffer sized once from
 * fstat and filled with readSync (faster than readFileSync here), URLs with
 * fetch. The buffer carries one extra `\n` byte after the data, a sentinel
 * that lets the CSV scanner skip bounds checks.
 *
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { DataError } from "../errors.ts";

/** Bytes of an input: `buf[0..len)` is the data, `buf[len]` is `\n`. */
export interface InputBytes {
  buf: Uint8Array;
  len: number;
}

/** Options of {@link readInput}. */
export interface ReadInputOptions {
  signal?: AbortSignal;
}

/** Whether a path is an http(s) URL. */
export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/**
 * Opens `path` for reading, calls `fn` with its descriptor and size, and closes it.
 * @throws {DataError} naming the file when it can't be opened.
 */
export function withFile<T>(path: string, fn: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    return fn(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** Reads a local file. @throws {DataError} naming the file when it can't be read. */
export function readFileBytes(path: string): InputBytes {
  return withFile(path, (fd, size) => {
    try {
      const buf = new Uint8Array(size + 1);
      let len = 0;
      while (len < size) {
        const n = readSync(fd, buf, len, Math.min(size - len, 1 << 30), null);
        if (n <= 0) break;
        len += n;
      }
      buf[len] = 10;
      return { buf, len };
    } catch (e) {
      throw fileError(path, e);
    }
  });
}

/** Downloads a URL. @throws {DataError} naming the URL on a network error or a non-2xx status. */
export async function fetchBytes(url: string, options: ReadInputOptions = {}): Promise<InputBytes> {
  let res: Response;
  try {
    res = await fetch(url, { signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason ?? e;
    throw new DataError(`cannot download: ${(e as Error).message}; check the URL and the network`, { file: url });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DataError(`cannot download: HTTP ${res.status} ${res.statusText}`.trim(), { file: url });
  }
  const data = new Uint8Array(await res.arrayBuffer());
  const buf = new Uint8Array(data.length + 1);
  buf.set(data);
  buf[data.length] = 10;
  return { buf, len: data.length };
}

/** The data bytes of an input, without the sentinel. */
export function dataOf(input: InputBytes): Uint8Array {
  return input.buf.subarray(0, input.len);
}

/** A DataError saying why a file can't be read, in words a user can act on. */
export function fileError(path: string, e: unknown): DataError {
  const code = (e as { code?: string }).code;
  const why = code === "ENOENT"
    ? "no such file; check the path (relative paths start at the pipeline file's folder)"
    : code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : code === "EISDIR"
    ? "it is a folder, not a file"
    : (e as Error).message;
  return new DataError(`cannot read file: ${why}`, { file: path });
}
