/**
 * The error raised for a bad expression: it carries the position and the
 * source, and its message ends with the expression and a caret under the
 * offending character.
 *
 * @module
 */

/** Options of {@link ExprError}. */
export interface ExprErrorInit {
  /** Where the problem starts (0-based offset into the source). */
  offset: number;
  /** The whole expression text. */
  source: string;
  /** What to do about it. */
  hint?: string;
}

/** A syntax or reference error in a pfw expression, found before anything runs. */
export class ExprError extends Error {
  /** 0-based offset of the problem in {@link source}. */
  readonly offset: number;
  /** The expression text. */
  readonly source: string;
  /** What the user can do about it, if known. */
  readonly hint?: string;
  /** The problem alone, without position and caret. */
  readonly reason: string;

  /** `reason` says what is wrong; `init` says where. */
  constructor(reason: string, init: ExprErrorInit) {
    super(`${reason} at column ${init.offset + 1}\n${caretLines(init.source, init.offset)}`);
    this.name = "ExprError";
    this.offset = init.offset;
    this.source = init.source;
    this.hint = init.hint;
    this.reason = reason;
  }
}

/**
 * Two lines: the source (only the line holding `offset`, for multi-line
 * text) and a caret under `offset`, each indented by two spaces.
 */
export function caretLines(source: string, offset: number): string {
  const start = source.lastIndexOf("\n", offset - 1) + 1;
  let stop = source.indexOf("\n", offset);
  if (stop < 0) stop = source.length;
  const line = source.slice(start, stop).replace(/\t/g, " ");
  // Count code points so astral characters (emoji) take one column.
  const col = [...source.slice(start, offset)].length;
  return `  ${line}\n  ${" ".repeat(col)}^`;
}
