import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicTrend, ruleText, seriesMarks, type PublicEnv } from '../disclosure/index.ts';
import { format, respond, slug } from '../output.ts';
import { checkMonths, month, query, resolveSeries, seriesQuery } from '../params.ts';
import { trend } from '../trend.ts';
import type { Trend } from '../../core/types.ts';

export const trendSchema = z.object({
  ...seriesQuery,
  from: month.optional(),
  to: month.optional(),
  format,
});

/** `GET /api/trend`: monthly counts with the rolling 12-month sum. */
export const trendRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(trendSchema), async (c) => {
    const q = c.req.valid('query');
    const { body, file } = await trendResult(db, q, c.get('publicThreshold'));
    return respond(c, q.format, body, body.rows, file);
  });

/**
 * The body of `/api/trend` for a validated query (with a threshold `n`, after disclosure control) and the name of its
 * CSV or Arrow download (the route, the pack, `saferboard query trend`).
 */
export async function trendResult(db: Database, q: z.output<typeof trendSchema>, n: number | null) {
  const { source, area, category } = await resolveSeries(db, q);
  const to = q.to ?? source.last;
  const from = q.from ?? source.first;
  checkMonths(source, to, from);
  const args = { source: source.id, area: area.code, category: category.id };
  // public=1: the month-level rule over every month loaded (with the category's additive group), so any from..to
  // shows the same figures, and a rolling sum that holds a hidden month is withheld
  const rows = n
    ? publicTrend(await trend(db, { ...args, from: source.first, to: source.last }), n, (await seriesMarks(db, source.id, area.code, [category.id], n)).get(category.id)).filter(
        (r) => r.month >= from && r.month <= to,
      )
    : await trend(db, { ...args, from, to });
  const body = {
    source: source.id,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    rows,
    ...(n ? { disclosure: { threshold: n, rule: ruleText(n) } } : {}),
  } satisfies Trend;
  return { body, file: `trend-${source.id}-${slug(area.name)}-${category.id}-${from}-${to}` };
}
