import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { publicRolling, seriesMarks, type PublicEnv } from '../disclosure/index.ts';
import { month, query, resolveComparison, resolveSeries, seriesQuery } from '../params.ts';
import { periodQuery } from '../periods.ts';
import { rollingComparison } from '../rolling.ts';
import type { PublishedRolling, Rolling } from '../../core/types.ts';

export const rollingSchema = z.object({
  ...seriesQuery,
  to: month.optional(),
  ...periodQuery,
  baseline: z.string().max(20, 'baseline is too long').optional(),
});

/** `GET /api/rolling`: a period (default the 12 months ending `to`) against its comparison window, with significance. */
export const rollingRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(rollingSchema), async (c) => c.json(await rollingBody(db, c.req.valid('query'), c.get('publicThreshold'))));

/** The body of `/api/rolling` for a validated query; with a threshold `n`, after disclosure control (the route, `saferboard query rolling`). */
export async function rollingBody(db: Database, q: z.output<typeof rollingSchema>, n?: null): Promise<Rolling>;
export async function rollingBody(db: Database, q: z.output<typeof rollingSchema>, n: number | null): Promise<PublishedRolling>;
export async function rollingBody(db: Database, q: z.output<typeof rollingSchema>, n: number | null = null): Promise<PublishedRolling> {
  const { source, area, category } = await resolveSeries(db, q);
  const period = await resolveComparison(db, q, source);
  const body = await rollingComparison(db, { source: source.id, area, category, period, baseline: q.baseline });
  // public=1: each window by the month-level rule (as /api/trend shows its months), and what it gives back withheld
  return n ? publicRolling(body, n, (await seriesMarks(db, source.id, area.code, [category.id], n)).get(category.id)!) : body;
}
