/**
 * Issue 21: a police.uk repeat or hotspots question reads only the row groups of the forces with rows in its area
 * (api/lookups.ts, forceRange; queries/macros.sql, incident_places), where those forces hold under half of the rows.
 * The rows, and so every figure, must be the same as reading every force's.
 *
 * Expected figures come from the raw street files (test/fixtures/national/: Surrey, Thames Valley, Dyfed-Powys,
 * January 2024) with plain loops: a row's area is the LAD of its LSOA (ONS lookup as shipped), or the LAD its LSOA
 * name starts with for a code the lookup does not hold; a place is (LSOA code, Location).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forceRange, lookups, type Lookups } from '../api/lookups.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { ROOT, fixture, readCsv, requestJson, tempDb } from './helpers.ts';

const FORCES = ['surrey', 'thames-valley', 'dyfed-powys'];
const ROWS = FORCES.flatMap((f) => readCsv(fixture(`national/2024-01-${f}-street.csv`)));
const LOOKUP = new Map(readCsv(join(ROOT, 'data/reference/national/lookup-lsoa21-csp24.csv.gz')).map((r) => [r.lsoa21_code!, r]));
const LAD_BY_NAME = new Map([...LOOKUP.values()].map((r) => [r.lad24_name!.toLowerCase(), r.lad24_code!]));
const areaOf = (r: Record<string, string>) =>
  LOOKUP.get(r['LSOA code']!)?.lad24_code ?? LAD_BY_NAME.get((r['LSOA name'] ?? '').slice(0, -5).toLowerCase());

const CARMARTHENSHIRE = 'W06000010'; // Dyfed-Powys: 1,187 of the 23,936 rows
const GUILDFORD = 'E07000209'; // Surrey: 7,143
const READING = 'E06000038'; // Thames Valley: 15,606, more than half

const policeuk = (forces: [string, number][], byArea: [string, string[]][]) =>
  ({ policeukForces: { rows: new Map(forces), total: forces.reduce((n, [, r]) => n + r, 0), byArea: new Map(byArea) } }) as unknown as Lookups;

describe('forceRange', () => {
  it('gives the range of an area\'s forces when they hold under half of the rows, else none', () => {
    const l = policeuk(
      [['British Transport Police', 5], ['Kent Police', 30], ['Metropolitan Police Service', 60], ['Surrey Police', 20]],
      [['kent', ['Kent Police']], ['both', ['Surrey Police', 'British Transport Police']], ['met', ['Metropolitan Police Service']], ['wide', ['British Transport Police', 'Metropolitan Police Service']]],
    );
    expect(forceRange(l, 'kent')).toEqual({ from: 'Kent Police', to: 'Kent Police' }); // 30 of 115
    // the range spans Kent and the Met too: 115 of 115
    expect(forceRange(l, 'both')).toBeNull();
    expect(forceRange(l, 'met')).toBeNull(); // 60 of 115
    expect(forceRange(l, 'wide')).toBeNull();
    expect(forceRange(l, 'nowhere')).toBeNull();
    expect(forceRange(policeuk([], []), 'kent')).toBeNull();
  });
});

describe('repeat locations and hotspots read by force range: the same figures', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles(FORCES.map((f) => fixture(`national/2024-01-${f}-street.csv`)), { db });
  }, 120_000);

  it('reads Carmarthenshire and Guildford by force range, Reading from every force', async () => {
    const d = await Database.open(db, { readOnly: true });
    try {
      const l = await lookups(d);
      expect(forceRange(l, CARMARTHENSHIRE)).toEqual({ from: 'Dyfed-Powys Police', to: 'Dyfed-Powys Police' });
      expect(forceRange(l, GUILDFORD)).toEqual({ from: 'Surrey Police', to: 'Surrey Police' });
      expect(forceRange(l, READING)).toBeNull();
    } finally {
      d.close();
    }
  });

  for (const area of [CARMARTHENSHIRE, GUILDFORD, READING])
    it(`${area}: anti-social behaviour incidents, locations and repeat locations as the raw files give them`, async () => {
      const rows = ROWS.filter((r) => r['Crime type'] === 'Anti-social behaviour' && areaOf(r) === area);
      expect(rows.length).toBeGreaterThan(20);
      const places = new Map<string, number>();
      const perLsoa = new Map<string, { count: number; repeats: number }>();
      for (const r of rows) {
        const code = r['LSOA code']!;
        const lsoa = perLsoa.get(code) ?? perLsoa.set(code, { count: 0, repeats: 0 }).get(code)!;
        lsoa.count++;
        const location = (r.Location ?? '').trim();
        if (!code || !location) continue;
        const n = (places.get(`${code}|${location}`) ?? 0) + 1;
        places.set(`${code}|${location}`, n);
        if (n === 2) lsoa.repeats++;
      }
      const repeat = await requestJson<{ incidents: number; locations: number; repeat_locations: number }>(
        db,
        `/api/repeat?source=policeuk&area=${area}&indicator=asb&to=2024-01&unit=location`,
      );
      expect(repeat.status).toBe(200);
      expect({ incidents: repeat.body.incidents, locations: repeat.body.locations, repeat_locations: repeat.body.repeat_locations }).toEqual({
        incidents: rows.length,
        locations: places.size,
        repeat_locations: [...places.values()].filter((n) => n >= 2).length,
      });
      const hot = await requestJson<{ rows: { lsoa_code: string; count: number; repeat_locations: number }[] }>(
        db,
        `/api/hotspots?source=policeuk&area=${area}&category=asb&to=2024-01`,
      );
      expect(hot.status).toBe(200);
      const got = Object.fromEntries(hot.body.rows.map((r) => [r.lsoa_code, { count: r.count, repeats: r.repeat_locations }]));
      expect(got).toEqual(Object.fromEntries(perLsoa));
    });
});
