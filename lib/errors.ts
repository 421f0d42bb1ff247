/**
 * Error classes that callers catch. Each carries the data needed to point a
 * user at the cause (file, line, column, step) and a message that says what
 * to do. Anything else thrown is a bug in pfw and is reported as such.
 *
 * @module
 */

/** Options shared by {@link SpecError}. */
export interface SpecErrorInit {
  /** The pipeline file (absolute or as given). */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  col?: number;
  /** Path inside the YAML document, e.g. `pipeline[2].params.expr`. */
  path?: string;
  /** What to do about it, e.g. `did you mean "groupby_agg"?`. */
  hint?: string;
  /** The step the problem belongs to, when it belongs to one. */
  step?: string;
}

/** One problem in a pipeline definition, found before anything runs. */
export class SpecError extends Error {
  file?: string;
  line?: number;
  col?: number;
  path?: string;
  hint?: string;
  step?: string;

  /** Creates an error; `message` says what is wrong, `init.hint` what to do. */
  constructor(message: string, init: SpecErrorInit = {}) {
    super(message);
    this.name = "SpecError";
    Object.assign(this, init);
  }

  /** `file:line:col: message (hint)`, the form editors and terminals link. */
  format(): string {
    const where = [this.file ?? "<pipeline>", this.line, this.col].filter((x) => x !== undefined).join(":");
    return `${where}: ${this.message}${this.hint ? `\n    hint: ${this.hint}` : ""}`;
  }
}

/** Every problem found in a pipeline definition, collected into one error. */
export class SpecErrorList extends Error {
  /** The problems, sorted by line then column. */
  errors: SpecError[];

  /** Wraps a non-empty list of problems. */
  constructor(errors: SpecError[]) {
    const sorted = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    super(
      `${sorted.length} problem${sorted.length === 1 ? "" : "s"} in the pipeline:\n` +
        sorted.map((e) => "  " + e.format()).join("\n"),
    );
    this.name = "SpecErrorList";
    this.errors = sorted;
  }
}

/** Where in an input file a data problem was found. */
export interface DataErrorInit {
  file?: string;
  line?: number;
  column?: string;
}

/** Bad input data found while a step runs (a malformed row, a wrong type, an unreadable file). */
export class DataError extends Error {
  file?: string;
  line?: number;
  column?: string;

  /** `message` names the problem; `init` says where. */
  constructor(message: string, init: DataErrorInit = {}) {
    const where = [init.file, init.line !== undefined ? `line ${init.line}` : undefined, init.column !== undefined ? `column "${init.column}"` : undefined]
      .filter(Boolean).join(", ");
    super(where ? `${where}: ${message}` : message);
    this.name = "DataError";
    Object.assign(this, init);
  }
}

/** A step attempt ran past its timeout and was stopped. */
export class TimeoutError extends Error {
  /** The step and the limit it overran. */
  constructor(readonly step: string, readonly timeoutMs: number) {
    super(`step "${step}" timed out after ${timeoutMs} ms; raise timeout_ms if it needs longer`);
    this.name = "TimeoutError";
  }
}

/** The run (or a step) was cancelled. */
export class CancelledError extends Error {
  /** `reason` is what the canceller gave. */
  constructor(reason = "cancelled") {
    super(reason);
    this.name = "CancelledError";
  }
}

/** A usage mistake on the command line or in the library API (exit code 2). */
export class UsageError extends Error {
  /** `message` says what is wrong and what to type instead. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
