/**
 * `if(condition, 'a', 'b')` in derive, computed as a dictionary column
 * directly: the condition runs as a compiled predicate and each row gets key
 * 0 or 1 (or null for a null branch), with no string or Map lookup per row.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { Table } from "../types.ts";
import { type ExprNode, walkExpr } from "./ast.ts";
import { FUNCTIONS } from "./functions.ts";
import { compileFilter } from "./compile.ts";
import { arrowDictionaryColumn } from "../ops_util/column_data.ts";
import { writtenArray } from "../table/shared_array.ts";
import { dictionaryValuesColumn } from "../table/arrow_build.ts";

/**
 * A function computing `ast` over every data row of `table` (no Arquero
 * filter or order) when it is `if(condition, then, else)` with string (or
 * null) literals as both branches; undefined for any other expression.
 * The result equals the row-by-row one: a null condition takes the else branch.
 */
export function compileStringChoice(ast: ExprNode, table: Table, source = ""): (() => flechette.Column<unknown>) | undefined {
  if (ast.type !== "Call" || ast.name !== "if" || ast.args.length !== 3) return undefined;
  const [cond, a, b] = ast.args;
  const isText = (n: ExprNode) => n.type === "Literal" && (typeof n.value === "string" || n.value === null);
  if (!isText(a) || !isText(b)) return undefined;
  const yes = (a as { value: string | null }).value, no = (b as { value: string | null }).value;
  if (yes === null && no === null) return undefined;
  let windowed = false;
  walkExpr(cond, (n) => {
    if (n.type === "Call" && FUNCTIONS[n.name]?.kind === "window") windowed = true;
  });
  if (windowed) return undefined; // window functions need derive's row-by-row path
  const test = compileFilter(cond, table, { source });
  return () => {
    const n = table.totalRows();
    const dictionary = yes !== null && no !== null && yes !== no ? [yes, no] : [(yes ?? no) as string];
    const yesKey = yes === null ? -1 : 0;
    const noKey = no === null ? -1 : no === yes ? 0 : dictionary.length - 1;
    const keys = writtenArray(Int32Array, n);
    const nullable = yesKey < 0 || noKey < 0;
    const validity = nullable ? new Uint8Array((n + 7) >> 3) : null;
    let nulls = 0;
    for (let r = 0; r < n; r++) {
      const k = test(r) ? yesKey : noKey;
      if (k < 0) nulls++;
      else {
        keys[r] = k;
        if (validity) validity[r >> 3] |= 1 << (r & 7);
      }
    }
    const dict = dictionaryValuesColumn(dictionary);
    return arrowDictionaryColumn(keys, nulls ? validity : null, nulls, dict);
  };
}
