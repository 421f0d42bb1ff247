/**
 * Where each node of a pipeline document came from: a map from a path inside
 * the document (`pipeline[2].params.by[0]`) to its line and column, for the
 * value and, inside maps, for the key.
 *
 * Documents built in code have no positions: {@link SourceMap.empty} answers
 * `undefined` everywhere and errors carry only their path.
 *
 * @module
 */
import type { SourcePos } from "../types.ts";

/** A path inside a document: map keys and list indexes. */
export type Path = readonly (string | number)[];

/** Where one node is. */
export interface NodeSource {
  /** Start of the value. */
  pos: SourcePos;
  /** Start of the key, when the node is a map value. */
  keyPos?: SourcePos;
  /** The node's path in the file as written, when it differs (the legacy `steps:` dialect). */
  origin?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `["pipeline", 2, "params", "by"]` → `pipeline[2].params.by`; keys that are
 * not identifiers are quoted: `params.columns["total $"]`.
 */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Positions of the nodes of one document, keyed by formatted path. */
export class SourceMap {
  #nodes = new Map<string, NodeSource>();

  /** A map with no positions, for documents built in code. */
  static empty(): SourceMap {
    return new SourceMap();
  }

  /** Records where the node at `path` is. */
  set(path: Path | string, source: NodeSource): void {
    this.#nodes.set(typeof path === "string" ? path : formatPath(path), source);
  }

  /** The node at exactly this path, if recorded. */
  get(path: Path | string): NodeSource | undefined {
    return this.#nodes.get(typeof path === "string" ? path : formatPath(path));
  }

  /**
   * The node at `path`, or else its nearest recorded ancestor (values reached
   * through a YAML alias have no position of their own).
   */
  nearest(path: Path): NodeSource | undefined {
    for (let n = path.length; n >= 0; n--) {
      const hit = this.#nodes.get(formatPath(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Whether any position is recorded (false for documents built in code). */
  get size(): number {
    return this.#nodes.size;
  }

  /**
   * Copies the node at `from` and everything below it to `to` in `target`,
   * remembering the original path (used to translate the legacy dialect).
   */
  copySubtree(from: Path, to: Path, target: SourceMap): void {
    const fromKey = formatPath(from);
    const toKey = formatPath(to);
    for (const [key, source] of this.#nodes) {
      if (key !== fromKey && !key.startsWith(fromKey + ".") && !key.startsWith(fromKey + "[")) continue;
      target.set(toKey + key.slice(fromKey.length), { ...source, origin: source.origin ?? key });
    }
  }
}
