/**
 * Ctrl-C and `kill`: the first SIGINT or SIGTERM asks for a graceful cancel,
 * a second SIGINT stops at once. Uses node:process signal events, which Deno
 * and Bun both support.
 *
 * @module
 */
import process from "node:process";

/** What to do on each interrupt. */
export interface InterruptHandlers {
  /** The first SIGINT or SIGTERM: start a graceful cancel. */
  first(signal: "SIGINT" | "SIGTERM"): void;
  /** A later SIGINT: stop now. */
  second(signal: "SIGINT" | "SIGTERM"): void;
}

/**
 * Listens for SIGINT and SIGTERM until the returned function is called.
 *
 * @example
 * ```ts
 * const stop = onInterrupt({ first: () => token.cancel("interrupted"), second: () => process.exit(130) });
 * try { await run(); } finally { stop(); }
 * ```
 */
export function onInterrupt(handlers: InterruptHandlers): () => void {
  let count = 0;
  const handle = (signal: "SIGINT" | "SIGTERM") => {
    count++;
    if (count === 1) handlers.first(signal);
    else if (signal === "SIGINT") handlers.second(signal);
  };
  const onInt = () => handle("SIGINT");
  const onTerm = () => handle("SIGTERM");
  const added: [string, () => void][] = [];
  for (const [name, fn] of [["SIGINT", onInt], ["SIGTERM", onTerm]] as const) {
    try {
      process.on(name, fn);
      added.push([name, fn]);
    } catch {
      // SIGTERM can't be listened to on Windows; Ctrl-C still works.
    }
  }
  return () => {
    for (const [name, fn] of added) process.off(name, fn);
  };
}
