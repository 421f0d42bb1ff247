/**
 * The one thin adapter for what differs between running from source
 * (`deno run -A main.ts`) and running as the compiled binary (`dist/pfw`,
 * built by `bun build --compile`). Everything else pfw does goes through
 * Web APIs and `node:` built-ins that Deno and Bun share (process exit and
 * signals included: node:process works unchanged in both).
 *
 * Inside the binary every bundled module's `import.meta.url` is the main
 * bundle's, `file:///$bunfs/root/pfw`; the worker scripts sit beside it and
 * embedded assets (web/) under it with their repository paths.
 *
 * @module
 */

/** The JavaScript runtime pfw runs on. */
export type RuntimeName = "deno" | "bun" | "node";

/** What pfw runs on: the runtime, its version, and whether this is the compiled binary. */
export interface RuntimeInfo {
  name: RuntimeName;
  version: string;
  /** True inside the `bun build --compile` binary. */
  compiled: boolean;
}

const HERE = import.meta.url;

/** True when `url` (default: this module's) lies inside a Bun-compiled binary's embedded file system. */
export function isCompiledBinary(url: string = HERE): boolean {
  // Linux and macOS: /$bunfs/root/…; Windows: B:/~BUN/root/…
  return url.includes("/$bunfs/") || url.includes("/~BUN/");
}

/**
 * The runtime this process runs on.
 *
 * @example
 * ```ts
 * const { name, version, compiled } = runtimeInfo();
 * console.log(`pfw on ${name} ${version}${compiled ? " (binary)" : ""}`);
 * ```
 */
export function runtimeInfo(): RuntimeInfo {
  const g = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string } };
  };
  const compiled = isCompiledBinary();
  if (g.Deno?.version?.deno) return { name: "deno", version: g.Deno.version.deno, compiled };
  if (g.Bun?.version) return { name: "bun", version: g.Bun.version, compiled };
  return { name: "node", version: g.process?.versions?.node ?? "unknown", compiled };
}

/**
 * The URL of a file shipped with pfw, given by its path from the repository
 * root (e.g. `"web/index.html"`): the file in the repository when running
 * from source, the embedded copy inside the binary (build/compile.ts embeds
 * web/ as assets). Read it with node:fs (`readFileSync(new URL(...))`).
 *
 * @throws {TypeError} when `path` is absolute or leaves the repository.
 */
export function bundledFileUrl(path: string): URL {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.split(/[/\\]/).includes("..")) {
    throw new TypeError(`bundledFileUrl takes a path inside the repository such as "web/index.html", got ${JSON.stringify(path)}`);
  }
  // From source this module is lib/runtime.ts, one folder below the root;
  // in the binary it is part of the main bundle, at the root.
  return new URL(isCompiledBinary() ? `./${path}` : `../${path}`, HERE);
}
