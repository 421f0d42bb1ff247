/**
 * An explicit registry of operations. Each run, test or worker creates its
 * own; nothing registers itself by being imported.
 *
 * @module
 */
import type { Operation } from "./operation.ts";

/** Options of {@link OperationRegistry.register}. */
export interface RegisterOptions {
  /** Replace an operation of the same name instead of throwing. */
  override?: boolean;
}

/** A set of operations looked up by name or alias. */
export class OperationRegistry {
  #ops = new Map<string, Operation>();
  #aliases = new Map<string, string>();

  /**
   * Adds an operation.
   * @throws {TypeError} when the name or an alias is taken, unless `override`.
   */
  register(op: Operation, options: RegisterOptions = {}): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(op.name)) {
      throw new TypeError(`Cannot register operation "${op.name}": names are letters, digits and _`);
    }
    for (const name of [op.name, ...(op.aliases ?? [])]) {
      if (!options.override && (this.#ops.has(name) || this.#aliases.has(name))) {
        throw new TypeError(`Cannot register operation "${name}": the name is taken; pass { override: true } to replace it`);
      }
    }
    this.#ops.set(op.name, op);
    for (const alias of op.aliases ?? []) this.#aliases.set(alias, op.name);
    return this;
  }

  /** Adds several operations (see {@link register}). */
  registerAll(ops: Iterable<Operation>, options: RegisterOptions = {}): this {
    for (const op of ops) this.register(op, options);
    return this;
  }

  /** The operation with this name or alias, or undefined. */
  get(name: string): Operation | undefined {
    return this.#ops.get(name) ?? this.#ops.get(this.#aliases.get(name) ?? "");
  }

  /** Whether a name or alias is known. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Canonical names, sorted. */
  names(): string[] {
    return [...this.#ops.keys()].sort();
  }

  /** Every name and alias, for "did you mean" hints. */
  allNames(): string[] {
    return [...this.#ops.keys(), ...this.#aliases.keys()];
  }

  /** Every operation, sorted by name. */
  list(): Operation[] {
    return this.names().map((n) => this.#ops.get(n)!);
  }

  /** A copy that can be extended without touching this one. */
  clone(): OperationRegistry {
    const r = new OperationRegistry();
    for (const op of this.#ops.values()) r.register(op);
    return r;
  }
}
