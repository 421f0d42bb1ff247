/**
 * Compiles a validated AST into closures over the table's columns. No source
 * text is generated or evaluated: every node becomes a small function, and
 * common shapes (a numeric column against a number, a dictionary column
 * against a string, `in` on a dictionary) get specialised loops over typed
 * arrays.
 *
 * Measured on 1M Arrow-backed rows (median of 7, same run): `value > 100`
 * 8.3 ms as closures vs 8.1 ms as an Arquero expression string;
 * `value > 100 and category == 'x'` 19.8 vs 20.3 ms; arithmetic 24 vs 19 ms.
 * Closures won on safety (nothing is compiled from text) and on null
 * handling (Arquero's `null * 2 > 150` is `0 > 150`), at equal speed, so
 * closures are kept.
 *
 * @module
 */
import type { Table } from "../types.ts";
import { type ExprNode, walkExpr } from "./ast.ts";
import { ExprError } from "./error.ts";
import { closest as closestName } from "../did_you_mean.ts";
import { callScalar, FUNCTIONS } from "./functions.ts";
import { arithmetic, compare, isNull, parseDateString, truthy } from "./values.ts";
import { type ColumnData, columnData, isValidBit, type RowIndex } from "../ops_util/column_data.ts";
import { computeWindow, type WindowOptions } from "./window.ts";
import { utf8Compare } from "../ops_util/utf8_rank.ts";

/** A compiled expression: the value at a data row. */
export type Evaluator = (row: number) => unknown;

/** Options of {@link compileFilter} and {@link compileDerive}. */
export interface CompileOptions {
  /** The expression text, for error messages with a caret. */
  source?: string;
}

/** Options of {@link compileDerive}. */
export interface DeriveOptions extends CompileOptions, WindowOptions {
  /** The rows window functions run over (data indices, in table order); default every data row. */
  rows?: RowIndex;
}

/**
 * A predicate over data rows of `table`: true where the expression is true
 * (null counts as false).
 * @throws {ExprError} for unknown columns and window functions (derive only).
 */
export function compileFilter(ast: ExprNode, table: Table, options: CompileOptions = {}): (row: number) => boolean {
  const c = new Compiler(table, options.source ?? "", null);
  return c.predicate(ast);
}

/**
 * A function computing the expression at a data row of `table`. Window
 * functions are computed up front over `rows`, partitioned and ordered as the options say.
 * @throws {ExprError} for unknown columns and misused window functions.
 */
export function compileDerive(ast: ExprNode, table: Table, options: DeriveOptions = {}): Evaluator {
  const c = new Compiler(table, options.source ?? "", options);
  return c.value(ast);
}

class Compiler {
  readonly names: Set<string>;
  constructor(readonly table: Table, readonly source: string, readonly window: DeriveOptions | null) {
    this.names = new Set(table.columnNames());
  }

  error(message: string, node: ExprNode, hint?: string): ExprError {
    return new ExprError(message, { offset: node.offset, source: this.source, hint });
  }

  column(node: ExprNode & { type: "Column" }): ColumnData {
    if (!this.names.has(node.name)) {
      const near = closestName(node.name, [...this.names]);
      throw this.error(`unknown column "${node.name}"`, node, near ? `did you mean "${near}"? columns: ${[...this.names].join(", ")}` : `columns: ${[...this.names].join(", ")}`);
    }
    return columnData(this.table, node.name);
  }

  /** Compiles to a boolean-valued function (null → false). */
  predicate(node: ExprNode): (row: number) => boolean {
    switch (node.type) {
      case "Binary": {
        if (node.op === "and") {
          const a = this.predicate(node.left), b = this.predicate(node.right);
          return (r) => a(r) && b(r);
        }
        if (node.op === "or") {
          const a = this.predicate(node.left), b = this.predicate(node.right);
          return (r) => a(r) || b(r);
        }
        if (isComparison(node.op)) {
          const fast = this.fastCompare(node);
          if (fast) return fast;
          const a = this.value(node.left), b = this.value(node.right);
          const op = node.op;
          return (r) => compare(op, a(r), b(r));
        }
        break;
      }
      case "Unary":
        if (node.op === "not") {
          const a = this.predicate(node.arg);
          return (r) => !a(r);
        }
        break;
      case "In":
        return this.inList(node);
      case "IsNull":
        return this.isNullTest(node);
      case "Literal": {
        const v = truthy(node.value);
        return () => v;
      }
    }
    const f = this.value(node);
    return (r) => truthy(f(r));
  }

  /** Compiles to a value-returning function. */
  value(node: ExprNode): Evaluator {
    switch (node.type) {
      case "Literal": {
        const v = node.value;
        return () => v;
      }
      case "Column":
        return this.column(node).get;
      case "Unary": {
        if (node.op === "not") return this.predicate(node);
        const a = this.value(node.arg);
        if (node.op === "+") {
          return (r) => {
            const v = a(r);
            return isNull(v) ? null : typeof v === "number" || typeof v === "bigint" ? v : arithmetic("*", v, 1);
          };
        }
        return (r) => {
          const v = a(r);
          return isNull(v) ? null : typeof v === "number" ? -v : typeof v === "bigint" ? -v : arithmetic("*", v, -1);
        };
      }
      case "Binary": {
        if (node.op === "and" || node.op === "or" || isComparison(node.op)) return this.predicate(node);
        const a = this.value(node.left), b = this.value(node.right);
        const op = node.op;
        switch (op) {
          case "-":
            return (r) => {
              const x = a(r), y = b(r);
              return typeof x === "number" && typeof y === "number" ? x - y : arithmetic(op, x, y);
            };
          case "*":
            return (r) => {
              const x = a(r), y = b(r);
              return typeof x === "number" && typeof y === "number" ? x * y : arithmetic(op, x, y);
            };
          case "+":
            return (r) => {
              const x = a(r), y = b(r);
              return typeof x === "number" && typeof y === "number" ? x + y : arithmetic(op, x, y);
            };
          default:
            return (r) => arithmetic(op, a(r), b(r));
        }
      }
      case "In":
      case "IsNull":
        return this.predicate(node);
      case "Call":
        return this.call(node);
    }
  }

  call(node: ExprNode & { type: "Call" }): Evaluator {
    const spec = FUNCTIONS[node.name];
    if (spec.kind === "window") return this.windowCall(node);
    if (node.name === "if") {
      const c = this.predicate(node.args[0]), a = this.value(node.args[1]), b = this.value(node.args[2]);
      return (r) => (c(r) ? a(r) : b(r));
    }
    const args = node.args.map((a) => this.value(a));
    if (node.name === "coalesce") {
      return (r) => {
        for (const a of args) {
          const v = a(r);
          if (!isNull(v)) return v;
        }
        return null;
      };
    }
    const fail = (e: unknown, r: number): never => {
      if (e instanceof TypeError) {
        throw new ExprError(`${e.message} (row ${r + 1})`, { offset: node.offset, source: this.source, hint: `usage: ${spec.usage}` });
      }
      throw e;
    };
    if (args.length === 1) {
      const a = args[0];
      return (r) => {
        try {
          return callScalar(spec, [a(r)]);
        } catch (e) {
          return fail(e, r);
        }
      };
    }
    return (r) => {
      try {
        return callScalar(spec, args.map((a) => a(r)));
      } catch (e) {
        return fail(e, r);
      }
    };
  }

  windowCall(node: ExprNode & { type: "Call" }): Evaluator {
    if (!this.window) {
      throw this.error(`${node.name}() is a window function and works in derive only`, node, "use derive with partition_by / order_by");
    }
    for (const a of node.args) {
      let nested: ExprNode | undefined;
      walkExpr(a, (n) => {
        if (n.type === "Call" && FUNCTIONS[n.name].kind === "window") nested ??= n;
      });
      if (nested) throw this.error("window functions cannot be nested", nested);
    }
    let n = 1;
    let fallback: Evaluator = () => null;
    if (node.name === "lag" || node.name === "lead") {
      const off = node.args[1];
      if (off) {
        if (off.type !== "Literal" || typeof off.value !== "number" || !Number.isInteger(off.value) || off.value < 0) {
          throw this.error(`the offset of ${node.name}() must be a whole number ≥ 0`, off);
        }
        n = off.value;
      }
      if (node.args[2]) fallback = this.value(node.args[2]);
    }
    const arg = node.args[0] ? this.value(node.args[0]) : undefined;
    const values = computeWindow(this.table, {
      fn: node.name as "row_number" | "rank" | "lag" | "lead" | "cumsum",
      arg,
      offset: n,
      fallback,
      rows: this.window.rows,
      partitionBy: this.window.partitionBy,
      orderBy: this.window.orderBy,
    });
    return (r) => values[r];
  }

  /** Specialised comparisons of a column with a literal. */
  fastCompare(node: ExprNode & { type: "Binary" }): ((row: number) => boolean) | undefined {
    let op = node.op;
    let colNode = node.left, litNode = node.right;
    if (colNode.type !== "Column" || litNode.type !== "Literal") {
      if (node.right.type === "Column" && node.left.type === "Literal") {
        colNode = node.right;
        litNode = node.left;
        op = FLIP[op] ?? op;
      } else return undefined;
    }
    if (colNode.type !== "Column" || litNode.type !== "Literal") return undefined;
    const col = this.column(colNode);
    const lit = litNode.value;
    if (col.numeric && typeof lit === "number") {
      return numericCompare(op, col.numeric.values, col.numeric.validity, lit);
    }
    if (col.dict && (typeof lit === "string" || typeof lit === "number" || typeof lit === "boolean")) {
      const { keys, dictionary, nullKey } = col.dict;
      const hit = new Uint8Array(dictionary.length + 1);
      for (let k = 0; k < dictionary.length; k++) hit[k] = compare(op, dictionary[k], lit) ? 1 : 0;
      if (nullKey >= 0) hit[nullKey] = 0;
      return (r) => hit[keys[r]] === 1;
    }
    if (col.utf8 && typeof lit === "string") {
      const f = utf8Compare(op, col.utf8, lit);
      if (f) return f;
    }
    if (col.epochMs && typeof lit === "string") {
      const t = parseDateString(lit);
      if (t !== t) throw this.error(`${JSON.stringify(lit)} is not a date`, litNode, "write dates as 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS'");
      const ms = col.epochMs();
      return numericCompare(op, ms, null, t);
    }
    return undefined;
  }

  inList(node: ExprNode & { type: "In" }): (row: number) => boolean {
    const values = node.values.map((v) => v.value).filter((v) => v !== null);
    const neg = node.negated;
    if (node.arg.type === "Column") {
      const col = this.column(node.arg);
      if (col.dict) {
        const { keys, dictionary, nullKey } = col.dict;
        const hit = new Uint8Array(dictionary.length + 1);
        for (let k = 0; k < dictionary.length; k++) {
          const found = values.some((v) => compare("==", dictionary[k], v));
          hit[k] = found !== neg ? 1 : 0;
        }
        if (nullKey >= 0) hit[nullKey] = 0;
        return (r) => hit[keys[r]] === 1;
      }
    }
    const f = this.value(node.arg);
    const set = new Set<unknown>(values);
    const simple = values.every((v) => typeof v === "string" || typeof v === "boolean");
    return (r) => {
      const v = f(r);
      if (isNull(v)) return false;
      const found = simple ? set.has(v) : values.some((x) => compare("==", v, x));
      return found !== neg;
    };
  }

  isNullTest(node: ExprNode & { type: "IsNull" }): (row: number) => boolean {
    const neg = node.negated;
    if (node.arg.type === "Column") {
      const col = this.column(node.arg);
      if (col.numeric) {
        const { values, validity } = col.numeric;
        if (validity) return (r) => (!isValidBit(validity, r) || values[r] !== values[r]) !== neg;
        return (r) => (values[r] !== values[r]) !== neg;
      }
      if (col.dict && col.dict.nullKey >= 0) {
        const { keys, nullKey } = col.dict;
        return (r) => (keys[r] === nullKey) !== neg;
      }
    }
    const f = this.value(node.arg);
    return (r) => isNull(f(r)) !== neg;
  }
}

const FLIP: Record<string, "==" | "!=" | "<" | "<=" | ">" | ">="> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };

function isComparison(op: string): boolean {
  return op in FLIP;
}

function numericCompare(op: string, v: ArrayLike<number>, validity: Uint8Array | null, c: number): ((row: number) => boolean) | undefined {
  if (c !== c) return () => false;
  if (validity) {
    const ok = (r: number) => (validity[r >> 3] & (1 << (r & 7))) !== 0;
    switch (op) {
      case ">":
        return (r) => v[r] > c && ok(r);
      case ">=":
        return (r) => v[r] >= c && ok(r);
      case "<":
        return (r) => v[r] < c && ok(r);
      case "<=":
        return (r) => v[r] <= c && ok(r);
      case "==":
        return (r) => v[r] === c && ok(r);
      case "!=":
        return (r) => v[r] !== c && v[r] === v[r] && ok(r);
    }
    return undefined;
  }
  switch (op) {
    case ">":
      return (r) => v[r] > c;
    case ">=":
      return (r) => v[r] >= c;
    case "<":
      return (r) => v[r] < c;
    case "<=":
      return (r) => v[r] <= c;
    case "==":
      return (r) => v[r] === c;
    case "!=":
      return (r) => v[r] !== c && v[r] === v[r];
  }
  return undefined;
}
