import type { Database } from '../data/db.ts';
import { addMonths } from './params.ts';
import { sql } from './queries.ts';

export interface Window {
  from: string;
  to: string;
  count: number;
  missing_months: string[];
}

/** The count of one source/area/category over months from..to, and the months without data. */
export async function windowCount(
  db: Database,
  p: { source: string; area: string; category: string; from: string; to: string },
): Promise<Window> {
  const row = await db.one<{ count: number; missing_months: string[] }>(sql('window'), p);
  return { from: p.from, to: p.to, count: row!.count, missing_months: row!.missing_months };
}

/** The calendar year containing a 12-month window's middle: the month six before its end (Feb 2013-Jan 2014 -> 2013). */
export const midYear = (to: string): number => Number(addMonths(to, -6).slice(0, 4));

/** The mid-year population for `year`, or the nearest year loaded; null when the area has none. */
export async function population(db: Database, area: string, year: number) {
  const row = await db.one<{ year: number; population: number }>(sql('population'), { area, year });
  return row ?? null;
}
