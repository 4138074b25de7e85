import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { checkMonths, month, query, resolveArea, resolveCategory, resolveSource, seriesQuery } from '../params.ts';
import { addMonths, monthList, monthsBetween } from '../../core/months.ts';
import { comparisonAcross } from '../breaks.ts';
import { incidentScope, lookups } from '../lookups.ts';
import { sql } from '../queries.ts';
import { allIndicators } from '../../data/outcomes.ts';
import { seriesRequirement } from '../indicators/requirements.ts';
import type { HotspotRow, Hotspots } from '../../core/types.ts';

const schema = z.object({
  ...seriesQuery,
  from: month.optional(),
  to: month.optional(),
});

/** A row of queries/hotspots.sql: the published row before its change on a year earlier. */
type Row = Omit<HotspotRow, 'change'>;

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
    const found = await lookups(db);
    const { sources, classificationChanges } = found;
    const source = await resolveSource(db, q.source || LOCATED.find((s) => sources.has(s)) || 'policeuk');
    if (!(LOCATED as readonly string[]).includes(source.id))
      throw new InputError(`hotspots need incident locations: source ${source.id} has none (allowed: ${LOCATED.join(', ')})`, {
        parameter: 'source',
        allowed: [...LOCATED],
      });
    const [area, category] = await Promise.all([resolveArea(db, q.area), resolveCategory(db, q.category)]);
    const to = q.to ?? source.last;
    const from = q.from ?? maxMonth(source.first, addMonths(to, -11));
    checkMonths(source, to, from);
    // the same coverage rule as every series: a month counts only where the source covers this category
    const requires = JSON.stringify(seriesRequirement(source.id, category.id, allIndicators()).requires);
    const params = {
      source: source.id,
      area: area.code,
      category: category.id,
      requires,
      from: `${from}-01`,
      to: `${to}-01`,
      // police.uk rows read only where they can count toward the area (the same rows either way; local: not read)
      ...incidentScope(found, area.code, category.id),
    };
    const prevFrom = addMonths(from, -12);
    const prevTo = addMonths(to, -12);
    const covered = (lo: string, hi: string) =>
      db
        .one<{ months: string[] }>(sql('hotspots-coverage'), { source: source.id, area: area.code, requires, from: `${lo}-01`, to: `${hi}-01` })
        .then((r) => new Set(r?.months ?? []));
    const [rows, current, previous] = await Promise.all([db.all<Row>(sql('hotspots'), params), covered(from, to), covered(prevFrom, prevTo)]);
    const window = monthList(from, to);
    const missing = window.filter((m) => !current.has(m));
    const previousComplete = previous.size === monthsBetween(prevFrom, prevTo);
    // the one rule for comparing two windows (breaks.ts): no change across a break that makes them not like for like
    const across = comparisonAcross(source.id, category.id, prevFrom, to, { area: area.code, changes: classificationChanges });
    const out = rows.map((r): HotspotRow => ({
      ...r,
      previous_count: previousComplete ? r.previous_count : null,
      change: previousComplete && across.not_compared === null ? r.count - (r.previous_count ?? 0) : null,
    }));
    const unmatched = out.filter((r) => !r.in_boundaries && r.count > 0);
    const none = missing.length === window.length;
    return c.json({
      source: source.id,
      area: { code: area.code, name: area.name },
      category: { id: category.id, label: category.label },
      from,
      to,
      // the months of the window the source covers for this category: a missing month is a gap, not a zero
      months: window.length,
      months_covered: window.length - missing.length,
      missing_months: missing,
      complete: missing.length === 0,
      reason: none
        ? `${source.id} has no data for ${category.label.toLowerCase()} in ${area.name} from ${from} to ${to} (no file of these months holds it)`
        : missing.length
          ? `${source.id} has no data for ${category.label.toLowerCase()} in ${area.name} in ${missing.join(', ')}: the total covers ${window.length - missing.length} of ${window.length} months`
          : null,
      previous: { from: prevFrom, to: prevTo, complete: previousComplete },
      breaks: across.breaks,
      // why the change on a year earlier is not given although both windows are complete (a series break), else null
      not_compared: across.not_compared,
      // no month covered: no figure (null), never a total of 0
      total: none ? null : out.reduce((s, r) => s + r.count, 0),
      // incidents the map cannot shade as a 2021 LSOA: a code not in the boundaries (e.g. a 2011 code), or no LSOA
      not_in_boundaries: {
        incidents: unmatched.reduce((s, r) => s + r.count, 0),
        lsoas: unmatched.filter((r) => r.lsoa_code !== null).length,
        no_lsoa: unmatched.filter((r) => r.lsoa_code === null).reduce((s, r) => s + r.count, 0),
        drawn_by_coordinates: unmatched.filter((r) => r.longitude !== null).reduce((s, r) => s + r.count, 0),
      },
      note: source.id === 'local' ? LOCAL_HOTSPOT_NOTE : HOTSPOT_NOTE,
      rows: none ? [] : out,
    } satisfies Hotspots);
  });

const maxMonth = (a: string, b: string) => (a > b ? a : b);

