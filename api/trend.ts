import type { Database } from '../data/db.ts';
import { allIndicators } from '../data/outcomes.ts';
import { addMonths } from '../core/months.ts';
import { ROLLING_MONTHS, rollingSeries, type RollingRow } from '../core/stats/rolling.ts';
import { keyOf } from './indicators/engine.ts';
import { seriesRequirement } from './indicators/requirements.ts';
import { sql } from './queries.ts';
import type { MadeBy } from '../core/types.ts';

/**
 * Monthly counts with the rolling 12-month sum: the `/api/trend` rows. One statement, the indicator engine's monthly
 * series (queries/engine-series.sql, for this one series from `from` − 11 months), decides each month's count and
 * coverage; the rolling sums are added by {@link rollingSeries}.
 * @example await trend(db, { source: 'mps', area: 'E09000003', category: 'burglary', from: '2017-01', to: '2018-12' })
 */
export async function trend(db: Database, p: TrendInput): Promise<RollingRow[]> {
  return (await trendRun(db, p)).rows;
}

/**
 * {@link trend} with what its statement gave: the months it found covered (from `from` − 11 months, for the first
 * rolling sums), and the statement with the parameters it bound (a result's `made_by`).
 */
export async function trendRun(db: Database, p: TrendInput): Promise<{ rows: RollingRow[]; covered: string[]; made_by: MadeBy }> {
  const parameters = trendParams(p);
  const covered = await db.all<{ key: string; month: string; count: number }>(sql('engine-series'), parameters);
  return {
    rows: rollingSeries(covered, p.from, p.to),
    covered: covered.map((r) => r.month),
    made_by: { sql: ['macros', 'engine-series'], parameters: { 'engine-series': parameters } },
  };
}

type TrendInput = { source: string; area: string; category: string; from: string; to: string };

/**
 * The parameters {@link trend} binds to queries/engine-series.sql (its `made_by`, which `/api/explain` shows): one candidate, the
 * category as the source counts it (api/indicators/requirements.ts; keyed `<category>@<source>` as the engine keys
 * its candidates), from the first month of the first rolling sum.
 */
export const trendParams = (p: TrendInput) => {
  const r = seriesRequirement(p.source, p.category, allIndicators());
  return {
    candidates: JSON.stringify([{ key: keyOf(p.category, r.source), source: r.source, category: r.category, requires: r.requires }]),
    area: p.area,
    from: addMonths(p.from, -(ROLLING_MONTHS - 1)),
    to: p.to,
  };
};
