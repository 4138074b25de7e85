import { Hono } from 'hono';
import type { Database } from '../../data/db.ts';
import { sql } from '../queries.ts';

/** `GET /api/meta`: the areas, canonical categories and loaded sources (with first/last month and rows). */
export const meta = (db: Database) =>
  new Hono().get('/', async (c) => {
    const [areas, categories, sources] = await Promise.all([
      db.all(sql('meta-areas')),
      db.all(sql('meta-categories')),
      db.all(sql('meta-sources')),
    ]);
    return c.json({ areas, categories, sources });
  });
