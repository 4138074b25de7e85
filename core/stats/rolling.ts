/**
 * The monthly series with its rolling 12-month sum, from the covered months' counts (`queries/engine-series.sql`):
 * written once, for `/api/trend` (and through it `/api/explain`, the pack and the disclosure rule). Pure.
 */
import { addMonths, monthList } from '../months.ts';

/** How many months a rolling sum adds up: the month and the 11 before it. */
export const ROLLING_MONTHS = 12;

/** One month of a series: its count (null when the source does not cover it: a gap, never a zero). */
export interface RollingRow {
  month: string;
  count: number | null;
  /** the sum of the 12 months to this one, null unless every one of them is covered */
  rolling_12m: number | null;
}

/**
 * Every month from `from` to `to` with its count (null where `covered` has no row: a gap) and its rolling 12-month
 * sum (null unless all 12 months to it are covered). `covered` holds the covered months' counts (a covered month
 * with no incident has count 0) and must start at `from` − 11 months for the first rolling sums.
 * @example rollingSeries([{ month: '2018-01', count: 3 }], '2018-01', '2018-02')
 * // [{ month: '2018-01', count: 3, rolling_12m: null }, { month: '2018-02', count: null, rolling_12m: null }]
 */
export function rollingSeries(covered: readonly { month: string; count: number }[], from: string, to: string): RollingRow[] {
  const counts = new Map(covered.map((r) => [r.month, r.count]));
  const all = monthList(addMonths(from, -(ROLLING_MONTHS - 1)), to).map((month) => counts.get(month) ?? null);
  const first = ROLLING_MONTHS - 1;
  return all.slice(first).map((count, i) => {
    const year = all.slice(i, i + ROLLING_MONTHS);
    const rolling_12m = year.every((c) => c !== null) ? year.reduce<number>((s, c) => s + c!, 0) : null;
    return { month: addMonths(from, i), count, rolling_12m };
  });
}
