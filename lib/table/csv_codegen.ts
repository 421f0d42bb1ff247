/**
 * A record loop generated for one schema (column kinds and delimiter): no
 * per-field switch, typed arrays held in local variables. It does what
 * CsvParser's generic loop does, field for field, and hands every odd field
 * to the same slow path. The generated source contains only numbers and
 * fixed code (no user text), so it is safe to compile.
 *
 * @module
 */
import { FNV_OFFSET, FNV_PRIME } from "./byte_dictionary.ts";
import { parseIsoDate, POW10 } from "./csv_bytes.ts";
import type { CsvColumn } from "./csv_column.ts";

/** Loop results: as parseChunk's, plus GROW (storage full) and KIND (a column changed kind: regenerate). */
export const LOOP_WINDOW_DONE = 0, LOOP_ROWS_DONE = 1, LOOP_NEED_DATA = 2, LOOP_GROW = 3, LOOP_KIND = 4;

/** What the loop reads and writes besides its arguments. */
export interface LoopState {
  pos: number;
  row: number;
  /** Start of the record being parsed (to roll back to). */
  rec: number;
}

/** Services of the parser the loop calls. */
export interface LoopHooks {
  slow(c: number, pos: number, row: number): number;
  /** Skips a quoted field; returns its end. */
  skipQuoted(pos: number): number;
  fieldError(pos: number, found: number, expected: number): never;
  /** The value thrown when a window needs more data. */
  need: unknown;
  isoHasTime(): boolean;
}

/** The compiled loop: parses `buf[st.pos..len)` up to row `stop` (storage holds rows < cap). */
export type RecordLoop = (buf: Uint8Array, len: number, st: LoopState, stop: number, cap: number) => number;

/** Compiles the loop for these columns' current kinds. */
export function compileLoop(cols: CsvColumn[], delim: number, hooks: LoopHooks): RecordLoop {
  const n = cols.length;
  const kinds = cols.map((c) => c.kind);
  const load: string[] = [];
  const fields: string[] = [];
  const slowCall = (c: number, k: number, from: string) => {
    const reload = k === 1 || k === 3 || k === 5 ? `a${c} = col${c}.i32;` : k === 2 || k === 6 ? `a${c} = col${c}.f64;` : k === 4 ? `a${c} = col${c}.u8;` : "";
    return `pos = hooks.slow(${c}, ${from}, row); if (col${c}.kind !== ${k}) { st.pos = rec; st.row = row; return ${LOOP_KIND}; } ${reload}`;
  };
  function fieldCode(k: number, c: number, d: number): string {
    switch (k) {
      case 1:
        return `b = buf[pos]; { let p = pos, neg = false; if (b === 45) { neg = true; b = buf[++p]; } else if (b === 43) b = buf[++p];
          let m = 0; const d0 = p; while (b >= 48 && b <= 57) { m = m * 10 + (b - 48); b = buf[++p]; }
          const nd = p - d0;
          if (nd > 0 && nd <= 9 && (b === ${d} || b === 10 || b === 13)) { a${c}[row] = neg ? -m : m; pos = p; } else { ${slowCall(c, k, "pos")} } }`;
      case 2:
        return `b = buf[pos]; { let p = pos, neg = false; if (b === 45) { neg = true; b = buf[++p]; } else if (b === 43) b = buf[++p];
          let m = 0; const d0 = p; while (b >= 48 && b <= 57) { m = m * 10 + (b - 48); b = buf[++p]; }
          let nd = p - d0, frac = 0; const dot = b === 46;
          if (dot) { const f0 = ++p; b = buf[p]; while (b >= 48 && b <= 57) { m = m * 10 + (b - 48); b = buf[++p]; } frac = p - f0; nd += frac; }
          if (nd > 0 && nd <= 15 && (b === ${d} || b === 10 || b === 13) && !(dot && col${c}.isInt && col${c}.fixed)) {
            const v = frac === 0 ? m : m / POW10[frac]; a${c}[row] = neg ? -v : v; if (dot) col${c}.isInt = false; pos = p;
          } else { ${slowCall(c, k, "pos")} } }`;
      case 3:
        return `b = buf[pos]; if (b === 34) { ${slowCall(c, k, "pos")} } else {
          const s = pos; let h = ${FNV_OFFSET};
          while (b !== ${d} && b !== 10 && b !== 13) { h = Math.imul(h ^ b, ${FNV_PRIME}); b = buf[++pos]; }
          if (pos === s) col${c}.setNull(row); else { const k = d${c}.lookup(buf, s, pos, h); if (k < 0) col${c}.setNull(row); else a${c}[row] = k; } }`;
      case 4: // true / false in any case; anything else goes to the slow path
        return `b = buf[pos]; { const s = pos; while (b !== ${d} && b !== 10 && b !== 13) b = buf[++pos]; const n = pos - s;
          if (n === 4 && (buf[s] | 32) === 116 && (buf[s + 1] | 32) === 114 && (buf[s + 2] | 32) === 117 && (buf[s + 3] | 32) === 101) a${c}[row] = 1;
          else if (n === 5 && (buf[s] | 32) === 102 && (buf[s + 1] | 32) === 97 && (buf[s + 2] | 32) === 108 && (buf[s + 3] | 32) === 115 && (buf[s + 4] | 32) === 101) a${c}[row] = 0;
          else { ${slowCall(c, k, "s")} } }`;
      case 5:
      case 6:
        return `b = buf[pos]; { const s = pos; while (b !== ${d} && b !== 10 && b !== 13 && b !== 34) b = buf[++pos];
          const ms = b === 34 ? NaN : parseIsoDate(buf, s, pos);
          if (ms === ms && ${k === 6 ? "true" : "!hooks.isoHasTime()"}) a${c}[row] = ${k === 6 ? "ms" : "ms / 86400000"};
          else { ${slowCall(c, k, "s")} } }`;
      case 8:
        return `b = buf[pos]; if (b === 34) { ${slowCall(c, k, "pos")} } else {
          const s = pos; while (b !== ${d} && b !== 10 && b !== 13) b = buf[++pos]; col${c}.appendText(buf, s, pos, row); }`;
      case 7:
        return `b = buf[pos]; if (b === 34) pos = hooks.skipQuoted(pos); else { while (b !== ${d} && b !== 10 && b !== 13) b = buf[++pos]; }`;
      default:
        return slowCall(c, k, "pos");
    }
  }
  for (let c = 0; c < n; c++) {
    const k = kinds[c];
    if (k === 1 || k === 3 || k === 5) load.push(`let a${c} = cols[${c}].i32;`);
    if (k === 2 || k === 6) load.push(`let a${c} = cols[${c}].f64;`);
    if (k === 4) load.push(`let a${c} = cols[${c}].u8;`);
    if (k === 3) load.push(`const d${c} = cols[${c}].dict;`);
    fields.push(fieldCode(k, c, delim));
    const end = c < n - 1
      ? `if (buf[pos] !== ${delim}) hooks.fieldError(pos, ${c + 1}, ${n}); pos++;`
      : `b = buf[pos]; if (b === 10) pos++; else if (b === 13) { pos++; if (buf[pos] === 10) pos++; } else hooks.fieldError(pos, ${n}, ${n});`;
    fields.push(end);
  }
  const src = `
    ${cols.map((_, c) => `const col${c} = cols[${c}];`).join("\n")}
    return function loop(buf, len, st, stop, cap) {
      let pos = st.pos, row = st.row, rec = pos, b = 0;
      ${load.join("\n")}
      try {
        while (pos < len && row < stop) {
          b = buf[pos];
          if (b === 10 || b === 13) { pos++; continue; }
          rec = pos;
          if (row >= cap) { st.pos = pos; st.row = row; return ${LOOP_GROW}; }
          ${fields.join("\n")}
          row++;
        }
      } catch (e) {
        if (e !== hooks.need) throw e;
        st.pos = pos; st.row = row; st.rec = rec;
        return ${LOOP_NEED_DATA};
      }
      st.pos = pos < len ? pos : len; st.row = row;
      return st.pos >= len ? ${LOOP_WINDOW_DONE} : ${LOOP_ROWS_DONE};
    };`;
  return new Function("cols", "hooks", "POW10", "parseIsoDate", src)(cols, hooks, POW10, parseIsoDate) as RecordLoop;
}
