import { Hono } from 'hono';
import type { Database } from '../../data/db.ts';
import { homeArea, profile, renderTitle } from '../../data/profile.ts';
import type { AreaComparisons, Meta } from '../../core/types.ts';
import { lookups, type Place } from '../lookups.ts';
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
  const [areas, categories, sources, { aliases, capabilities, places }] = await Promise.all([
    db.all<Meta['areas'][number]>(sql('meta-areas')),
    db.all<Meta['categories'][number]>(sql('meta-categories')),
    db.all<Meta['sources'][number]>(sql('meta-sources')),
    lookups(db),
  ]);
  const p = profile();
  const home = homeArea(p);
  return {
    areas: areas.map((a) => {
      const compare = comparisons(places, a.code);
      return compare ? { ...a, compare } : a;
    }),
    aliases: Object.fromEntries([...aliases].sort(([a], [b]) => a.localeCompare(b))),
    categories,
    sources,
    // the canonical categories each source can express (a request for any other is a 400)
    expresses: Object.fromEntries([...capabilities].map(([source, ids]) => [source, [...ids].sort()])),
    profile: { name: p.name, title: home ? renderTitle(p.title, home.name) : p.title, home_area: home },
  };
}

/**
 * The comparison groups of an area outside London (as `/api/ranks` resolves them: no `group=` is its force area's CSPs,
 * `region:<name>` its region's, `peers` a CSP's peer group); undefined for London's areas and the areas that keep
 * London as their comparator (api/routes/ranks.ts, resolveGroup).
 */
export function comparisons(places: Map<string, Place>, code: string): AreaComparisons | undefined {
  const p = places.get(code);
  if (!p || p.borough || p.region === 'London' || !p.pfa_code) return undefined;
  const pfa = places.get(p.pfa_code);
  if (!pfa) return undefined;
  return { force: { code: pfa.code, name: pfa.name }, region: p.region, csp: p.csp };
}
