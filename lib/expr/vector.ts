/**
 * Block-at-a-time evaluation of numeric expressions for derive: when every
 * node is a number literal, a numeric column, arithmetic or a numeric
 * function, the expression runs over blocks of 1024 rows with one small
 * reusable buffer per node (no per-row calls, no boxed numbers, no big
 * temporaries), and writes straight into a Float64Array. `year`, `month` and
 * `day` of an Arrow date or timestamp column are numeric functions too: they
 * read the raw day or time integers (lib/expr/date_parts.ts), and an
 * expression that is just one of them is written into an Int32Array.
 *
 * Semantics are those of lib/expr/values.ts: a null operand gives null;
 * NaN counts as null; division by zero gives ±Infinity.
 *
 * @module
 */
import type { Table } from "../types.ts";
import type { ExprNode } from "./ast.ts";
import { columnData, isValidBit } from "../ops_util/column_data.ts";
import { type DatePart, datePartOfDays, epochDayReader } from "./date_parts.ts";
import { writtenArray } from "../table/shared_array.ts";

const BLOCK = 1024;

interface VNode {
  /** Values of the current block. */
  out: Float64Array;
  /** 1 where the value is valid (not null). */
  ok: Uint8Array;
  /** Fills out/ok for rows start..start+n-1. */
  run(start: number, n: number): void;
  /** True when every valid value is a whole number in the int32 range (year, month, day). */
  int?: boolean;
}

/** Result of a vectorized evaluation: values and a validity bitmap (null when every row is valid). */
export interface NumericResult {
  /** Int32Array when the expression always gives int32 values (year(d), month(d), day(d)). */
  values: Float64Array | Int32Array;
  validity: Uint8Array | null;
  nullCount: number;
}

/**
 * A function evaluating `ast` over every data row of `table` (which must have
 * no Arquero filter or order), or undefined when the expression is not purely numeric.
 */
export function compileNumeric(ast: ExprNode, table: Table): (() => NumericResult) | undefined {
  const root = build(ast, table);
  if (!root) return undefined;
  return () => {
    const n = table.totalRows();
    // shared memory: the column can leave its thread without a copy (table/transfer.ts)
    const values = root.int ? writtenArray(Int32Array, n) : writtenArray(Float64Array, n);
    const validity = new Uint8Array((n + 7) >> 3);
    let nullCount = 0;
    for (let start = 0; start < n; start += BLOCK) {
      const m = Math.min(BLOCK, n - start);
      root.run(start, m);
      const { out, ok } = root;
      for (let i = 0; i < m; i++) {
        const v = out[i];
        const r = start + i;
        if (ok[i] && v === v) {
          values[r] = v;
          validity[r >> 3] |= 1 << (r & 7);
        } else nullCount++;
      }
    }
    return { values, validity: nullCount ? validity : null, nullCount };
  };
}

function node(run: (self: VNode, start: number, n: number) => void): VNode {
  const self: VNode = { out: new Float64Array(BLOCK), ok: new Uint8Array(BLOCK), run: (s, n) => run(self, s, n) };
  return self;
}

const UNARY: Record<string, (x: number) => number> = {
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
};

function build(ast: ExprNode, table: Table): VNode | undefined {
  switch (ast.type) {
    case "Literal": {
      if (typeof ast.value !== "number") return undefined;
      const lit = node(() => {});
      lit.out.fill(ast.value);
      lit.ok.fill(ast.value === ast.value ? 1 : 0);
      return lit;
    }
    case "Column": {
      if (!table.columnNames().includes(ast.name)) return undefined;
      const col = columnData(table, ast.name);
      if (!col.numeric) return undefined;
      const { values, validity } = col.numeric;
      return node((self, start, n) => {
        const { out, ok } = self;
        for (let i = 0; i < n; i++) {
          const r = start + i;
          const v = values[r];
          out[i] = v;
          ok[i] = v === v && (!validity || isValidBit(validity, r)) ? 1 : 0;
        }
      });
    }
    case "Unary": {
      if (ast.op === "not") return undefined;
      const a = build(ast.arg, table);
      if (!a) return undefined;
      if (ast.op === "+") return a;
      return node((self, start, n) => {
        a.run(start, n);
        for (let i = 0; i < n; i++) {
          self.out[i] = -a.out[i];
          self.ok[i] = a.ok[i];
        }
      });
    }
    case "Binary": {
      const kernel = BINARY[ast.op];
      if (!kernel) return undefined;
      const a = build(ast.left, table), b = build(ast.right, table);
      if (!a || !b) return undefined;
      return node((self, start, n) => {
        a.run(start, n);
        b.run(start, n);
        kernel(a.out, b.out, self.out, n);
        for (let i = 0; i < n; i++) self.ok[i] = a.ok[i] & b.ok[i];
      });
    }
    case "Call": {
      const f = UNARY[ast.name];
      if (f && ast.args.length === 1) {
        const a = build(ast.args[0], table);
        if (!a) return undefined;
        return node((self, start, n) => {
          a.run(start, n);
          for (let i = 0; i < n; i++) {
            self.out[i] = f(a.out[i]);
            self.ok[i] = a.ok[i];
          }
        });
      }
      if (DATE_PARTS.has(ast.name) && ast.args.length === 1 && ast.args[0].type === "Column") {
        return datePartNode(ast.name as DatePart, ast.args[0].name, table);
      }
      if (ast.name === "round") {
        const digits = ast.args[1];
        if (digits && !(digits.type === "Literal" && typeof digits.value === "number")) return undefined;
        const a = build(ast.args[0], table);
        if (!a) return undefined;
        const p = 10 ** Math.trunc(digits ? digits.value as number : 0);
        return node((self, start, n) => {
          a.run(start, n);
          for (let i = 0; i < n; i++) {
            const v = a.out[i];
            const r = Math.round(Math.abs(v) * p * (1 + Number.EPSILON)) / p;
            self.out[i] = v < 0 ? -r : r;
            self.ok[i] = a.ok[i];
          }
        });
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

const DATE_PARTS = new Set(["year", "month", "day"]);

/** year/month/day of an Arrow date or timestamp column, from its raw integers. */
function datePartNode(part: DatePart, name: string, table: Table): VNode | undefined {
  if (!table.columnNames().includes(name)) return undefined;
  const dayAt = epochDayReader(columnData(table, name));
  if (!dayAt) return undefined;
  const self = node((self, start, n) => {
    const { out, ok } = self;
    for (let i = 0; i < n; i++) {
      const d = dayAt(start + i);
      if (d === d) {
        out[i] = datePartOfDays(d, part);
        ok[i] = 1;
      } else ok[i] = 0;
    }
  });
  self.int = true;
  return self;
}

type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, n: number) => void;

const BINARY: Record<string, Kernel | undefined> = {
  "+": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] + b[i];
  },
  "-": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] - b[i];
  },
  "*": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] * b[i];
  },
  "/": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] / b[i];
  },
  "%": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] % b[i];
  },
  "**": (a, b, o, n) => {
    for (let i = 0; i < n; i++) o[i] = a[i] ** b[i];
  },
};
