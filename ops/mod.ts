/**
 * The built-in operations, gathered in one explicit list.
 *
 * @module
 */
import { OperationRegistry } from "../lib/registry.ts";
import type { Operation } from "../lib/operation.ts";
import { CONTROL_OPERATIONS } from "./control.ts";
import { IO_OPERATIONS } from "./io.ts";
import { TRANSFORM_OPERATIONS } from "./transforms.ts";

/** Every built-in operation. */
export const BUILTIN_OPERATIONS: readonly Operation[] = [
  ...CONTROL_OPERATIONS,
  ...IO_OPERATIONS,
  ...TRANSFORM_OPERATIONS,
];

/** A fresh registry holding the built-in operations. */
export function createDefaultRegistry(): OperationRegistry {
  return new OperationRegistry().registerAll(BUILTIN_OPERATIONS);
}
