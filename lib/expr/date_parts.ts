/**
 * Calendar parts (year, month, day) of Arrow date and timestamp columns,
 * computed arithmetically from the raw integers (date32 days, date64
 * milliseconds, timestamp units): no Date object per row. UTC, proleptic
 * Gregorian calendar, the same answers as `Date#getUTCFullYear` and friends.
 *
 * @module
 */
import { flechette } from "../deps.ts";
import type { ColumnData } from "../ops_util/column_data.ts";

/** A calendar part a date function returns. */
export type DatePart = "year" | "month" | "day";

/**
 * The year, month (1–12) or day (1–31) of the civil date `days` days after
 * 1970-01-01 (negative before; |days| ≤ 1e8, a JS Date's range), after H.
 * Hinnant's `civil_from_days`.
 */
export function datePartOfDays(days: number, part: DatePart): number {
  // Integer arithmetic (`x / k | 0` truncates, = floor for x ≥ 0); |days| ≤ 1e8 keeps it in int32.
  const z = (days + 719468) | 0;
  const era = ((z >= 0 ? z : z - 146096) / 146097) | 0;
  const doe = (z - era * 146097) | 0; // [0, 146096]
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0; // [0, 399]
  const doy = (doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0))) | 0; // [0, 365]
  const mp = ((5 * doy + 2) / 153) | 0; // [0, 11], March = 0
  const month = mp < 10 ? mp + 3 : mp - 9;
  if (part === "month") return month;
  if (part === "day") return (doy - (((153 * mp + 2) / 5) | 0) + 1) | 0;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) | 0;
}

/** Largest |epoch ms| a JS Date can hold. */
const MAX_MS = 8.64e15;
const MAX_DAYS = MAX_MS / 86400000;

/**
 * A reader of the UTC day number (days since 1970-01-01) at a data row of a
 * date or timestamp column, NaN where the row is null or beyond the range of
 * a JS Date; undefined when the column is not an Arrow date or timestamp.
 */
export function epochDayReader(col: ColumnData): ((row: number) => number) | undefined {
  const f = col.fixed;
  if (!f) return undefined;
  const t = f.type as { typeId: number; unit?: number };
  const validity = f.validity;
  const v = f.values as ArrayLike<number | bigint>;
  let ms: (r: number) => number;
  if (t.typeId === flechette.Type.Date) {
    if (t.unit === flechette.DateUnit.DAY) {
      const days = f.values as ArrayLike<number>;
      const day = (r: number) => (days[r] >= -MAX_DAYS && days[r] <= MAX_DAYS ? days[r] : NaN);
      return validity ? (r) => ((validity[r >> 3] & (1 << (r & 7))) !== 0 ? day(r) : NaN) : day;
    }
    ms = (r) => Number(v[r]);
  } else if (t.typeId === flechette.Type.Timestamp) {
    // The same arithmetic as the column's Date values (lib/ops_util/column_arrow.ts).
    if (t.unit === flechette.TimeUnit.SECOND) ms = (r) => Number(v[r]) * 1000;
    else if (t.unit === flechette.TimeUnit.MILLISECOND) ms = (r) => Number(v[r]);
    else if (t.unit === flechette.TimeUnit.MICROSECOND) ms = (r) => Number(v[r]) / 1000;
    else ms = (r) => Number(v[r]) / 1e6;
  } else return undefined;
  const day = (r: number) => {
    // A Date truncates fractional milliseconds toward zero; do the same.
    const m = Math.trunc(ms(r));
    return m >= -MAX_MS && m <= MAX_MS ? Math.floor(m / 86400000) : NaN;
  };
  return validity ? (r) => ((validity[r >> 3] & (1 << (r & 7))) !== 0 ? day(r) : NaN) : day;
}
