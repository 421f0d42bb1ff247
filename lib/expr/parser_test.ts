import assert from "node:assert/strict";
import { ExprError } from "./error.ts";
import { exprColumns } from "./columns.ts";
import { parseExpr } from "./parser.ts";
import type { ExprNode } from "./ast.ts";

/** A compact S-expression of an AST, to compare shapes in tables. */
function show(n: ExprNode): string {
  switch (n.type) {
    case "Literal":
      return JSON.stringify(n.value);
    case "Column":
      return n.name;
    case "Unary":
      return `(${n.op} ${show(n.arg)})`;
    case "Binary":
      return `(${n.op} ${show(n.left)} ${show(n.right)})`;
    case "In":
      return `(${n.negated ? "notin" : "in"} ${show(n.arg)} [${n.values.map(show).join(" ")}])`;
    case "IsNull":
      return `(${n.negated ? "notnull" : "isnull"} ${show(n.arg)})`;
    case "Call":
      return `${n.name}(${n.args.map(show).join(" ")})`;
  }
}

const VALID: [string, string][] = [
  ["value > 100", "(> value 100)"],
  ["a + b * c", "(+ a (* b c))"],
  ["(a + b) * c", "(* (+ a b) c)"],
  ["a - b - c", "(- (- a b) c)"],
  ["2 ** 3 ** 2", "(** 2 (** 3 2))"],
  ["-2 ** 2", "(- (** 2 2))"],
  ["-x", "(- x)"],
  ["a % 3 == 1", "(== (% a 3) 1)"],
  ["a and b or c", "(or (and a b) c)"],
  ["a && b || !c", "(or (and a b) (not c))"],
  ["not a == 1", "(not (== a 1))"],
  ["not not a", "(not (not a))"],
  ["x in [1, 2, 3]", "(in x [1 2 3])"],
  ["x not in ('a', \"b\")", "(notin x [\"a\" \"b\"])"],
  ["x in []", "(in x [])"],
  ["x in [-1, 2.5, null, true]", "(in x [-1 2.5 null true])"],
  ["x is null", "(isnull x)"],
  ["x is not null and y is None", "(and (notnull x) (isnull y))"],
  ["`unit price` * qty", "(* unit price qty)"],
  ["`a``b` == 1", "(== a`b 1)"],
  ["größe >= 1.5e3", "(>= größe 1500)"],
  ["日付 == '2024-01-01'", "(== 日付 \"2024-01-01\")"],
  ["name == 'it''s'", "(== name \"it's\")"],
  ["name == 'tab\\there\\n'", "(== name \"tab\\there\\n\")"],
  ["name == '\\u00e9\\u{1F600}'", "(== name \"é😀\")"],
  ["s != \"double \\\" quote\"", "(!= s \"double \\\" quote\")"],
  ["a <> b", "(!= a b)"],
  ["1_000_000 < n", "(< 1000000 n)"],
  [".5 + 1.", "(+ 0.5 1)"],
  ["True or False", "(or true false)"],
  ["if(a > 1, 'big', 'small')", "if((> a 1) \"big\" \"small\")"],
  ["coalesce(a, b, 0)", "coalesce(a b 0)"],
  ["round(x, 2)", "round(x 2)"],
  ["lag(x, 2, 0) + cumsum(y)", "(+ lag(x 2 0) cumsum(y))"],
  ["row_number()", "row_number()"],
  ["contains(lower(name), 'ab')", "contains(lower(name) \"ab\")"],
  ["  a\n  >\t1 ", "(> a 1)"],
];

Deno.test("parseExpr builds the expected tree for valid expressions", () => {
  for (const [src, want] of VALID) {
    assert.equal(show(parseExpr(src)), want, src);
  }
});

Deno.test("parseExpr records offsets of every node", () => {
  const ast = parseExpr("a + lower(`b c`) == 'x'");
  assert.equal(ast.type, "Binary");
  if (ast.type !== "Binary") return;
  assert.deepEqual([ast.offset, ast.end], [0, 23]);
  const left = ast.left;
  assert.equal(left.type, "Binary");
  if (left.type !== "Binary") return;
  assert.deepEqual([left.right.offset, left.right.end], [4, 16]); // lower(...)
  if (left.right.type !== "Call") return;
  assert.deepEqual([left.right.args[0].offset, left.right.args[0].end], [10, 15]); // `b c`
  assert.deepEqual([ast.right.offset, ast.right.end], [20, 23]);
});

const INVALID: [string, number, RegExp][] = [
  // [source, offset of the error, message pattern]
  ["x.constructor.constructor('alert(1)')()", 1, /unexpected character "\."/],
  ["constructor", 0, /reserved name/],
  ["__proto__ == 1", 0, /reserved name/],
  ["a.__proto__.polluted", 1, /unexpected character "\."/],
  ["prototype", 0, /reserved name/],
  ["this", 0, /^$|/], // a plain column name: checked below to parse
  ["eval('1')", 0, /unknown function "eval"/],
  ["Function('return 1')()", 0, /unknown function "Function"/],
  ["globalThis", 0, /^$|/],
  ["a; b", 1, /unexpected character ";"/],
  ["a = 1", 2, /unexpected character "="/],
  ["a === 1", 4, /unexpected "="|unexpected character "="/],
  ["`x` ${y}", 4, /unexpected character "\$"/],
  ["a +", 3, /ends too early/],
  ["(a + 1", 6, /expected "\)"/],
  ["a + 1)", 5, /unexpected "\)"/],
  ["'abc", 0, /unterminated string/],
  ["`abc", 0, /unterminated column name/],
  ["'\\q'", 1, /unknown escape/],
  ["1 < a < 3", 6, /cannot be chained/],
  ["a == null", 5, /never true/],
  ["null != a", 0, /never true/],
  ["foo(1)", 0, /unknown function "foo"/],
  ["lowr(x)", 0, /unknown function "lowr"/],
  ["abs()", 0, /takes 1 argument/],
  ["if(a, b)", 0, /takes 3 arguments/],
  ["x in [a, 1]", 6, /literal values/],
  ["x in 1", 5, /expected a list/],
  ["[1, 2]", 0, /only allowed after in/],
  ["x is 1", 5, /expected "null"/],
  ["and", 0, /needs an operand/],
  ["", 0, /empty/],
  ["2abc", 1, /after the number/],
  ["a & b", 2, /unexpected character "&"/],
  ["a # comment", 2, /unexpected character "#"/],
  ["{}", 0, /unexpected character "\{"/],
];

Deno.test("parseExpr rejects invalid expressions at the right offset", () => {
  for (const [src, offset, pattern] of INVALID) {
    if (src === "this" || src === "globalThis") continue;
    assert.throws(() => parseExpr(src), (e: unknown) => {
      assert.ok(e instanceof ExprError, `${src}: not an ExprError: ${e}`);
      assert.equal(e.offset, offset, `${src}: offset ${e.offset}, message ${e.message}`);
      assert.match(e.message, pattern, src);
      return true;
    }, src);
  }
});

Deno.test("ExprError messages end with the source line and a caret under the problem", () => {
  let e: unknown;
  try {
    parseExpr("amount > 1 && x.y");
  } catch (err) {
    e = err;
  }
  assert.ok(e instanceof ExprError);
  assert.equal(e.message, 'unexpected character "." at column 16\n  amount > 1 && x.y\n                 ^');
  assert.match(e.hint ?? "", /backticks/);
});

Deno.test("injection payloads are rejected at parse time without running anything", () => {
  const marker = globalThis as { __pfwPwned?: boolean };
  const payloads = [
    "x.constructor.constructor('globalThis.__pfwPwned = true')()",
    "constructor.constructor('globalThis.__pfwPwned = true')()",
    "`a`.constructor",
    "__proto__.polluted == 1",
    "a[0]",
    "(() => 1)()",
    "process.exit(1)",
    "require('fs')",
    "import('x')",
    "new Function('x')",
    "`a` + `b`; globalThis.__pfwPwned = true",
  ];
  for (const p of payloads) {
    assert.throws(() => parseExpr(p), ExprError, p);
  }
  assert.equal(marker.__pfwPwned, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("names that look like JavaScript globals are only column names", () => {
  assert.deepEqual(exprColumns(parseExpr("this + globalThis + window")), ["this", "globalThis", "window"]);
  assert.deepEqual(exprColumns(parseExpr("`constructor` == 1 and `__proto__` > 2")), ["constructor", "__proto__"]);
});

Deno.test("exprColumns lists referenced columns once, in order", () => {
  assert.deepEqual(exprColumns(parseExpr("b > 1 and lower(a) == 'x' or b in [1] or `c d` is null")), ["b", "a", "c d"]);
  assert.deepEqual(exprColumns(parseExpr("1 + 2")), []);
});

Deno.test("parseExpr rejects non-string input with an ExprError", () => {
  assert.throws(() => parseExpr(42 as unknown as string), ExprError);
  assert.throws(() => parseExpr(undefined as unknown as string), ExprError);
});
