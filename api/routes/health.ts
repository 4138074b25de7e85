import { Hono } from 'hono';
import type { Database } from '../../data/db.ts';

/** `GET /api/health`: `{"status":"ok","last_load":"…"}`. */
export const health = (db: Database) =>
  new Hono().get('/', async (c) => {
    const row = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = 'last_load'`);
    return c.json({ status: 'ok', last_load: row?.value ?? null });
  });
