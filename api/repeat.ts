import type { Database } from '../data/db.ts';
import { allIndicators, plainCategory, type CountIndicator } from '../data/outcomes.ts';
import { InputError } from './errors.ts';
import { addMonths } from '../core/months.ts';
import { INCIDENT_SOURCES } from '../core/sources.ts';
import { incidentScope, lookups } from './lookups.ts';
import { sql } from './queries.ts';
import { seriesWindows, windowsOf } from './indicators/series.ts';
import { resolvePeriod } from './periods.ts';
import type { RepeatCell } from './indicators/engine.ts';

export type Unit = 'victim' | 'location';

export const HOTSPOT_NOTE =
  'police.uk repeat locations are a hotspot proxy, not victims: each crime is snapped to an anonymised point ' +
  '("On or near …"), so one location (LSOA code, Location) may cover many addresses; police.uk gives months, not dates.';

/**
 * The count indicator an `indicator=` names (a repeat indicator of data/outcomes.json names the one it counts),
 * with its default unit; a 400 listing the allowed ids otherwise.
 * @example resolveRepeatIndicator('domestic-abuse-repeat') // { indicator: <domestic-abuse>, unit: 'victim' }
 */
export function resolveRepeatIndicator(raw: string): { indicator: CountIndicator; unit: Unit; min?: number } {
  const all = allIndicators();
  const id = raw.trim().toLowerCase();
  const found = all.find((i) => i.id === id);
  if (found?.kind === 'count') return { indicator: found, unit: 'victim', min: found.min_incidents };
  if (found?.kind === 'repeat') {
    const base = all.find((i) => i.id === found.of) as CountIndicator;
    return { indicator: base, unit: found.unit, min: found.min_incidents ?? base.min_incidents };
  }
  const allowed = all.filter((i) => i.kind === 'count' || i.kind === 'repeat').map((i) => i.id);
  throw new InputError(`unknown indicator: ${JSON.stringify(raw)} (allowed: ${allowed.join(', ')})`, { parameter: 'indicator', allowed });
}

/**
 * A local extract's repeat victims (or locations) for one count indicator, area and window: the indicator engine's
 * own statement (queries/engine-repeats.sql, current window only), so the route and the engine's repeat indicators
 * cannot disagree on who is a repeat victim. A window with no incidents has no row: counts of 0.
 */
async function localRepeats(db: Database, of: string, unit: Unit, min: number, area: string, from: string, to: string): Promise<RepeatCell> {
  const specs = JSON.stringify([{ key: of, of, unit, min_incidents: min }]);
  const rows = await db.all<RepeatCell & { w: string }>(sql('engine-repeats'), { specs, area, cf: from, ct: to, pf: null, pt: null });
  const r = rows.find((x) => x.w === 'current');
  return r
    ? { incidents: r.incidents, repeat_incidents: r.repeat_incidents, people: r.people, repeat_people: r.repeat_people }
    : { incidents: 0, repeat_incidents: 0, people: 0, repeat_people: 0 };
}

/** police.uk repeat locations (a hotspot proxy; the engine has no police.uk repeat indicator): queries/repeat-policeuk.sql. */
async function policeukRepeats(db: Database, category: string, min: number, area: string, from: string, to: string): Promise<RepeatCell> {
  const r = (await db.one<{ victims: number; repeat_victims: number; incidents: number; repeat_incidents: number }>(sql('repeat-policeuk'), {
    category,
    area,
    from,
    to,
    min_incidents: min,
    ...incidentScope(await lookups(db), area, category),
  }))!;
  return { incidents: r.incidents, repeat_incidents: r.repeat_incidents, people: r.victims, repeat_people: r.repeat_victims };
}

export interface RepeatInput {
  source: string;
  area: { code: string; name: string };
  indicator: CountIndicator;
  to: string;
  unit: Unit;
  minIncidents?: number;
}

/**
 * Repeat victimisation (or repeat locations) over the 12 months ending `to`: the `/api/repeat` body.
 * @example await repeatFigures(db, { source: 'local', area, indicator, to: '2018-12', unit: 'victim' })
 */
export async function repeatFigures(db: Database, input: RepeatInput) {
  const { source, area, indicator, to, unit } = input;
  const from = addMonths(to, -11);
  const min = input.minIncidents ?? indicator.min_incidents ?? 2;
  let category = indicator.id;
  if (source === 'mps')
    throw new InputError('source mps has monthly counts only: repeat figures need incident-level data (source=local or policeuk)', {
      parameter: 'source',
      allowed: INCIDENT_SOURCES,
    });
  if (source === 'policeuk') {
    if (unit !== 'location')
      throw new InputError('police.uk data has no victims: use unit=location (repeat locations, a hotspot proxy)', {
        parameter: 'unit',
        allowed: ['location'],
      });
    const plain = plainCategory(indicator);
    if (!plain)
      throw new InputError(`indicator ${indicator.id} needs flags only local extracts hold: use source=local`, { parameter: 'indicator' });
    category = plain;
  }
  // the figures and the engine's coverage rule (every month covered for this area and category; local: with its flags'
  // columns), read at the same time: two statements on two connections, so the coverage costs no wait of its own
  const period = resolvePeriod(to);
  const [row, windows] = await Promise.all([
    source === 'local' ? localRepeats(db, indicator.id, unit, min, area.code, from, to) : policeukRepeats(db, category, min, area.code, from, to),
    seriesWindows(db, { source, category, period, area: area.code }),
  ]);
  const { current: window } = windowsOf(windows, area.code, period);
  // no month of the window covered: no figures (null, with the reason), never counts of 0
  const none = window.months_covered === 0;
  const n = (x: number) => (none ? null : x);
  const rate = (k: number, d: number) => (none || d === 0 ? null : (100 * k) / d);
  const people =
    unit === 'victim'
      ? { victims: n(row.people), repeat_victims: n(row.repeat_people), repeat_victim_rate: rate(row.repeat_people, row.people) }
      : { locations: n(row.people), repeat_locations: n(row.repeat_people), repeat_location_rate: rate(row.repeat_people, row.people) };
  return {
    source,
    area: { code: area.code, name: area.name },
    indicator: { id: indicator.id, label: indicator.label },
    from,
    to,
    unit,
    min_incidents: min,
    ...people,
    incidents: n(row.incidents),
    repeat_incidents: n(row.repeat_incidents),
    repeat_incident_rate: rate(row.repeat_incidents, row.incidents),
    complete: window.missing_months.length === 0,
    missing_months: window.missing_months,
    reason: none ? `${source} has no data for ${indicator.label.toLowerCase()} in ${area.name} from ${from} to ${to}` : null,
    note: source === 'policeuk' ? HOTSPOT_NOTE : null,
  };
}
