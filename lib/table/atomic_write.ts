/**
 * Writing an output file so that nobody ever sees it half-written: create the
 * parent folders, write a temporary file in the same folder, rename it over
 * the target on success, and remove it on failure or abort.
 *
 * @module
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DataError } from "../errors.ts";

/** Appends bytes to the file being written. */
export type WriteBytes = (bytes: Uint8Array) => void;

/** Options of {@link writeAtomic}. */
export interface AtomicWriteOptions {
  /** Aborting removes the temporary file and rejects with the signal's reason. */
  signal?: AbortSignal;
}

let counter = 0;

/** The temporary name used while writing `path` (same folder, hidden, unique). */
export function tempPathFor(path: string): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return join(dirname(path), `.${basename(path)}.${Date.now().toString(36)}${(counter++).toString(36)}${rand}.tmp`);
}

/**
 * Writes `path` from `produce`, which calls `write` with successive chunks
 * (it may await between them). The file appears complete or not at all.
 * @throws {DataError} naming the file when it can't be written.
 */
export async function writeAtomic(
  path: string,
  produce: (write: WriteBytes) => void | Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw writeError(path, e);
  }
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx");
    const handle = fd;
    await produce((bytes) => {
      signal?.throwIfAborted();
      let done = 0;
      while (done < bytes.length) done += writeSync(handle, bytes, done, bytes.length - done);
    });
    signal?.throwIfAborted();
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch { /* already failing */ }
    }
    rmSync(tmp, { force: true });
    if (signal?.aborted) throw signal.reason ?? e;
    throw e instanceof DataError ? e : writeError(path, e);
  }
}

/** Writes whole bytes to `path` atomically. */
export function writeBytesAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  return writeAtomic(path, (write) => write(bytes), options);
}

function writeError(path: string, e: unknown): Error {
  const code = (e as { code?: string }).code;
  if (!code) return e as Error; // not an I/O error: a bug or the producer's own error
  const why = code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : code === "ENOSPC"
    ? "the disk is full"
    : code === "EISDIR"
    ? "it is a folder"
    : code === "ENOTDIR"
    ? "a parent path is a file, not a folder"
    : (e as Error).message;
  return new DataError(`cannot write file: ${why}`, { file: path });
}
