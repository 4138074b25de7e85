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
  new Hono<PublicEnv>().get('/', query(explainSchema), async (c) => {
    const url = new URL(c.req.url);
    url.searchParams.delete('format');
    return c.json(await explanation(db, c.req.valid('query'), `/api/rows${url.search}`, c.get('publicThreshold')));
  });

export const explainSchema = z.object(figureQuery);

/**
 * The body of `/api/explain` for a validated query: `rows` is the link to the figure's rows, `n` the disclosure
 * threshold or null (the route, the pack's notes).
 */
export async function explanation(db: Database, q: z.output<typeof explainSchema>, rows: string, n: number | null) {
  return explainBody(db, await resolveFigure(db, q), q, rows, n);
}
