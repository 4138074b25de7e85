import type { Database } from '../../data/db.ts';
import { allIndicators } from '../../data/outcomes.ts';
import { monthList, type Period } from '../periods.ts';
import { sql } from '../queries.ts';
import { emptyCell, midYear, missingOf, type CountCell, type Pair } from './engine.ts';
import { seriesRequirement } from './requirements.ts';

/**
 * Both windows of one series (a source and a category or local indicator) for one area or every area, through the
 * engine's counts statement, so `/api/rolling` and `/api/ranks` follow exactly the coverage rule of the scorecard.
 * @example const byArea = await seriesWindows(db, { source: 'mps', category: 'burglary', period, area: 'E09000003' });
 */
export async function seriesWindows(
  db: Database,
  p: { source: string; category: string; period: Period; area?: string },
): Promise<Map<string, Pair<CountCell>>> {
  const { current, previous } = p.period;
  const rows = await db.all<{ area_code: string; w: 'current' | 'previous'; months_covered: number; covered_mask: string; count: number; population: number | null; population_year: number | null }>(
    sql('engine-counts'),
    seriesParams(p),
  );
  const months = { current: monthList(current.from, current.to), previous: monthList(previous.from, previous.to) };
  const out = new Map<string, Pair<CountCell>>();
  for (const row of rows) {
    const w = p.period[row.w];
    
    const pair = out.get(row.area_code) ?? out.set(row.area_code, {} as Pair<CountCell>).get(row.area_code)!;
    pair[row.w] = {
      ...w,
      months_covered: row.months_covered,
      missing_months: missingOf(months[row.w], row.covered_mask),
      complete: row.months_covered === w.months,
      count: row.count,
      population: row.population,
      population_year: row.population_year,
    };
  }
  for (const pair of out.values()) for (const w of ['current', 'previous'] as const) pair[w] ??= emptyCell(p.period[w], months[w]);
  return out;
}

/**
 * The parameters {@link seriesWindows} binds to queries/engine-counts.sql (also shown by `/api/explain`).
 * @example seriesParams({ source: 'mps', category: 'burglary', period }) // { candidates: '[{"key":"series",…}]', area: null, cf: '2018-01', … }
 */
export function seriesParams(p: { source: string; category: string; period: Period; area?: string }) {
  const r = seriesRequirement(p.source, p.category, allIndicators());
  const { current, previous } = p.period;
  return {
    candidates: JSON.stringify([{ key: 'series', ...r }]),
    area: p.area ?? null,
    cf: current.from,
    ct: current.to,
    pf: previous.from,
    pt: previous.to,
    ycur: midYear(current),
    yprev: midYear(previous),
  };
}

/** The windows of one area (empty when nothing is covered). */
export function windowsOf(byArea: Map<string, Pair<CountCell>>, area: string, period: Period): Pair<CountCell> {
  return (
    byArea.get(area) ?? {
      current: emptyCell(period.current, monthList(period.current.from, period.current.to)),
      previous: emptyCell(period.previous, monthList(period.previous.from, period.previous.to)),
    }
  );
}
