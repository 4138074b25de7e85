import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicQuery, publicRanks, publicThreshold } from '../disclosure.ts';
import { badRequest } from '../errors.ts';
import { format, respond } from '../output.ts';
import { checkMonths, month, name, query, resolveCategory, resolveSource } from '../params.ts';
import { ranks } from '../ranks.ts';

const MEASURES = ['rate', 'count'] as const;
const schema = z.object({
  source: z.string().optional(),
  category: name('category'),
  to: month.optional(),
  measure: z
    .enum(MEASURES, { error: (i) => `unknown measure: ${JSON.stringify(i.input)} (allowed: ${MEASURES.join(', ')})` })
    .default('rate'),
  group: z.string().max(100).optional(),
  format,
  ...publicQuery,
});

/** `GET /api/ranks`: the 32 London boroughs (or a peer group) ranked over 12 months; 1 = lowest = best. */
export const ranksRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const source = await resolveSource(db, q.source);
    const category = await resolveCategory(db, q.category);
    const to = q.to ?? source.last;
    checkMonths(source, to);
    if (q.group !== undefined) {
      const groups = (await db.all<{ g: string }>(`SELECT DISTINCT "group" AS g FROM peer_groups ORDER BY 1`)).map((r) => r.g);
      if (!groups.includes(q.group))
        throw badRequest(`unknown group: ${JSON.stringify(q.group)} (allowed: ${groups.join(', ')})`, { parameter: 'group', allowed: groups });
    }
    const raw = await ranks(db, { source: source.id, category, to, measure: q.measure, group: q.group });
    const n = publicThreshold(q);
    const body = n ? publicRanks(raw, n) : raw;
    const flat = body.rows.map(({ area, rate_ci95, ...r }) => ({
      area_code: area.code,
      area_name: area.name,
      ...r,
      rate_ci95_lo: rate_ci95?.[0] ?? null,
      rate_ci95_hi: rate_ci95?.[1] ?? null,
    }));
    return respond(c, q.format, body, flat, `ranks-${source.id}-${category.id}-${to}${q.group ? `-${q.group}` : ''}`);
  });
