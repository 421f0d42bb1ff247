/**
 * Readers and writers (read_csv, to_parquet, ...), gathered for ops/mod.ts.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";

/** The I/O operations. */
export const IO_OPERATIONS: readonly Operation[] = [];
