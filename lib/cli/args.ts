/**
 * Command-line parsing: each command declares its positionals and flags in a
 * {@link CommandSpec}; {@link parseArgs} checks the arguments against it and
 * {@link formatHelp} prints it.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { closest } from "../did_you_mean.ts";

/** One `--flag`. */
export interface FlagSpec {
  /** Long name without dashes, e.g. "max-parallel". */
  name: string;
  /** One-letter alias without the dash, e.g. "q". */
  short?: string;
  /** "boolean" flags take no value; "string" and "integer" take one (`--x v` or `--x=v`). */
  type: "boolean" | "string" | "integer";
  /** May be given more than once; values are collected into an array. */
  multiple?: boolean;
  /** Allowed values, for "string" flags. */
  values?: readonly string[];
  /** Shown in help after the flag, e.g. "N" or "PATH". */
  placeholder?: string;
  description: string;
}

/** One positional argument. */
export interface PositionalSpec {
  name: string;
  required?: boolean;
  description: string;
}

/** A command's interface, which drives both parsing and its `--help`. */
export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  positionals: PositionalSpec[];
  flags: FlagSpec[];
  /** Example invocations, without the leading program name. */
  examples?: string[];
  /** Extra paragraphs for `--help`. */
  notes?: string;
}

/** Parsed arguments: positionals in order, flags by long name. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | number | boolean | string[] | undefined>;
  /** `--help` or `-h` was given. */
  help: boolean;
}

const HELP_FLAG: FlagSpec = { name: "help", short: "h", type: "boolean", description: "Show this help." };

/**
 * Parses `args` against `spec`.
 *
 * @example
 * ```ts
 * const p = parseArgs(["pipeline.yml", "--var", "min=5", "--json"], RUN_SPEC);
 * p.positionals; // ["pipeline.yml"]
 * p.flags.var;   // ["min=5"]
 * ```
 * @throws {UsageError} on an unknown flag (with a suggestion), a missing or bad value, or a wrong number of positionals.
 */
export function parseArgs(args: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  const all = [...spec.flags, HELP_FLAG];
  let help = false;
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPositionals || arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const rawName = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const flag = rawName.startsWith("--")
      ? all.find((f) => f.name === rawName.slice(2))
      : all.find((f) => f.short !== undefined && f.short === rawName.slice(1));
    if (!flag) {
      const names = all.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
      throw new UsageError(
        `unknown option ${rawName} for "pfw ${spec.name}"${suggestion(rawName, names)}; see "pfw ${spec.name} --help"`,
      );
    }
    if (flag === HELP_FLAG) {
      help = true;
      continue;
    }
    let value: string | number | boolean;
    if (flag.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${flag.name} takes no value; write just --${flag.name}`);
      value = true;
    } else {
      const raw = inline ?? args[++i];
      if (raw === undefined) {
        throw new UsageError(`--${flag.name} needs a value: --${flag.name} ${flag.placeholder ?? "VALUE"}`);
      }
      value = checkValue(flag, raw);
    }
    if (flag.multiple) {
      const list = (flags[flag.name] as string[] | undefined) ?? [];
      list.push(String(value));
      flags[flag.name] = list;
    } else {
      flags[flag.name] = value;
    }
  }
  if (!help) checkPositionals(spec, positionals);
  return { positionals, flags, help };
}

function checkValue(flag: FlagSpec, raw: string): string | number {
  if (flag.type === "integer") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isInteger(n) || n < 1) {
      throw new UsageError(`--${flag.name} needs a positive whole number, got "${raw}"`);
    }
    return n;
  }
  if (flag.values && !flag.values.includes(raw)) {
    throw new UsageError(
      `--${flag.name} must be one of ${flag.values.join(", ")}; got "${raw}"${suggestion(raw, flag.values)}`,
    );
  }
  return raw;
}

function checkPositionals(spec: CommandSpec, positionals: string[]): void {
  const required = spec.positionals.filter((p) => p.required);
  if (positionals.length < required.length) {
    const missing = required[positionals.length];
    throw new UsageError(`"pfw ${spec.name}" needs ${missing.name}: ${usageLine(spec)}`);
  }
  if (positionals.length > spec.positionals.length) {
    const extra = positionals[spec.positionals.length];
    throw new UsageError(`unexpected argument "${extra}" for "pfw ${spec.name}": ${usageLine(spec)}`);
  }
}

/** ` (did you mean "x"?)` when a candidate is close to `word`, else an empty string. */
export function suggestion(word: string, candidates: Iterable<string>): string {
  const hit = closest(word, candidates);
  return hit === undefined ? "" : ` (did you mean "${hit}"?)`;
}

/** `pfw run FILE [options]`-style usage line. */
export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`));
  return ["pfw", spec.name, ...pos, ...(spec.flags.length ? ["[options]"] : [])].join(" ");
}

/** The full `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, "", `Usage: ${usageLine(spec)}`];
  if (spec.positionals.length) {
    lines.push("", "Arguments:");
    const w = Math.max(...spec.positionals.map((p) => p.name.length));
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(w)}  ${p.description}`);
  }
  const flags = [...spec.flags, HELP_FLAG];
  const names = flags.map((f) =>
    `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.type === "boolean" ? "" : ` ${f.placeholder ?? "VALUE"}`}`
  );
  const w = Math.max(...names.map((n) => n.length));
  lines.push("", "Options:");
  flags.forEach((f, i) => lines.push(`  ${names[i].padEnd(w)}  ${f.description}`));
  if (spec.notes) lines.push("", spec.notes);
  if (spec.examples?.length) {
    lines.push("", "Examples:");
    for (const e of spec.examples) lines.push(`  pfw ${e}`);
  }
  return lines.join("\n") + "\n";
}
