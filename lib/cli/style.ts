/**
 * Terminal colors that switch off for pipes and for `NO_COLOR`
 * (https://no-color.org: any non-empty value).
 *
 * @module
 */
import type { CliIO } from "./io.ts";

/** Color functions; each returns its text unchanged when colors are off. */
export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  gray(s: string): string;
}

/** Whether `io` wants colors: a terminal, and NO_COLOR unset or empty. */
export function colorsEnabled(io: Pick<CliIO, "isTTY" | "env">): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}

/** A {@link Style} for `io`. */
export function createStyle(io: Pick<CliIO, "isTTY" | "env">): Style {
  const on = colorsEnabled(io);
  const wrap = (open: number, close: number) => (s: string) => on ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    enabled: on,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    gray: wrap(90, 39),
  };
}

/** Removes ANSI escape sequences (for measuring printed width). */
export function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** Cuts `s` to `width` visible characters (escape sequences kept, colors reset when cut). */
export function truncateAnsi(s: string, width: number): string {
  if (stripAnsi(s).length <= width) return s;
  let out = "";
  let visible = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\x1b") {
      // deno-lint-ignore no-control-regex
      const m = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(s.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if (visible >= width - 1) break;
    out += s[i];
    visible++;
  }
  return out + "…" + (out.includes("\x1b[") ? "\x1b[0m" : "");
}
