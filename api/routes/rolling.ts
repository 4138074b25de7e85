import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicRolling, seriesMarks, type PublicEnv } from '../disclosure/index.ts';
import { month, query, resolveComparison, resolveSeries, seriesQuery } from '../params.ts';
import { periodQuery } from '../periods.ts';
import { rollingComparison } from '../rolling.ts';

const schema = z.object({
  ...seriesQuery,
  to: month.optional(),
  ...periodQuery,
  baseline: z.string().max(20, 'baseline is too long').optional(),
});

/** `GET /api/rolling`: a period (default the 12 months ending `to`) against its comparison window, with significance. */
export const rollingRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const { source, area, category } = await resolveSeries(db, q);
    const period = await resolveComparison(db, q, source);
    const body = await rollingComparison(db, { source: source.id, area, category, period, baseline: q.baseline });
    const n = c.get('publicThreshold');
    // public=1: each window by the month-level rule (as /api/trend shows its months), and what it gives back withheld
    return c.json(n ? publicRolling(body, n, (await seriesMarks(db, source.id, area.code, [category.id], n)).get(category.id)!) : body);
  });
