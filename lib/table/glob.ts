/**
 * A small glob matcher for reader paths: `*` and `?` within a path segment,
 * `[abc]` / `[a-z]` / `[!a]` classes, `{a,b}` alternatives, and `**` for any
 * number of folders. Matches are returned sorted.
 *
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** Whether a path contains glob characters. */
export function isGlob(path: string): boolean {
  return /[*?[{]/.test(path);
}

/** A RegExp matching one path segment against a glob segment. */
export function segmentRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body[0] === "!") body = "^" + body.slice(1);
        re += "[" + body.replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else if (ch === "{") {
      const close = glob.indexOf("}", i);
      if (close < 0) re += "\\{";
      else {
        re += "(?:" + glob.slice(i + 1, close).split(",").map(escape).join("|") + ")";
        i = close;
      }
    } else re += escape(ch);
  }
  return new RegExp("^" + re + "$");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Files matching `pattern` (absolute, or relative to `baseDir`), sorted; [] when none. */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const abs = resolve(baseDir, pattern).replace(/\\/g, "/");
  const parts = abs.split("/");
  // the longest leading run of segments without glob characters is the root
  let k = 0;
  while (k < parts.length && !isGlob(parts[k])) k++;
  const root = parts.slice(0, k).join("/") || "/";
  const rest = parts.slice(k);
  const out: string[] = [];
  walk(root, rest, out);
  return out.sort();
}

function walk(dir: string, segs: string[], out: string[]): void {
  if (segs.length === 0) {
    if (isFile(dir)) out.push(dir);
    return;
  }
  const [seg, ...rest] = segs;
  if (seg === "**") {
    walk(dir, rest, out); // zero folders
    for (const e of entries(dir)) if (e.isDirectory() && !e.name.startsWith(".")) walk(join(dir, e.name), segs, out);
    return;
  }
  if (!isGlob(seg)) {
    walk(join(dir, seg), rest, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const e of entries(dir)) {
    if (!re.test(e.name) || (e.name.startsWith(".") && !seg.startsWith("."))) continue;
    const p = join(dir, e.name);
    if (rest.length === 0) {
      if (e.isFile() || (e.isSymbolicLink() && isFile(p))) out.push(p);
    } else if (e.isDirectory() || e.isSymbolicLink()) walk(p, rest, out);
  }
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
