import { Hono } from 'hono';
import type { Database } from '../../data/db.ts';
import { homeArea, profile, renderTitle } from '../../data/profile.ts';
import type { Meta } from '../../core/types.ts';
import { lookups } from '../lookups.ts';
import { sql } from '../queries.ts';

/**
 * `GET /api/meta`: the areas, canonical categories and loaded sources (with first/last month and rows); every
 * spelling of an area the API accepts (`aliases`: lower-case spelling → GSS code); the canonical categories each
 * source can express (`expresses`: source → category ids); and the partnership profile's
 * name, pack title and home area (null when the profile names none).
 */
export const meta = (db: Database) => new Hono().get('/', async (c) => c.json(await metaBody(db)));

/** The body of `/api/meta` (the route, the pack). */
export async function metaBody(db: Database): Promise<Meta> {
  const [areas, categories, sources, { aliases, capabilities }] = await Promise.all([
    db.all<Meta['areas'][number]>(sql('meta-areas')),
    db.all<Meta['categories'][number]>(sql('meta-categories')),
    db.all<Meta['sources'][number]>(sql('meta-sources')),
    lookups(db),
  ]);
  const p = profile();
  const home = homeArea(p);
  return {
    areas,
    aliases: Object.fromEntries([...aliases].sort(([a], [b]) => a.localeCompare(b))),
    categories,
    sources,
    // the canonical categories each source can express (a request for any other is a 400)
    expresses: Object.fromEntries([...capabilities].map(([source, ids]) => [source, [...ids].sort()])),
    profile: { name: p.name, title: home ? renderTitle(p.title, home.name) : p.title, home_area: home },
  };
}
