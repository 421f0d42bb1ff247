/**
 * Splits an expression into tokens. Only the characters of the language are
 * accepted; anything else (`.` member access, `;`, `=`, `{`, `$`…) is an
 * {@link ExprError} at its position.
 *
 * @module
 */
import { ExprError } from "./error.ts";

/** Kinds of token. `ident` is a bare name, `quoted` a `backticked` name. */
export type TokenKind = "number" | "string" | "ident" | "quoted" | "op" | "eof";

/** One token with its place in the source. */
export interface Token {
  kind: TokenKind;
  /** The operator or punctuation text, the name, or the decoded string. */
  text: string;
  /** For numbers. */
  value?: number;
  offset: number;
  end: number;
}

// Longest first, so "**" wins over "*" and "<=" over "<".
const OPERATORS = ["**", "==", "!=", "<=", ">=", "&&", "||", "<>", "+", "-", "*", "/", "%", "<", ">", "!", "(", ")", "[", "]", ","];

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`" };

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}\p{M}_]/u;

/** Tokenises `source`; the last token is always `eof`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === "." && isDigit(source[i + 1]))) {
      i = readNumber(source, i);
      const text = source.slice(start, i).replace(/_/g, "");
      tokens.push({ kind: "number", text, value: Number(text), offset: start, end: i });
      if (i < n && IDENT_START.test(source[i])) {
        throw new ExprError(`unexpected "${source[i]}" after the number ${source.slice(start, i)}`, {
          offset: i,
          source,
          hint: "put an operator between a number and a name",
        });
      }
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      const { text, end } = readQuoted(source, i);
      tokens.push({ kind: c === "`" ? "quoted" : "string", text, offset: start, end });
      i = end;
      continue;
    }
    const cp = source.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (IDENT_START.test(ch)) {
      i += ch.length;
      while (i < n) {
        const next = String.fromCodePoint(source.codePointAt(i)!);
        if (!IDENT_PART.test(next)) break;
        i += next.length;
      }
      tokens.push({ kind: "ident", text: source.slice(start, i), offset: start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: "op", text: op === "<>" ? "!=" : op, offset: start, end: i });
      continue;
    }
    throw new ExprError(`unexpected character ${JSON.stringify(ch)}`, { offset: start, source, hint: hintFor(ch) });
  }
  tokens.push({ kind: "eof", text: "", offset: n, end: n });
  return tokens;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function readNumber(source: string, i: number): number {
  const digits = () => {
    while (isDigit(source[i]) || (source[i] === "_" && isDigit(source[i + 1]) && isDigit(source[i - 1]))) i++;
  };
  digits();
  if (source[i] === "." && isDigit(source[i + 1])) {
    i++;
    digits();
  } else if (source[i] === "." && !IDENT_START.test(source[i + 1] ?? "")) {
    i++; // "1." is 1
  }
  if ((source[i] === "e" || source[i] === "E")) {
    let j = i + 1;
    if (source[j] === "+" || source[j] === "-") j++;
    if (isDigit(source[j])) {
      i = j;
      digits();
    }
  }
  return i;
}

function readQuoted(source: string, start: number): { text: string; end: number } {
  const quote = source[start];
  let i = start + 1;
  let text = "";
  while (i < source.length) {
    const c = source[i];
    if (c === quote) {
      // A doubled quote inside a quoted name or string stands for one quote.
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    if (c === "\\") {
      const e = source[i + 1];
      if (e === "u") {
        const m = /^u\{([0-9a-fA-F]{1,6})\}|^u([0-9a-fA-F]{4})/.exec(source.slice(i + 1));
        const code = m ? parseInt(m[1] ?? m[2], 16) : NaN;
        if (!m || code > 0x10ffff) {
          throw new ExprError("bad \\u escape", { offset: i, source, hint: "write \\u00e9 or \\u{1F600}" });
        }
        text += String.fromCodePoint(code);
        i += 1 + m[0].length;
        continue;
      }
      if (e === undefined || !(e in ESCAPES)) {
        throw new ExprError(`unknown escape "\\${e ?? ""}"`, {
          offset: i,
          source,
          hint: "known escapes: \\n \\t \\r \\0 \\\\ \\' \\\" \\` \\uXXXX",
        });
      }
      text += ESCAPES[e];
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  const what = quote === "`" ? "column name" : "string";
  throw new ExprError(`unterminated ${what}`, { offset: start, source, hint: `close it with ${quote}` });
}

function hintFor(ch: string): string | undefined {
  switch (ch) {
    case ".":
      return "member access is not part of the language; put column names with dots in backticks: `a.b`";
    case "=":
      return "compare with ==";
    case "&":
      return "use `and` (or &&)";
    case "|":
      return "use `or` (or ||)";
    case "$":
      return "variables are written ${name} and must be defined in the pipeline's variables";
    case "~":
      return "use `not`";
    default:
      return undefined;
  }
}
