import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { outcomes } from '../../data/outcomes.ts';
import { previousCounts, publicOutcomes, publicQuery, publicThreshold } from '../disclosure.ts';
import { badRequest } from '../errors.ts';
import { lookups } from '../lookups.ts';
import { checkMonths, month, name, query, resolveArea, resolveSource } from '../params.ts';
import { scorecard } from '../outcomes.ts';

const schema = z.object({ area: name('area'), to: month.optional(), source: z.string().optional(), ...publicQuery });

/** `GET /api/outcomes`: the profile's priority outcomes (titles with {area} rendered) with every indicator's trend, rank and red/amber/green status. */
export const outcomesRoute = (db: Database) => {
  outcomes(); // fail at start-up, with the file and the bad key named, when the partnership profile is invalid
  return new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    const area = await resolveArea(db, q.area);
    const source = q.source ? await resolveSource(db, q.source) : undefined;
    let to = q.to;
    if (source) {
      to ??= source.last;
      checkMonths(source, to);
    } else {
      // default: the latest month any source has; `to` may not be after it
      const last = [...(await lookups(db)).sources.values()].map((s) => s.last).sort().at(-1);
      if (!last) throw badRequest('no data loaded: run "saferboard load" first', { parameter: 'to' });
      to ??= last;
      if (to > last) throw badRequest(`to=${to} is after the last month loaded (${last})`, { parameter: 'to', last });
    }
    const body = await scorecard(db, { area, to, source: source?.id });
    const n = publicThreshold(q);
    return c.json(n ? publicOutcomes(body, n, await previousCounts(db, body)) : body);
  });
};
