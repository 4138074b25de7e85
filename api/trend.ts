import type { Database } from '../data/db.ts';
import { allIndicators } from '../data/outcomes.ts';
import { seriesRequirement } from './indicators/requirements.ts';
import { sql } from './queries.ts';

/**
 * Monthly counts with the rolling 12-month sum: the `/api/trend` rows.
 * @example await trend(db, { source: 'mps', area: 'E09000003', category: 'burglary', from: '2017-01', to: '2018-12' })
 */
export const trend = (db: Database, p: TrendInput) =>
  db.all<{ month: string; count: number | null; rolling_12m: number | null }>(sql('trend'), trendParams(p));

type TrendInput = { source: string; area: string; category: string; from: string; to: string };

/** The parameters {@link trend} binds to queries/trend.sql (also shown by `/api/explain`). */
export const trendParams = (p: TrendInput) => ({
  ...p,
  requires: JSON.stringify(seriesRequirement(p.source, p.category, allIndicators()).requires),
});
