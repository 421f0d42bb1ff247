/**
 * A recursive-descent parser for pfw expressions (see lib/expr/mod.ts for the
 * language). It builds an AST only; nothing in the source is ever executed.
 *
 * Precedence, loosest first: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons
 * (`== != < <= > >=`, `in`, `not in`, `is [not] null`; not chainable),
 * `+ -`, `* / %`, unary `- +`, `**` (right-associative, so `-2**2` is -4),
 * then literals, names, calls and parentheses.
 *
 * @module
 */
import type { BinaryOp, ExprNode, LiteralNode } from "./ast.ts";
import { ExprError } from "./error.ts";
import { FUNCTIONS, closestName } from "./functions.ts";
import { type Token, tokenize } from "./lexer.ts";

/** Bare names that could reach JavaScript internals if misused; a real column of that name must be backticked. */
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

/**
 * Parses an expression into its AST.
 * @throws {ExprError} with the offset and a caret line when the text is not a valid expression.
 * @example parseExpr("amount > 100 and region in ['EU', 'US']")
 */
export function parseExpr(source: string): ExprNode {
  if (typeof source !== "string") {
    throw new ExprError(`an expression must be a string, not ${source === null ? "null" : typeof source}`, { offset: 0, source: String(source) });
  }
  const p = new Parser(source, tokenize(source));
  if (p.peek().kind === "eof") throw new ExprError("the expression is empty", { offset: 0, source, hint: "write e.g. value > 100" });
  const node = p.expression();
  const t = p.peek();
  if (t.kind !== "eof") {
    throw new ExprError(`unexpected ${describe(t)}`, { offset: t.offset, source, hint: "is an operator (and, or, ==, +…) missing?" });
  }
  return node;
}

class Parser {
  #i = 0;
  constructor(readonly source: string, readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.#i + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    return this.tokens[this.#i < this.tokens.length - 1 ? this.#i++ : this.#i];
  }

  isOp(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "op" && t.text === text;
  }

  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "ident" && t.text === word;
  }

  expect(text: string, hint?: string): Token {
    const t = this.peek();
    if (t.kind === "op" && t.text === text) return this.next();
    throw this.error(`expected "${text}" but found ${describe(t)}`, t.offset, hint);
  }

  error(message: string, offset: number, hint?: string): ExprError {
    return new ExprError(message, { offset, source: this.source, hint });
  }

  expression(): ExprNode {
    return this.or();
  }

  or(): ExprNode {
    let left = this.and();
    while (this.isWord("or") || this.isOp("||")) {
      this.next();
      const right = this.and();
      left = binary("or", left, right);
    }
    return left;
  }

  and(): ExprNode {
    let left = this.not();
    while (this.isWord("and") || this.isOp("&&")) {
      this.next();
      const right = this.not();
      left = binary("and", left, right);
    }
    return left;
  }

  not(): ExprNode {
    if ((this.isWord("not") && !this.isWord("in", 1)) || this.isOp("!")) {
      const t = this.next();
      const arg = this.not();
      return { type: "Unary", op: "not", arg, offset: t.offset, end: arg.end };
    }
    return this.comparison();
  }

  comparison(): ExprNode {
    const left = this.additive();
    const node = this.comparisonTail(left);
    if (node !== left) {
      const t = this.peek();
      if ((t.kind === "op" && COMPARISONS.has(t.text)) || this.isWord("in") || this.isWord("is") || (this.isWord("not") && this.isWord("in", 1))) {
        throw this.error("comparisons cannot be chained", t.offset, "write a < b and b < c");
      }
    }
    return node;
  }

  comparisonTail(left: ExprNode): ExprNode {
    const t = this.peek();
    if (t.kind === "op" && COMPARISONS.has(t.text)) {
      this.next();
      const right = this.additive();
      for (const side of [left, right]) {
        if (side.type === "Literal" && side.value === null) {
          const fix = t.text === "!=" ? "is not null" : "is null";
          throw this.error(`comparing with null with ${t.text} is never true`, side.offset, `write "x ${fix}"`);
        }
      }
      return binary(t.text as BinaryOp, left, right);
    }
    if (this.isWord("in") || (this.isWord("not") && this.isWord("in", 1))) {
      const negated = this.isWord("not");
      if (negated) this.next();
      this.next();
      const values = this.list();
      return { type: "In", arg: left, values, negated, offset: left.offset, end: this.tokens[this.#i - 1].end };
    }
    if (this.isWord("is")) {
      this.next();
      let negated = false;
      if (this.isWord("not")) {
        this.next();
        negated = true;
      }
      const n = this.peek();
      if (!(n.kind === "ident" && (n.text === "null" || n.text === "None"))) {
        throw this.error(`expected "null" after "is" but found ${describe(n)}`, n.offset, "write x is null or x is not null");
      }
      this.next();
      return { type: "IsNull", arg: left, negated, offset: left.offset, end: n.end };
    }
    return left;
  }

  list(): LiteralNode[] {
    const open = this.peek();
    const close = open.kind === "op" && open.text === "(" ? ")" : "]";
    if (!(open.kind === "op" && (open.text === "[" || open.text === "("))) {
      throw this.error(`expected a list like [1, 2] after "in" but found ${describe(open)}`, open.offset);
    }
    this.next();
    const values: LiteralNode[] = [];
    while (!this.isOp(close)) {
      const item = this.unary();
      const lit = literalOf(item);
      if (!lit) throw this.error("list items must be literal values (numbers, strings, true, false, null)", item.offset);
      values.push(lit);
      if (!this.isOp(",")) break;
      this.next();
    }
    this.expect(close, `close the list with ${close}`);
    return values;
  }

  additive(): ExprNode {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().text as BinaryOp;
      left = binary(op, left, this.multiplicative());
    }
    return left;
  }

  multiplicative(): ExprNode {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = this.next().text as BinaryOp;
      left = binary(op, left, this.unary());
    }
    return left;
  }

  unary(): ExprNode {
    if (this.isOp("-") || this.isOp("+")) {
      const t = this.next();
      const arg = this.unary();
      if (arg.type === "Literal" && typeof arg.value === "number") {
        return { type: "Literal", value: t.text === "-" ? -arg.value : arg.value, offset: t.offset, end: arg.end };
      }
      return { type: "Unary", op: t.text as "-" | "+", arg, offset: t.offset, end: arg.end };
    }
    return this.power();
  }

  power(): ExprNode {
    const base = this.primary();
    if (this.isOp("**")) {
      this.next();
      const exponent = this.unary(); // right-associative; 2 ** -1 is allowed
      return binary("**", base, exponent);
    }
    return base;
  }

  primary(): ExprNode {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.next();
        return { type: "Literal", value: t.value!, offset: t.offset, end: t.end };
      case "string":
        this.next();
        return { type: "Literal", value: t.text, offset: t.offset, end: t.end };
      case "quoted":
        this.next();
        if (t.text === "") throw this.error("empty column name", t.offset);
        return { type: "Column", name: t.text, offset: t.offset, end: t.end };
      case "ident":
        return this.name();
      case "op":
        if (t.text === "(") {
          this.next();
          const inner = this.expression();
          this.expect(")", "close the parenthesis");
          return inner;
        }
        if (t.text === "[") {
          throw this.error("a list is only allowed after in / not in", t.offset);
        }
        break;
      case "eof":
        throw this.error("the expression ends too early", t.offset, "an operand is missing");
    }
    throw this.error(`unexpected ${describe(t)}`, t.offset);
  }

  name(): ExprNode {
    const t = this.next();
    switch (t.text) {
      case "true":
      case "True":
        return { type: "Literal", value: true, offset: t.offset, end: t.end };
      case "false":
      case "False":
        return { type: "Literal", value: false, offset: t.offset, end: t.end };
      case "null":
      case "None":
        return { type: "Literal", value: null, offset: t.offset, end: t.end };
      case "and":
      case "or":
      case "in":
      case "is":
      case "not":
        throw this.error(`"${t.text}" needs an operand before it`, t.offset, `put "${t.text}" in backticks if it is a column name`);
    }
    if (this.isOp("(")) return this.call(t);
    if (RESERVED_NAMES.has(t.text)) {
      throw this.error(`"${t.text}" is a reserved name`, t.offset, `if a column is really called that, write \`${t.text}\``);
    }
    return { type: "Column", name: t.text, offset: t.offset, end: t.end };
  }

  call(nameToken: Token): ExprNode {
    const name = nameToken.text;
    const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (!spec) {
      const near = closestName(name, Object.keys(FUNCTIONS));
      throw this.error(`unknown function "${name}"`, nameToken.offset, near ? `did you mean ${near}()?` : `known functions: ${Object.keys(FUNCTIONS).join(", ")}`);
    }
    this.expect("(");
    const args: ExprNode[] = [];
    while (!this.isOp(")")) {
      args.push(this.expression());
      if (!this.isOp(",")) break;
      this.next();
    }
    const close = this.expect(")", "close the argument list");
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      throw this.error(`${name}() takes ${want} argument${want === "1" ? "" : "s"}, got ${args.length}`, nameToken.offset, `usage: ${spec.usage}`);
    }
    return { type: "Call", name, args, offset: nameToken.offset, end: close.end };
  }
}

function binary(op: BinaryOp, left: ExprNode, right: ExprNode): ExprNode {
  return { type: "Binary", op, left, right, offset: left.offset, end: right.end };
}

function literalOf(node: ExprNode): LiteralNode | undefined {
  return node.type === "Literal" ? node : undefined;
}

function describe(t: Token): string {
  switch (t.kind) {
    case "eof":
      return "the end of the expression";
    case "number":
      return `the number ${t.text}`;
    case "string":
      return `the string ${JSON.stringify(t.text)}`;
    case "quoted":
      return `the column \`${t.text}\``;
    case "ident":
      return `"${t.text}"`;
    default:
      return `"${t.text}"`;
  }
}
