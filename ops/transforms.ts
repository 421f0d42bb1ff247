/**
 * Table transforms (query, derive, groupby_agg, join, ...), gathered for ops/mod.ts.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";

/** The transform operations. */
export const TRANSFORM_OPERATIONS: readonly Operation[] = [];
