/**
 * A Bun.build plugin that lets `bun build` (and `bun build --compile`) bundle
 * pfw's Deno-style `npm:name@version/path` specifiers, which Bun does not
 * understand: each is mapped to the bare `name/path` and resolved from the
 * project's node_modules. Import attributes (e.g. `{ type: "file" }`) keep
 * working, since only the path changes.
 *
 * Use from a Bun build script:
 * ```ts
 * import { npmSpecifierPlugin } from "./build/npm_specifier_plugin.ts";
 * await Bun.build({ entrypoints: ["main.ts"], compile: { outfile: "dist/pfw" }, plugins: [npmSpecifierPlugin()] });
 * ```
 *
 * @module
 */

/** `npm:@scope/name@1.2.3/sub/path` → `@scope/name/sub/path`; `npm:name@1` → `name`. */
export function npmToBare(specifier: string): string {
  const spec = specifier.replace(/^npm:/, "").replace(/^\/+/, "");
  const scoped = spec.startsWith("@");
  const parts = spec.split("/");
  const nameParts = scoped ? parts.slice(0, 2) : parts.slice(0, 1);
  const rest = parts.slice(nameParts.length);
  const last = nameParts.length - 1;
  const at = nameParts[last].indexOf("@", scoped && last === 0 ? 1 : 0);
  if (at > 0) nameParts[last] = nameParts[last].slice(0, at);
  return [...nameParts, ...rest].join("/");
}

/** Options of {@link npmSpecifierPlugin}. */
export interface NpmSpecifierPluginOptions {
  /** Folder whose node_modules resolves the packages (default: the importing file's folder, then upwards). */
  root?: string;
}

/** Minimal shape of the Bun plugin API used here (keeps this file type-checkable by Deno). */
interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string; importer: string; resolveDir?: string }) => { path: string } | undefined,
  ): void;
}

/** The plugin object to pass in `Bun.build({ plugins: [...] })`. */
export function npmSpecifierPlugin(options: NpmSpecifierPluginOptions = {}): { name: string; setup(build: PluginBuild): void } {
  return {
    name: "npm-specifiers",
    setup(build) {
      build.onResolve({ filter: /^npm:/ }, (args) => {
        const bun = (globalThis as { Bun?: { resolveSync(id: string, from: string): string } }).Bun;
        if (!bun) throw new Error("npmSpecifierPlugin runs under Bun only");
        const from = options.root ?? args.resolveDir ?? args.importer.replace(/[/\\][^/\\]*$/, "");
        return { path: bun.resolveSync(npmToBare(args.path), from) };
      });
    },
  };
}
