/**
 * Collects every problem found in a pipeline document, each located through
 * the document's {@link SourceMap}, and throws them together as one
 * {@link SpecErrorList}.
 *
 * @module
 */
import { SpecError, SpecErrorList } from "../errors.ts";
import type { SourcePos } from "../types.ts";
import { formatPath, type Path, SourceMap } from "./source_map.ts";

/** Where to point for one problem. */
export interface ProblemInit {
  /** The node the problem is about. */
  path?: Path;
  /** Point at the key instead of the value (unknown keys, missing children). */
  at?: "key" | "value";
  /** An explicit position, overriding `path`'s. */
  pos?: SourcePos;
  /** What to do about it. */
  hint?: string;
  /** The step it belongs to. */
  step?: string;
}

/** A growing list of {@link SpecError}s for one file. */
export class Problems {
  readonly errors: SpecError[] = [];

  /** `file` names the pipeline in messages; `map` locates paths. */
  constructor(readonly file: string | undefined, public map: SourceMap = SourceMap.empty()) {}

  /** Records one problem; `message` says what is wrong. */
  add(message: string, init: ProblemInit = {}): SpecError {
    let pos = init.pos;
    let origin: string | undefined;
    if (init.path) {
      const node = this.map.get(init.path);
      const near = node ?? this.map.nearest(init.path);
      if (!pos && near) pos = init.at === "key" && near.keyPos ? near.keyPos : near.pos;
      origin = node?.origin;
    }
    const error = new SpecError(message, {
      file: this.file,
      line: pos?.line,
      col: pos?.col,
      path: origin ?? (init.path ? formatPath(init.path) : undefined),
      hint: init.hint,
      step: init.step,
    });
    this.errors.push(error);
    return error;
  }

  /** How many problems so far. */
  get count(): number {
    return this.errors.length;
  }

  /**
   * Throws a {@link SpecErrorList} when anything was recorded. Problems
   * without a position (pipelines built in code) are ordered by step.
   */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const stepOf = (e: SpecError) => Number(/^pipeline\[(\d+)\]/.exec(e.path ?? "")?.[1] ?? -1);
    const sorted = this.errors.map((e, i) => ({ e, i, s: stepOf(e) }))
      .sort((a, b) => (a.e.line ?? 0) - (b.e.line ?? 0) || (a.e.col ?? 0) - (b.e.col ?? 0) || a.s - b.s || a.i - b.i)
      .map((x) => x.e);
    throw new SpecErrorList(sorted);
  }
}

/** `"x"`, for quoting names in messages. */
export function q(name: unknown): string {
  return JSON.stringify(typeof name === "string" ? name : String(name));
}
