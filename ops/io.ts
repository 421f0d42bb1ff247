/**
 * Readers and writers (read_csv, to_parquet, ...), gathered for ops/mod.ts.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { read_arrow } from "./read_arrow.ts";
import { read_csv } from "./read_csv.ts";
import { read_json } from "./read_json.ts";
import { read_parquet } from "./read_parquet.ts";
import { to_arrow } from "./to_arrow.ts";
import { to_csv } from "./to_csv.ts";
import { to_json } from "./to_json.ts";
import { to_parquet } from "./to_parquet.ts";

/** The I/O operations. */
export const IO_OPERATIONS: readonly Operation[] = [
  read_csv,
  read_parquet,
  read_json,
  read_arrow,
  to_csv,
  to_parquet,
  to_json,
  to_arrow,
];
