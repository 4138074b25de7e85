import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { month, query, resolveComparison, resolveSeries, seriesQuery } from '../params.ts';
import { periodQuery } from '../periods.ts';
import { rollingComparison } from '../rolling.ts';

export const rollingSchema = z.object({
  ...seriesQuery,
  to: month.optional(),
  ...periodQuery,
  baseline: z.string().max(20, 'baseline is too long').optional(),
});

/** `GET /api/rolling`: a period (default the 12 months ending `to`) against its comparison window, with significance. */
export const rollingRoute = (db: Database) =>
  new Hono().get('/', query(rollingSchema), async (c) => c.json(await rollingBody(db, c.req.valid('query'))));

/** The body of `/api/rolling` for a validated query (the route, `saferboard query rolling`). */
export async function rollingBody(db: Database, q: z.output<typeof rollingSchema>) {
  const { source, area, category } = await resolveSeries(db, q);
  const period = await resolveComparison(db, q, source);
  return rollingComparison(db, { source: source.id, area, category, period, baseline: q.baseline });
}
