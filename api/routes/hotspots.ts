import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { badRequest } from '../errors.ts';
import { addMonths, checkMonths, month, query, resolveArea, resolveCategory, resolveSource, seriesQuery } from '../params.ts';
import { lookups } from '../lookups.ts';
import { sql } from '../queries.ts';

const schema = z.object({
  ...seriesQuery,
  from: month.optional(),
  to: month.optional(),
});

interface Row {
  lsoa_code: string | null;
  lsoa_name: string | null;
  count: number;
  previous_count: number | null;
  repeat_locations: number;
  in_boundaries: boolean;
  longitude: number | null;
  latitude: number | null;
}

export const HOTSPOT_NOTE =
  'police.uk locations are anonymised snap points ("On or near ..."): repeat locations are a hotspot proxy, not repeat victims.';
export const LOCAL_HOTSPOT_NOTE =
  "Places are the extract's location ids, pseudonymised at load: a repeat location is one id with two or more incidents.";
/** The sources with incident locations, in the order tried when none is asked for. */
const LOCATED = ['policeuk', 'local'] as const;

/**
 * `GET /api/hotspots?source=&area=&category=&from=&to=`: the area's LSOAs with their incident count, the count a
 * year earlier, repeat locations, and the incidents whose LSOA code is not in the 2021 boundaries.
 * @example await app.request('/api/hotspots?area=Barnet&category=burglary&to=2018-03')
 */
export const hotspots = (db: Database) =>
  new Hono().get('/', query(schema), async (c) => {
    const q = c.req.valid('query');
    // by default police.uk if loaded, else a local extract: the sources with incident locations
    const { sources } = await lookups(db);
    const source = await resolveSource(db, q.source || LOCATED.find((s) => sources.has(s)) || 'policeuk');
    if (!(LOCATED as readonly string[]).includes(source.id))
      throw badRequest(`hotspots need incident locations: source ${source.id} has none (allowed: ${LOCATED.join(', ')})`, {
        parameter: 'source',
        allowed: [...LOCATED],
      });
    const [area, category] = await Promise.all([resolveArea(db, q.area), resolveCategory(db, q.category)]);
    const to = q.to ?? source.last;
    const from = q.from ?? maxMonth(source.first, addMonths(to, -11));
    checkMonths(source, to, from);
    const params = { source: source.id, area: area.code, category: category.id, from: `${from}-01`, to: `${to}-01` };
    const prevFrom = addMonths(from, -12);
    const prevTo = addMonths(to, -12);
    const [rows, coverage] = await Promise.all([
      db.all<Row>(sql('hotspots'), params),
      db.one<{ months: number }>(sql('hotspots-coverage'), {
        source: source.id,
        area: area.code,
        from: `${prevFrom}-01`,
        to: `${prevTo}-01`,
      }),
    ]);
    const previousComplete = (coverage?.months ?? 0) === monthsBetween(prevFrom, prevTo);
    const out = rows.map((r) => ({
      ...r,
      previous_count: previousComplete ? r.previous_count : null,
      change: previousComplete ? r.count - (r.previous_count ?? 0) : null,
    }));
    const unmatched = out.filter((r) => !r.in_boundaries && r.count > 0);
    return c.json({
      source: source.id,
      area: { code: area.code, name: area.name },
      category: { id: category.id, label: category.label },
      from,
      to,
      previous: { from: prevFrom, to: prevTo, complete: previousComplete },
      total: out.reduce((s, r) => s + r.count, 0),
      // incidents the map cannot shade as a 2021 LSOA: a code not in the boundaries (e.g. a 2011 code), or no LSOA
      not_in_boundaries: {
        incidents: unmatched.reduce((s, r) => s + r.count, 0),
        lsoas: unmatched.filter((r) => r.lsoa_code !== null).length,
        no_lsoa: unmatched.filter((r) => r.lsoa_code === null).reduce((s, r) => s + r.count, 0),
        drawn_by_coordinates: unmatched.filter((r) => r.longitude !== null).reduce((s, r) => s + r.count, 0),
      },
      note: source.id === 'local' ? LOCAL_HOTSPOT_NOTE : HOTSPOT_NOTE,
      rows: out,
    });
  });

const maxMonth = (a: string, b: string) => (a > b ? a : b);

function monthsBetween(from: string, to: string) {
  const n = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
  return n(to) - n(from) + 1;
}
