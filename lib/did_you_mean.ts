/**
 * "Did you mean …?" suggestions: the known name closest to a misspelt one.
 *
 * @module
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment):
 * insertions, deletions, substitutions and swaps of two neighbours cost 1.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** Options of {@link closest}. */
export interface ClosestOptions {
  /** Largest distance still suggested; default: a third of the name's length, at least 2. */
  maxDistance?: number;
}

/**
 * The candidate closest to `name`, or undefined when none is close enough.
 * A candidate equal up to case, `-`/`_` or spaces wins outright; names of
 * three letters or fewer allow one edit; failing all that, the only
 * candidate that starts with `name` is suggested.
 *
 * @example closest("groupby_ag", ["query", "groupby_agg"]) // "groupby_agg"
 */
export function closest(name: string, candidates: Iterable<string>, options: ClosestOptions = {}): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  const target = norm(name);
  const limit = options.maxDistance ?? (name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 3)));
  const list = [...candidates];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of list) {
    if (c === name) continue;
    if (norm(c) === target) return c;
    const d = Math.min(editDistance(name, c), editDistance(name.toLowerCase(), c.toLowerCase()));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (bestDistance <= limit) return best;
  // A prefix of a longer name ("cpu" for "cpu_bound"), when only one name fits.
  if (target.length >= 3) {
    const prefixed = list.filter((c) => norm(c).startsWith(target));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}

/** `did you mean "x"?` or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hit = closest(name, candidates);
  return hit === undefined ? "" : `did you mean ${JSON.stringify(hit)}?`;
}

/**
 * A hint for an unknown name: the suggestion when there is one, then the
 * list of valid names (shortened past `max`).
 */
export function unknownNameHint(name: string, candidates: readonly string[], what = "valid", max = 12): string {
  const guess = didYouMean(name, candidates);
  const list = candidates.length <= max
    ? candidates.join(", ")
    : `${candidates.slice(0, max).join(", ")}, … (${candidates.length - max} more)`;
  if (candidates.length === 0) return guess;
  const valid = `${what}: ${list}`;
  return guess ? `${guess} ${valid[0].toUpperCase()}${valid.slice(1)}` : valid;
}
