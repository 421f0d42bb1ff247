/**
 * Table transforms (query, derive, groupby_agg, join, ...), gathered for ops/mod.ts.
 *
 * @module
 */
import type { Operation } from "../lib/operation.ts";
import { cast } from "./cast.ts";
import { concat } from "./concat.ts";
import { derive } from "./derive.ts";
import { distinct } from "./distinct.ts";
import { drop } from "./drop.ts";
import { dropna } from "./dropna.ts";
import { fillna } from "./fillna.ts";
import { groupby_agg } from "./groupby_agg.ts";
import { head } from "./head.ts";
import { join } from "./join.ts";
import { melt } from "./melt.ts";
import { pivot } from "./pivot.ts";
import { query } from "./query.ts";
import { rename } from "./rename.ts";
import { sample } from "./sample.ts";
import { select } from "./select.ts";
import { sort } from "./sort.ts";
import { tail } from "./tail.ts";

/** The transform operations. */
export const TRANSFORM_OPERATIONS: readonly Operation[] = [
  query,
  derive,
  select,
  drop,
  rename,
  groupby_agg,
  join,
  sort,
  head,
  tail,
  sample,
  distinct,
  fillna,
  dropna,
  cast,
  concat,
  pivot,
  melt,
];
