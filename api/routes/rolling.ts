import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { checkMonths, month, name, query, resolveArea, resolveCategory, resolveSource } from '../params.ts';
import { rollingComparison } from '../rolling.ts';

const schema = z.object({
  source: z.string().optional(),
  area: name('area'),
  category: name('category'),
  to: month.optional(),
  baseline: z.string().max(20, 'baseline is too long').optional(),
});

/** `GET /api/rolling`: the 12 months ending `to` against the 12 before, with significance and an optional baseline. */
export const rollingRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const source = await resolveSource(db, q.source);
    const area = await resolveArea(db, q.area);
    const category = await resolveCategory(db, q.category);
    const to = q.to ?? source.last;
    checkMonths(source, to);
    return c.json(await rollingComparison(db, { source: source.id, area, category, to, baseline: q.baseline }));
  });
