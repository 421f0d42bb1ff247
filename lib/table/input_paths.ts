/**
 * What a reader's `path` param names: one file, the files a glob matches (in
 * sorted order), or an http(s) URL. Relative paths start at the pipeline's folder.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DataError } from "../errors.ts";
import { expandGlob, isGlob } from "./glob.ts";
import { isUrl } from "./read_bytes.ts";

/**
 * The inputs `path` names, as absolute paths or URLs.
 * @throws {DataError} when a glob matches nothing or a file doesn't exist.
 */
export function resolveInputs(path: string, baseDir: string): string[] {
  if (typeof path !== "string" || path === "") throw new DataError("path is empty; give a file, a glob like data/*.csv, or a URL");
  if (isUrl(path)) return [path];
  if (isGlob(path) && !existsSync(resolve(baseDir, path))) {
    const files = expandGlob(path, baseDir);
    if (files.length === 0) throw new DataError("no file matches this pattern; check the folder and the pattern", { file: path });
    return files;
  }
  const file = resolve(baseDir, path);
  if (!existsSync(file)) {
    throw new DataError("cannot read file: no such file; check the path (relative paths start at the pipeline file's folder)", { file });
  }
  return [file];
}

/** The absolute output path of a writer. */
export function resolveOutput(path: string, baseDir: string): string {
  if (typeof path !== "string" || path === "") throw new DataError("path is empty; give the file to write");
  return resolve(baseDir, path);
}
