/**
 * The MPS dashboard's ward (Safer Neighbourhood Team) rows in the ward view (issue 23): Barnet's domestic abuse by ward
 * from the dashboard file, counted from the raw file by a plain loop; wards + unplaced = the borough row; months with
 * no ward rows in the file are a gap for the wards, never 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Wards } from '../core/types.ts';
import { loadFiles } from '../data/load.ts';
import { MPSDASH_OTHER, readDashboard, tempDb, requestJson } from './helpers.ts';

const BARNET = 'E09000003';
const QUARTER = ['2023-04', '2023-05', '2023-06'];

const wards = (db: string, path: string) => requestJson<Wards>(db, path);

describe("the MPS dashboard's ward rows in /api/wards", () => {
  const raw = readDashboard(MPSDASH_OTHER).filter((r) => r.subtype === 'Domestic Abuse' && r.measure === 'Offences');
  const db = tempDb();
  beforeAll(async () => {
    await loadFiles([MPSDASH_OTHER], { db });
  });

  it("gives each Barnet ward's domestic abuse offences in a quarter, as the raw ward rows add up (by trimmed code)", async () => {
    const { status, body } = await wards(db, '/api/wards?area=Barnet&category=domestic-abuse&to=2023-06&period=quarter&source=mpsdash');
    expect(status, body.error).toBe(200);
    expect(body.source).toBe('mpsdash');
    expect(body.complete).toBe(true);
    const expected = new Map<string, number>();
    for (const r of raw)
      if (r.areaType !== 'Borough' && r.snt.startsWith('Barnet') && QUARTER.includes(r.month))
        expected.set(r.code, (expected.get(r.code) ?? 0) + r.count);
    expect(expected.size).toBeGreaterThan(10);
    const got = new Map(body.rows.filter((w) => expected.has(w.code)).map((w) => [w.code, w.count]));
    expect(got).toEqual(expected);
    // a 2022 ward of Barnet with no row in the quarter is 0, not a gap (the file covers the month)
    for (const w of body.rows) if (!expected.has(w.code)) expect(w.count).toBe(0);
    // the borough's own row, and the unplaced remainder: borough - wards
    const borough = raw.filter((r) => r.areaType === 'Borough' && r.code === BARNET && QUARTER.includes(r.month)).reduce((n, r) => n + r.count, 0);
    const placed = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(body.unplaced.borough_count).toBe(borough);
    expect(body.unplaced.wards_count).toBe(placed);
    expect(body.unplaced.count).toBe(borough - placed);
  });

  it('a window reaching months whose file has no ward rows of Barnet (2022 in this cut) is partial for the wards, never 0', async () => {
    const { body } = await wards(db, '/api/wards?area=Barnet&category=domestic-abuse&to=2023-03&period=12m&source=mpsdash');
    const wardMonths = new Set(raw.filter((r) => r.areaType !== 'Borough' && r.snt.startsWith('Barnet')).map((r) => r.month));
    expect(wardMonths.has('2022-06')).toBe(false);
    expect(body.complete).toBe(false);
    expect(body.missing_months).toContain('2022-06');
    expect(body.missing_months.filter((m) => wardMonths.has(m))).toEqual([]);
  });
});
