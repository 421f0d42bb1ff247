/**
 * Small text formatters shared by the CLI's views.
 *
 * @module
 */

/** `850 ms`, `1.25 s`, `2m03s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "-";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m${sec}s` : `${m}m${sec}s`;
}

/** `1,234,567` (locale-independent). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `1 row`, `10,000 rows`. */
export function formatRows(n: number | undefined): string {
  if (n === undefined) return "";
  return `${formatCount(n)} ${n === 1 ? "row" : "rows"}`;
}

/** Cuts `s` to `width` characters, ending with `…` when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return "";
  return s.length <= width ? s : s.slice(0, Math.max(0, width - 1)) + "…";
}

/** A bar of `width` cells filled to `fraction` (0..1), with eighth-cell precision. */
export function progressBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const partial = part ? "▏▎▍▌▋▊▉"[part - 1] : "";
  return "█".repeat(full) + partial + "░".repeat(width - full - (partial ? 1 : 0));
}

/** A local `YYYY-MM-DD HH:MM:SS` for an epoch-ms time. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${
    p(d.getSeconds())
  }`;
}

/** Indents every line after the first by `indent`, so a multi-line message stays under its heading. */
export function indentRest(text: string, indent: string): string {
  return text.replace(/\r?\n/g, "\n" + indent);
}
