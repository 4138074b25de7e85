import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { checkMonths, month, query, resolveSeries, seriesQuery } from '../params.ts';
import { rollingComparison } from '../rolling.ts';

const schema = z.object({
  ...seriesQuery,
  to: month.optional(),
  baseline: z.string().max(20, 'baseline is too long').optional(),
});

/** `GET /api/rolling`: the 12 months ending `to` against the 12 before, with significance and an optional baseline. */
export const rollingRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const { source, area, category } = await resolveSeries(db, q);
    const to = q.to ?? source.last;
    checkMonths(source, to);
    return c.json(await rollingComparison(db, { source: source.id, area, category, to, baseline: q.baseline }));
  });
