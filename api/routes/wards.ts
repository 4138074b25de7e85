import { Hono } from 'hono';
import type { Database } from '../../data/db.ts';
import { query } from '../params.ts';
import { wardSources, wardsBody, wardsSchema } from '../wards.ts';

/**
 * `GET /api/wards?area=&category=&to=&period=&vs=[&source=][&measure=count|rate]`: every ward of a borough with its
 * count, rate per 1,000 (Census 2021), change, rate against the borough and SPC signal, and the borough's unplaced
 * remainder (api/wards.ts).
 * @example await app.request('/api/wards?area=Barnet&category=burglary&to=2026-02')
 */
export const wardsRoute = (db: Database) =>
  new Hono()
    .get('/', query(wardsSchema), async (c) => c.json(await wardsBody(db, c.req.valid('query'))))
    // the ward-level sources loaded, their months and categories (an empty list when none is)
    .get('/sources', async (c) => c.json({ sources: await wardSources(db) }));
