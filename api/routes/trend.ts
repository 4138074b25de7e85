import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { format, respond, slug } from '../output.ts';
import { checkMonths, month, name, query, resolveArea, resolveCategory, resolveSource } from '../params.ts';
import { trend } from '../trend.ts';

const schema = z.object({
  source: z.string().optional(),
  area: name('area'),
  category: name('category'),
  from: month.optional(),
  to: month.optional(),
  format,
});

/** `GET /api/trend`: monthly counts with the rolling 12-month sum. */
export const trendRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const source = await resolveSource(db, q.source);
    const area = await resolveArea(db, q.area);
    const category = await resolveCategory(db, q.category);
    const to = q.to ?? source.last;
    const from = q.from ?? source.first;
    checkMonths(source, to, from);
    const rows = await trend(db, { source: source.id, area: area.code, category: category.id, from, to });
    const body = {
      source: source.id,
      area: { code: area.code, name: area.name },
      category: { id: category.id, label: category.label },
      rows,
    };
    return respond(c, q.format, body, rows, `trend-${source.id}-${slug(area.name)}-${category.id}-${from}-${to}`);
  });
