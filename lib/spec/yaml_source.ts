/**
 * Parses pipeline YAML into plain values plus a {@link SourceMap} holding the
 * line and column of every node, refusing alias bombs.
 *
 * YAML aliases are expanded by the `yaml` package under a budget
 * ({@link MAX_ALIAS_COUNT}): a "billion laughs" file is refused after a few
 * thousand node visits instead of expanding to 10^9 nodes. `<<` merge keys are
 * honoured. Values reached only through an alias carry no position of their
 * own; errors about them point at the alias.
 *
 * @module
 */
import { YAML } from "../deps_yaml.ts";
import type { SourcePos } from "../types.ts";
import { Problems } from "./problems.ts";
import { type Path, SourceMap } from "./source_map.ts";

/**
 * The alias expansion budget handed to `yaml`'s `maxAliasCount`: the product
 * of an anchor's uses and the aliases it contains may not exceed it.
 */
export const MAX_ALIAS_COUNT = 1000;

/** A parsed document: its value and where each node is. */
export interface YamlSource {
  value: unknown;
  map: SourceMap;
}

type Counter = InstanceType<typeof YAML.LineCounter>;

function position(lc: Counter, offset: number): SourcePos {
  const { line, col } = lc.linePos(offset);
  // linePos answers line 0 before the first newline it knows of.
  return line === 0 ? { line: 1, col: offset + 1 } : { line, col };
}

/** `Map keys must be unique at line 1, column 6:\n\n…` → `Map keys must be unique`. */
function shortMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
}

const HINTS: Record<string, string> = {
  DUPLICATE_KEY: "a key may appear once per map; remove or rename one of them",
  MULTIPLE_DOCS: "a pipeline file holds one YAML document; remove the `---` separator",
  BAD_INDENT: "check the indentation: items of one list or map start in the same column",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; did you forget a `:` or a closing quote?",
  TAB_AS_INDENT: "indent with spaces, not tabs",
};

/** Records where every node below `node` is, without following aliases. */
function record(node: unknown, path: (string | number)[], lc: Counter, map: SourceMap, keyPos?: SourcePos): void {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range) map.set(path, { pos: position(lc, range[0]), keyPos });
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
      if (key === "<<" || (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean")) continue;
      const kRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      const kPos = kRange ? position(lc, kRange[0]) : undefined;
      const child = [...path, String(key)];
      const value = pair.value as { range?: [number, number, number]; value?: unknown } | null;
      // `key:` with nothing after it: the empty scalar sits at the end of the line; point at the key.
      if (!value || (YAML.isScalar(value) && value.value === null && value.range?.[0] === value.range?.[1])) {
        if (kPos) map.set(child, { pos: kPos, keyPos: kPos });
        continue;
      }
      record(value, child, lc, map, kPos);
    }
  } else if (YAML.isSeq(node)) {
    node.items.forEach((item, i) => record(item, [...path, i], lc, map));
  }
}

/** Finds the first alias node, to point an alias-budget error at it. */
function firstAlias(doc: YAML.Document.Parsed): number | undefined {
  let offset: number | undefined;
  YAML.visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return YAML.visit.BREAK;
    },
  });
  return offset;
}

/** Rejects values that contain themselves (`a: &x {b: *x}`), which would make every later walk loop. */
function findCycle(value: unknown, seen: Set<object>, path: (string | number)[]): Path | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (seen.has(value)) return [...path];
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const hit = findCycle(value[i], seen, path);
      path.pop();
      if (hit) return hit;
    }
  } else {
    for (const k in value as Record<string, unknown>) {
      path.push(k);
      const hit = findCycle((value as Record<string, unknown>)[k], seen, path);
      path.pop();
      if (hit) return hit;
    }
  }
  seen.delete(value);
  return undefined;
}

/**
 * Parses `text`. Syntax errors, alias bombs and self-referencing aliases are
 * recorded in `problems` (with line and column) and yield `undefined`.
 */
export function parseYamlSource(text: string, problems: Problems): YamlSource | undefined {
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.add(`YAML syntax error: ${shortMessage(e.message)}`, {
        pos: position(lc, e.pos[0]),
        hint: HINTS[e.code] ?? "fix the YAML syntax at this position",
      });
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const offset = firstAlias(doc);
    const excessive = e instanceof ReferenceError && /Excessive alias count/.test(e.message);
    problems.add(
      excessive
        ? `YAML aliases expand beyond the limit of ${MAX_ALIAS_COUNT} (an alias bomb?); the file was not expanded`
        : `YAML alias error: ${(e as Error).message}`,
      {
        pos: offset !== undefined ? position(lc, offset) : { line: 1, col: 1 },
        hint: excessive ? "write the repeated values out, or use fewer nested aliases" : "define each anchor (&name) before its aliases (*name)",
      },
    );
    return undefined;
  }
  const map = new SourceMap();
  record(doc.contents, [], lc, map);
  const cycle = findCycle(value, new Set(), []);
  if (cycle) {
    problems.map = map;
    problems.add("a YAML alias refers to a node that contains it, making the value infinite", {
      path: cycle,
      hint: "an alias (*name) may only repeat a node that does not contain it",
    });
    return undefined;
  }
  return { value, map };
}
