import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { allIndicators } from '../../data/outcomes.ts';
import { badRequest } from '../errors.ts';
import { league } from '../indicators/league.ts';
import { month, name, query, resolveComparison } from '../params.ts';
import { periodQuery } from '../periods.ts';

const schema = z.object({ indicator: name('indicator'), to: month.optional(), ...periodQuery });

/** `GET /api/league`: every London borough's figures for one indicator of the profile, best rate first. */
export const leagueRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const all = allIndicators().filter((i) => i.kind !== 'manual');
    const indicator = all.find((i) => i.id === q.indicator.trim().toLowerCase());
    if (!indicator)
      throw badRequest(`unknown indicator: ${JSON.stringify(q.indicator)} (allowed: ${all.map((i) => i.id).join(', ')})`, {
        parameter: 'indicator',
        allowed: all.map((i) => i.id),
      });
    return c.json(await league(db, { indicator, period: await resolveComparison(db, q) }));
  });
