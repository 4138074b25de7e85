/**
 * Issue 21: a repeat or hotspots question leaves out the branches of the police.uk placement rule that can give its
 * area no rows (api/lookups.ts, placementOf; data/schema.sql, policeuk_placed's other, within and force_area). The rows
 * must be those of the whole rule (policeuk_counted, every branch) for every area there is: London boroughs, the City,
 * national LADs, CSPs and force areas, No location and Outside London. And the figures of the routes that pass the
 * flags must be those of the raw files (test/policeuk-force-range.test.ts checks LADs; here a CSP and a force area).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lookups, placementOf } from '../api/lookups.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, fixture, query, requestJson, tempDb } from './helpers.ts';

const FORCES = ['surrey', 'thames-valley', 'dyfed-powys'];

describe('placement branches left out for an area: the same rows as the whole rule', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([POLICEUK_SAMPLE, ...FORCES.map((f) => fixture(`national/2024-01-${f}-street.csv`))], { db });
  }, 120_000);

  it('gives every area the rows policeuk_counted gives it, and leaves branches out for most', async () => {
    const d = await Database.open(db, { readOnly: true });
    try {
      const l = await lookups(d);
      const codes = (await d.all<{ code: string }>(
        `SELECT code FROM areas UNION SELECT DISTINCT area_code FROM monthly_counts WHERE source = 'policeuk' ORDER BY 1`,
      )).map((r) => r.code);
      expect(codes.length).toBeGreaterThan(300);
      // each area's rows as a multiset of whole rows (every column), through the view and through the macro with flags
      const rows = (from: string, where = 'true') =>
        `SELECT area_code, count(*)::INTEGER AS n, sum(hash(crime_id, month, reported_by, longitude, latitude, location, lsoa_code,
                label_key, outcome, file))::VARCHAR AS h
         FROM ${from} WHERE ${where} GROUP BY area_code`;
      const whole = new Map((await d.all<{ area_code: string; n: number; h: string }>(rows('policeuk_counted'))).map((r) => [r.area_code, r]));
      const left = { other: 0, within: 0, force_area: 0 };
      let withRows = 0;
      for (const code of codes) {
        const flags = placementOf(l, code);
        for (const k of Object.keys(left) as (keyof typeof left)[]) if (!flags[k]) left[k]++;
        const got = (await d.all<{ area_code: string; n: number; h: string }>(
          rows(`policeuk_placed('policeuk_incidents', other := $other, within := $within, force_area := $force_area)`, 'area_code = $code'),
          { ...flags, code },
        ))[0];
        expect(got, code).toEqual(whole.get(code));
        if (got) withRows++;
      }
      // not trivially: many areas have rows, reached through each branch, and most areas leave branches out
      expect(withRows).toBeGreaterThan(60);
      const reached = (await d.all<{ code: string }>(
        `SELECT DISTINCT area_code AS code FROM policeuk_counted WHERE area_code IN (SELECT code FROM areas WHERE level IN ('csp', 'pfa'))`,
      )).length;
      expect(reached).toBeGreaterThan(5);
      expect(left.other).toBeGreaterThan(codes.length / 2);
      expect(left.within).toBeGreaterThan(codes.length / 2);
      expect(left.force_area).toBeGreaterThan(codes.length / 2);
      const borough = placementOf(l, 'E09000003'); // Barnet: a London borough is only itself
      expect(borough).toEqual({ other: false, within: false, force_area: false });
    } finally {
      d.close();
    }
  }, 120_000);

  it('answers a force area and a CSP as the whole rule does (repeat locations, hotspots)', async () => {
    const d = await Database.open(db, { readOnly: true });
    let areas: { code: string; level: string }[];
    try {
      areas = await d.all<{ code: string; level: string }>(
        `SELECT code, level FROM areas WHERE code IN (SELECT area_code FROM category_coverage WHERE source = 'policeuk' AND category_id = 'asb' AND month = DATE '2024-01-01')
         QUALIFY level IN ('pfa', 'csp') AND row_number() OVER (PARTITION BY level ORDER BY code) <= 2 ORDER BY level, code`,
      );
    } finally {
      d.close();
    }
    expect(areas.map((a) => a.level)).toContain('pfa');
    expect(areas.map((a) => a.level)).toContain('csp');
    for (const { code } of areas) {
      // expected: the whole rule's rows of the area (policeuk_counted), ASB, January 2024, counted in plain TypeScript
      const raw = await query(db, `SELECT lsoa_code, location FROM policeuk_counted
        WHERE area_code = '${code}' AND crime_type = 'Anti-social behaviour' AND month = DATE '2024-01-01'`);
      const places = new Map<string, number>();
      for (const r of raw) {
        const location = String(r.location ?? '').trim();
        if (!r.lsoa_code || !location) continue;
        places.set(`${r.lsoa_code}|${location}`, (places.get(`${r.lsoa_code}|${location}`) ?? 0) + 1);
      }
      const repeat = await requestJson<{ incidents: number; locations: number; repeat_locations: number }>(
        db,
        `/api/repeat?source=policeuk&area=${code}&indicator=asb&to=2024-01&unit=location`,
      );
      expect(repeat.status, code).toBe(200);
      expect({ incidents: repeat.body.incidents, locations: repeat.body.locations, repeat_locations: repeat.body.repeat_locations }, code).toEqual({
        incidents: raw.length,
        locations: places.size,
        repeat_locations: [...places.values()].filter((n) => n >= 2).length,
      });
      const hot = await requestJson<{ rows: { count: number }[] }>(db, `/api/hotspots?source=policeuk&area=${code}&category=asb&to=2024-01`);
      expect(hot.status, code).toBe(200);
      expect(hot.body.rows.reduce((n, r) => n + r.count, 0), code).toBe(raw.length);
    }
  }, 120_000);
});
