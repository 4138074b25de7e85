import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import type { PublicEnv } from '../disclosure/index.ts';
import { explainBody } from '../explain-body.ts';
import { figureQuery, resolveFigure } from '../explain.ts';
import { query } from '../params.ts';

/**
 * `GET /api/explain?route=rolling|ranks|trend|outcomes|league&figure=…&<the route's parameters>`: how one figure is
 * made: the SQL files and their text, the bound parameters, the source and the rule that chose it, the months
 * covered and missing, the files (and loads) they came from, the population year, and a link to its rows.
 */
export const explainRoute = (db: Database) =>
  new Hono<PublicEnv>().get('/', query(z.object(figureQuery)), async (c) => {
    const q = c.req.valid('query');
    const f = await resolveFigure(db, q);
    const url = new URL(c.req.url);
    url.searchParams.delete('format');
    const rows = `/api/rows${url.search}`;
    return c.json(await explainBody(db, f, q, rows, c.get('publicThreshold')));
  });
