/**
 * Issue 20, "one implementation of each concept": a place and a repeat place are defined once
 * (queries/macros.sql: incident_places, place_counts, repeat_places). GET /api/repeat and GET /api/hotspots must
 * give the same repeat locations for one area, category and window, and both must equal what a plain loop over the
 * raw files finds: police.uk, a place is (LSOA code, Location); a local extract, its location id.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, SAMPLE, readCsv, tempDb } from './helpers.ts';

type Raw = Record<string, string>;
const LOCAL_SAMPLE = join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz');

/**
 * Repeat places by a plain loop: `place` gives a row's place ('' for none), `lsoa` its LSOA ('' for none); a place
 * counts once, under the LSOA of its latest incident (`date`) that has one.
 */
function repeats(rows: Raw[], place: (r: Raw) => string, lsoa: (r: Raw) => string, date: (r: Raw) => string, min = 2) {
  const per = new Map<string, Raw[]>();
  for (const r of rows) if (place(r)) per.set(place(r), [...(per.get(place(r)) ?? []), r]);
  const byLsoa = new Map<string, number>();
  let total = 0;
  for (const rs of per.values()) {
    if (rs.length < min) continue;
    total++;
    // the LSOA of the latest incident that has one, the highest code on a tie ('' only if none has one)
    const latest = [...rs].sort((a, b) => Number(!lsoa(a)) - Number(!lsoa(b)) || date(b).localeCompare(date(a)) || (lsoa(b) < lsoa(a) ? -1 : lsoa(b) > lsoa(a) ? 1 : 0))[0]!;
    byLsoa.set(lsoa(latest), (byLsoa.get(lsoa(latest)) ?? 0) + 1);
  }
  return { places: per.size, total, byLsoa };
}

/**
 * A small local extract for Camden: a place written with two LSOAs (one place, counted once, under its latest
 * LSOA), places with no LSOA, incidents with no location id, and one single incident every month (a whole year).
 */
const CAMDEN_HEADER = 'incident_id,date,category,area,lsoa,location_id,type';
const CAMDEN: [string, string, string][] = [
  // [date, lsoa, location_id]
  ['2018-02-03', 'E01000843', 'TWO-LSOAS'],
  ['2018-05-09', 'E01000846', 'TWO-LSOAS'],
  ['2018-03-01', 'E01000843', 'TWICE-843'],
  ['2018-07-14', 'E01000843', 'TWICE-843'],
  ['2018-04-02', '', 'NO-LSOA'],
  ['2018-04-20', '', 'NO-LSOA'],
  ['2018-06-06', 'Camden 014D', 'BY-NAME'],
  ['2018-06-07', 'e01000847', 'BY-NAME'],
  // the same day in two LSOAs: the higher code; the latest incident with no LSOA: the one before it
  ['2018-09-10', 'E01000843', 'SAME-DAY'],
  ['2018-09-10', 'E01000846', 'SAME-DAY'],
  ['2018-10-01', 'E01000843', 'LATEST-BLANK'],
  ['2018-11-01', '', 'LATEST-BLANK'],
  ['2018-08-01', 'E01000843', ''],
  ['2018-08-02', 'E01000843', ''],
  ['2017-12-30', 'E01000846', 'BEFORE-WINDOW'],
  ['2018-01-02', 'E01000846', 'BEFORE-WINDOW'],
  ...Array.from({ length: 12 }, (_, i): [string, string, string] => [`2018-${String(i + 1).padStart(2, '0')}-15`, 'E01000846', `ONCE-${i}`]),
];

let db: Database;
let app: ReturnType<typeof createApp>;
const get = async (url: string) => {
  const res = await app.request(url);
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  const path = tempDb();
  const camden = join(dirname(path), 'camden-extract.csv');
  writeFileSync(
    camden,
    `${CAMDEN_HEADER}\n${CAMDEN.map(([date, lsoa, loc], i) => [`CAM${i}`, date, 'Burglary - Residential', 'Camden', lsoa, loc, 'crime'].join(',')).join('\n')}\n`,
  );
  await loadFiles([POLICEUK_SAMPLE, LOCAL_SAMPLE, camden], { db: path });
  db = await Database.open(path, { readOnly: true });
  app = createApp(db);
});
afterAll(() => db?.close());

/** The LSOA codes of one area and /api/hotspots' repeat locations per LSOA ('' for the row with no LSOA). */
const hotspotRepeats = (rows: { lsoa_code: string | null; repeat_locations: number }[]) =>
  new Map(rows.filter((r) => r.repeat_locations > 0).map((r) => [r.lsoa_code ?? '', r.repeat_locations]));

describe('repeat places: one definition for /api/repeat and /api/hotspots', () => {
  it('police.uk (Camden burglary, January-March 2018, both forces): repeat (LSOA code, Location) pairs match a loop over the raw CSVs', async () => {
    const raw = readdirSync(POLICEUK_SAMPLE, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('-street.csv'))
      .flatMap((f) => readCsv(join(POLICEUK_SAMPLE, f)))
      .filter((r) => r['Crime type']!.trim() === 'Burglary' && r['LSOA name']!.trim().startsWith('Camden '));
    const code = (r: Raw) => r['LSOA code']!.trim();
    const place = (r: Raw) => (code(r) && r.Location!.trim() ? `${code(r)}|${r.Location!.trim()}` : '');
    const e = repeats(raw, place, code, (r) => r.Month!.trim());
    // the sample really has what the test is about: many repeat places, in many LSOAs, from both forces
    expect(e.total).toBeGreaterThan(50);
    expect(e.byLsoa.size).toBeGreaterThan(20);
    expect(new Set(raw.map((r) => r['Reported by']!.trim())).size).toBe(2);

    const repeat = await get('/api/repeat?source=policeuk&area=Camden&indicator=burglary&to=2018-03');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ unit: 'location', locations: e.places, repeat_locations: e.total, incidents: raw.length });
    const hot = await get('/api/hotspots?source=policeuk&area=Camden&category=burglary&from=2018-01&to=2018-03');
    expect(hot.status).toBe(200);
    expect(hot.body.complete).toBe(true);
    expect(hot.body.total).toBe(raw.length);
    const rows = hot.body.rows as { lsoa_code: string | null; repeat_locations: number }[];
    expect(rows.reduce((s, r) => s + r.repeat_locations, 0)).toBe(e.total);
    expect(hotspotRepeats(rows)).toEqual(e.byLsoa);

    // min_incidents moves the route's threshold the same way
    const e3 = repeats(raw, place, code, (r) => r.Month!.trim(), 3);
    const three = await get('/api/repeat?source=policeuk&area=Camden&indicator=burglary&to=2018-03&min_incidents=3');
    expect(e3.total).toBeGreaterThan(0);
    expect(e3.total).toBeLessThan(e.total);
    expect(three.body.repeat_locations).toBe(e3.total);
  });

  it('local sample (Barnet residential burglary, 2018): repeat location ids match a loop over the raw extract, and the engine', async () => {
    const raw = Papa.parse<Raw>(gunzipSync(readFileSync(LOCAL_SAMPLE)).toString('utf8'), { header: true, skipEmptyLines: true }).data.filter(
      (r) => ['Barnet', 'E09000003'].includes(r.area!) && r.category === 'Burglary - Residential' && r.date!.startsWith('2018-'),
    );
    const e = repeats(raw, (r) => r.location_id!.trim(), (r) => r.lsoa!.trim(), (r) => r.date!);
    expect(e.total).toBeGreaterThan(50);

    // GET /api/repeat with unit=location: the engine's own statement (queries/engine-repeats.sql)
    const repeat = await get('/api/repeat?source=local&area=Barnet&indicator=burglary-residential&unit=location&to=2018-12');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ unit: 'location', locations: e.places, repeat_locations: e.total, incidents: raw.length });
    const hot = await get('/api/hotspots?source=local&area=Barnet&category=burglary-residential&from=2018-01&to=2018-12');
    expect(hot.status).toBe(200);
    expect(hot.body.complete).toBe(true);
    expect(hot.body.total).toBe(raw.length);
    const rows = hot.body.rows as { lsoa_code: string | null; repeat_locations: number }[];
    expect(rows.reduce((s, r) => s + r.repeat_locations, 0)).toBe(e.total);
    expect(hotspotRepeats(rows)).toEqual(e.byLsoa);
  });

  it('local: a location id written with two LSOAs is one place (as the engine counts it), under its latest LSOA', async () => {
    const raw = CAMDEN.filter(([date]) => date.startsWith('2018-')).map(([date, lsoa, location_id]) => ({ date, lsoa, location_id }));
    // the LSOA as the map resolves it: a name or a lower-case code is the 2021 code
    const code = (r: Raw) => ({ 'Camden 014D': 'E01000847', e01000847: 'E01000847' })[r.lsoa!] ?? r.lsoa!;
    const e = repeats(raw, (r) => r.location_id!, code, (r) => r.date!);
    expect(e.total).toBe(6);
    expect(e.byLsoa).toEqual(new Map([['E01000846', 2], ['E01000843', 2], ['', 1], ['E01000847', 1]]));

    const repeat = await get('/api/repeat?source=local&area=Camden&indicator=burglary-residential&unit=location&to=2018-12');
    expect(repeat.body).toMatchObject({ locations: e.places, repeat_locations: e.total, incidents: raw.length });
    const hot = await get('/api/hotspots?source=local&area=Camden&category=burglary-residential&from=2018-01&to=2018-12');
    expect(hot.body.complete).toBe(true);
    const rows = hot.body.rows as { lsoa_code: string | null; repeat_locations: number }[];
    expect(rows.reduce((s, r) => s + r.repeat_locations, 0)).toBe(e.total);
    expect(hotspotRepeats(rows)).toEqual(e.byLsoa);
  });
});
