/**
 * The generic record loop: one `switch` on each column's kind per field. It
 * is the reference the generated loops (csv_codegen.ts) are tested against,
 * and has the same interface and results; pfw uses the generated ones (they
 * measured 1.3–1.4× faster).
 *
 * @module
 */
import { FNV_OFFSET, FNV_PRIME } from "./byte_dictionary.ts";
import { CR, DOT, LF, MINUS, parseIsoDate, PLUS, POW10, QUOTE } from "./csv_bytes.ts";
import { LOOP_GROW, LOOP_NEED_DATA, LOOP_ROWS_DONE, LOOP_WINDOW_DONE, type LoopHooks, type RecordLoop } from "./csv_codegen.ts";
import type { CsvColumn } from "./csv_column.ts";

function skipPlain(buf: Uint8Array, pos: number, delim: number): number {
  let b = buf[pos];
  while (b !== delim && b !== LF && b !== CR) b = buf[++pos];
  return pos;
}

/** A loop for any kinds of columns (kinds may change while it runs). */
export function genericLoop(cols: CsvColumn[], delim: number, hooks: LoopHooks): RecordLoop {
  const last = cols.length - 1;
  return (buf, len, st, stop, cap) => {
    let pos = st.pos, row = st.row, rec = pos;
    try {
    while (pos < len && row < stop) {
      let b = buf[pos];
      if (b === LF || b === CR) {
        pos++; // blank line
        continue;
      }
      rec = pos;
      if (row >= cap) {
        st.pos = pos;
        st.row = row;
        return LOOP_GROW;
      }
      for (let c = 0; c <= last; c++) {
        const col = cols[c];
        b = buf[pos];
        switch (col.kind) {
          case 1: { // K_INT
            let p = pos, neg = false;
            if (b === MINUS) {
              neg = true;
              b = buf[++p];
            } else if (b === PLUS) b = buf[++p];
            let m = 0;
            const d0 = p;
            while (b >= 48 && b <= 57) {
              m = m * 10 + (b - 48);
              b = buf[++p];
            }
            const nd = p - d0;
            if (nd > 0 && nd <= 9 && (b === delim || b === LF || b === CR)) {
              col.i32[row] = neg ? -m : m;
              pos = p;
            } else pos = hooks.slow(c, pos, row);
            break;
          }
          case 2: { // K_NUM
            let p = pos, neg = false;
            if (b === MINUS) {
              neg = true;
              b = buf[++p];
            } else if (b === PLUS) b = buf[++p];
            let m = 0;
            const d0 = p;
            while (b >= 48 && b <= 57) {
              m = m * 10 + (b - 48);
              b = buf[++p];
            }
            let nd = p - d0, frac = 0;
            const dot = b === DOT;
            if (dot) {
              const f0 = ++p;
              b = buf[p];
              while (b >= 48 && b <= 57) {
                m = m * 10 + (b - 48);
                b = buf[++p];
              }
              frac = p - f0;
              nd += frac;
            }
            if (nd > 0 && nd <= 15 && (b === delim || b === LF || b === CR) && !(dot && col.isInt && col.fixed)) {
              const v = frac === 0 ? m : m / POW10[frac];
              col.f64[row] = neg ? -v : v;
              if (dot) col.isInt = false;
              pos = p;
            } else pos = hooks.slow(c, pos, row);
            break;
          }
          case 3: { // K_STR
            if (b === QUOTE) {
              pos = hooks.slow(c, pos, row);
              break;
            }
            const s = pos;
            let h = FNV_OFFSET;
            while (b !== delim && b !== LF && b !== CR) {
              h = Math.imul(h ^ b, FNV_PRIME);
              b = buf[++pos];
            }
            if (pos === s) col.setNull(row);
            else {
              const k = col.dict.lookup(buf, s, pos, h);
              if (k < 0) col.setNull(row);
              else col.i32[row] = k;
            }
            break;
          }
          case 5: // K_DATE
          case 6: { // K_TS
            const s = pos;
            while (b !== delim && b !== LF && b !== CR && b !== QUOTE) b = buf[++pos];
            const ms = b === QUOTE ? NaN : parseIsoDate(buf, s, pos);
            if (ms !== ms) pos = hooks.slow(c, s, row);
            else if (col.kind === 6) col.f64[row] = ms;
            else if (!hooks.isoHasTime()) col.i32[row] = ms / 86_400_000;
            else pos = hooks.slow(c, s, row);
            break;
          }
          case 7: // K_SKIP
            pos = b === QUOTE ? hooks.skipQuoted(pos) : skipPlain(buf, pos, delim);
            break;
          case 8: { // K_TEXT
            if (b === QUOTE) {
              pos = hooks.slow(c, pos, row);
              break;
            }
            const s = pos;
            pos = skipPlain(buf, pos, delim);
            col.appendText(buf, s, pos, row);
            break;
          }
          default:
            pos = hooks.slow(c, pos, row);
        }
        b = buf[pos];
        if (c < last) {
          if (b !== delim) hooks.fieldError(pos, c + 1, last + 1);
          pos++;
        } else if (b === LF) pos++;
        else if (b === CR) {
          pos++;
          if (buf[pos] === LF) pos++;
        } else hooks.fieldError(pos, c + 1, last + 1);
      }
      row++;
    }
    } catch (e) {
      if (e !== hooks.need) throw e;
      st.pos = pos;
      st.row = row;
      st.rec = rec;
      return LOOP_NEED_DATA;
    }
    st.pos = Math.min(pos, len);
    st.row = row;
    return st.pos >= len ? LOOP_WINDOW_DONE : LOOP_ROWS_DONE;
  };
}
