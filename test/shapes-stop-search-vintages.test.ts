/**
 * Shape 3 (issue 19, item 4): stop and search files of two vocabularies, in the archive's folder layout:
 * test/fixtures/shapes/stop-search/2015-06/2015-06-metropolitan-stop-and-search.csv (every 15th search of the Met's
 * June 2015 file: no coordinates at all, outcomes "Suspect arrested", "Nothing found - no further action", …) and
 * …/2022-06/2022-06-metropolitan-stop-and-search.csv (every 20th search of June 2022: "Arrest", "A no further action
 * disposal", …), cut from ../shared/data/police-uk/ with their raw lines kept.
 *
 * Arrests are counted from the raw Outcome column: "Suspect arrested" (2015) and "Arrest" (2022) are arrests; nothing
 * else is ("Suspect summonsed to court" is a summons). The borough of a search is found here with a plain ray-casting
 * point-in-polygon over the bundled borough boundaries (the boundaries are reference data; the method is the test's own).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, fixture, readCsv } from './helpers.ts';
import { type App, expectNoNaN, openApp } from './shapes-util.ts';

const DIR = fixture('shapes/stop-search');
const file = (m: string) => join(DIR, m, `${m}-metropolitan-stop-and-search.csv`);
const ARREST = new Set(['Suspect arrested', 'Arrest']);

type Ring = [number, number][];
/** Even-odd ray casting over every ring of a polygon (holes included). */
const inRings = (x: number, y: number, rings: Ring[]) => {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
};
function boroughs(): { code: string; polygons: Ring[][] }[] {
  const topo = JSON.parse(readFileSync(join(ROOT, 'data/reference/boundaries/london-boroughs.topojson'), 'utf8'));
  const fc = feature(topo, topo.objects.layer) as any;
  return fc.features.map((f: any) => ({
    code: f.properties.lad22cd,
    polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
  }));
}

describe('stop and search of the 2015 and 2022 vocabularies', () => {
  let app: App;
  const raw: Record<string, Record<string, string>[]> = {};
  /** The borough code of each 2022 search with coordinates ('' when in none): plain point-in-polygon. */
  const place = new Map<Record<string, string>, string>();

  beforeAll(async () => {
    for (const m of ['2015-06', '2022-06']) raw[m] = readCsv(file(m));
    // the fixtures hold the two vocabularies, and nothing else
    expect(new Set(raw['2015-06']!.map((r) => r.Outcome))).toContain('Suspect arrested');
    expect(new Set(raw['2015-06']!.map((r) => r.Outcome))).not.toContain('Arrest');
    expect(new Set(raw['2022-06']!.map((r) => r.Outcome))).toContain('Arrest');
    expect(new Set(raw['2022-06']!.map((r) => r.Outcome))).not.toContain('Suspect arrested');
    const bs = boroughs();
    for (const r of raw['2022-06']!) {
      if (!r.Latitude) continue;
      const [x, y] = [Number(r.Longitude), Number(r.Latitude)];
      place.set(r, bs.find((b) => b.polygons.some((p) => inRings(x, y, p)))?.code ?? '');
    }
    app = await openApp([DIR]);
  });
  afterAll(() => app?.close());

  const arrests = (rows: Record<string, string>[]) => rows.filter((r) => ARREST.has(r.Outcome!)).length;

  it('2022 ("Arrest"): each Met borough\'s searches, arrests and arrest rate equal the raw file\'s', async () => {
    const meta = await app.ok('/api/meta');
    const mets = meta.areas.filter((a: any) => a.borough);
    expect(mets).toHaveLength(32);
    let checked = 0;
    for (const a of mets) {
      const rows = raw['2022-06']!.filter((r) => place.get(r) === a.code);
      const r = await app.get(`/api/stop-search-rates?area=${a.code}&period=month&to=2022-06`);
      expectNoNaN(r);
      expect(r.status).toBe(200);
      expect({ searches: r.body.searches, arrests: r.body.arrests, complete: r.body.complete }, a.name).toEqual({
        searches: rows.length,
        arrests: arrests(rows),
        complete: true,
      });
      // every search has an outcome recorded: the rate is arrests over searches
      expect(r.body.arrest_rate, a.name).toBeCloseTo(rows.length ? arrests(rows) / rows.length : NaN, 12);
      if (rows.length) checked++;
    }
    expect(checked).toBeGreaterThan(25); // the cut has searches in most boroughs
  });

  it('2022: the arrests of every area together are the raw file\'s "Arrest" rows', async () => {
    const meta = await app.ok('/api/meta');
    let total = 0;
    for (const a of meta.areas) {
      const r = await app.ok(`/api/stop-search-rates?area=${a.code}&period=month&to=2022-06`);
      total += r.arrests ?? 0;
    }
    expect(total).toBe(arrests(raw['2022-06']!));
    expect(total).toBeGreaterThan(50);
  });

  // the 2015 vocabulary's "Suspect arrested" is an arrest (149 in the raw cut; counted as 0 before issue 19's fix)
  it('2015 ("Suspect arrested"): the arrests of every area together are the raw file\'s arrests', async () => {
    const meta = await app.ok('/api/meta');
    let total = 0;
    for (const a of meta.areas) {
      const r = await app.ok(`/api/stop-search-rates?area=${a.code}&period=month&to=2015-06`);
      total += r.arrests ?? 0;
    }
    expect(arrests(raw['2015-06']!)).toBeGreaterThan(100);
    expect(total).toBe(arrests(raw['2015-06']!));
  });

  // known failure: issue 20 — searches without coordinates are stored under No location but its figure is answered
  // `searches: 0` (beside `outcome_recorded: 797` and `arrests: 6` in 2022): a false 0, neither the count nor "no data"
  it.fails('searches with no coordinates: No location\'s searches and arrests are the raw rows without coordinates', async () => {
    for (const m of ['2015-06', '2022-06']) {
      const rows = raw[m]!.filter((r) => !r.Latitude && !r.Longitude);
      expect(rows.length, m).toBeGreaterThan(50);
      const r = await app.ok(`/api/stop-search-rates?area=No%20location&period=month&to=${m}`);
      expect({ searches: r.searches, arrests: r.arrests }, m).toEqual({ searches: rows.length, arrests: arrests(rows) });
      const t = await app.ok(`/api/trend?source=stopsearch&area=No%20location&category=stop-search&from=${m}&to=${m}`);
      expect(t.rows[0].count, m).toBe(rows.length);
    }
  });
});
