import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { outcomeRates, stopSearchRates } from '../outcome-rates.ts';
import { checkMonths, month, name, query, resolveArea, resolveCategory, resolveSource } from '../params.ts';
import { periodQuery } from '../periods.ts';

const schema = z.object({
  source: z.string().optional(),
  area: name('area'),
  category: name('category'),
  to: month.optional(),
  ...periodQuery,
});

const STOP_SEARCH = ['stop-search', 'stop-search-weapons', 'stop-search-drugs', 'stop-search-stolen-goods', 'stop-search-under-18'];

/** `GET /api/outcome-rates?source=policeuk&area=&category=&to=[&period=&vs=]`: outcome rates of police.uk crimes. */
export const outcomeRatesRoute = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    if ((q.source ?? 'policeuk').trim().toLowerCase() !== 'policeuk')
      throw new InputError(`outcome rates are for source=policeuk only (found source=${JSON.stringify(q.source)}); for stop and search see /api/stop-search-rates`, {
        parameter: 'source',
        allowed: ['policeuk'],
      });
    const source = await resolveSource(db, 'policeuk');
    const [area, category] = [await resolveArea(db, q.area), await resolveCategory(db, q.category)];
    const to = q.to ?? source.last;
    checkMonths(source, to);
    return c.json(await outcomeRates(db, { area, category, to, period: q.period, vs: q.vs }));
  });

/** `GET /api/stop-search-rates?area=&category=stop-search&to=[&period=&vs=]`: searches with arrest and find rates. */
export const stopSearchRatesRoute = (db: Database) =>
  new Hono().get('/', query(schema.omit({ source: true }).extend({ category: name('category').default('stop-search') })), async (c) => {
    const q = c.req.valid('query');
    const source = await resolveSource(db, 'stopsearch');
    const [area, category] = [await resolveArea(db, q.area), await resolveCategory(db, q.category)];
    if (!STOP_SEARCH.includes(category.id))
      throw new InputError(`category ${category.id} is not a stop-and-search category (allowed: ${STOP_SEARCH.join(', ')})`, {
        parameter: 'category',
        allowed: STOP_SEARCH,
      });
    const to = q.to ?? source.last;
    checkMonths(source, to);
    return c.json(await stopSearchRates(db, { area, category, to, period: q.period, vs: q.vs }));
  });
