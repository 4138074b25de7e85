import type { Database } from '../../data/db.ts';
import { allIndicators } from '../../data/outcomes.ts';
import type { Period } from '../periods.ts';
import { sql } from '../queries.ts';
import { countCells, emptyPair, midYear, type CountCell, type CountRow, type Pair } from './engine.ts';
import { lookups } from '../lookups.ts';
import type { MadeBy } from '../../core/types.ts';
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
  return (await seriesRun(db, p)).byArea;
}

/**
 * {@link seriesWindows} with the statement that made them and the parameters it bound (a result's `made_by`).
 * @example const { byArea, made_by } = await seriesRun(db, { source: 'mps', category: 'burglary', period });
 */
export async function seriesRun(
  db: Database,
  p: { source: string; category: string; period: Period; area?: string },
): Promise<{ byArea: Map<string, Pair<CountCell>>; made_by: MadeBy }> {
  const parameters = seriesParams(p);
  const [rows, { population }] = await Promise.all([db.all<CountRow>(sql('engine-counts'), parameters), lookups(db)]);
  return {
    byArea: countCells(rows, p.period, population).get('series') ?? new Map(),
    made_by: { sql: ['macros', 'engine-counts'], parameters: { 'engine-counts': parameters } },
  };
}

/**
 * The parameters {@link seriesWindows} binds to queries/engine-counts.sql (a result's `made_by`, which `/api/explain` shows).
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
  return byArea.get(area) ?? emptyPair(period);
}
