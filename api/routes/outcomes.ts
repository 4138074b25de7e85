import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { outcomes } from '../../data/outcomes.ts';
import { indicatorMonths, previousCounts, publicOutcomes, type PublicEnv } from '../disclosure/index.ts';
import { scorecard } from '../indicators/scorecard.ts';
import type { PublishedScorecard, Scorecard } from '../../core/types.ts';
import { month, name, query, resolveArea, resolveComparison, resolveSource } from '../params.ts';
import { periodQuery } from '../periods.ts';

export const outcomesSchema = z.object({ area: name('area'), to: month.optional(), source: z.string().optional(), ...periodQuery });

/** `GET /api/outcomes`: the profile's priority outcomes (titles with {area} rendered) with every indicator's trend, rank and red/amber/green status. */
export const outcomesRoute = (db: Database) => {
  outcomes(); // fail at start-up, with the file and the bad key named, when the partnership profile is invalid
  return new Hono<PublicEnv>().get('/', query(outcomesSchema), async (c) => c.json(await outcomesBody(db, c.req.valid('query'), c.get('publicThreshold'))));
};

/**
 * The body of `/api/outcomes` for a validated query; with a threshold `n`, after disclosure control (the route, the
 * pack, `/api/explain`); without one, the engine's scorecard as it is.
 */
export async function outcomesBody(db: Database, q: z.output<typeof outcomesSchema>, n: null): Promise<Scorecard>;
export async function outcomesBody(db: Database, q: z.output<typeof outcomesSchema>, n: number | null): Promise<Scorecard | PublishedScorecard>;
export async function outcomesBody(db: Database, q: z.output<typeof outcomesSchema>, n: number | null): Promise<Scorecard | PublishedScorecard> {
  const area = await resolveArea(db, q.area);
  const source = q.source ? await resolveSource(db, q.source) : undefined;
  const period = await resolveComparison(db, q, source);
  const body = await scorecard(db, { area, period, source: source?.id });
  // public=1: every count by the month-level rule, as /api/trend and /api/rolling show its months
  return n ? publicOutcomes(body, n, previousCounts(body), await indicatorMonths(db, body, n)) : body;
}
