import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFiles } from '../data/load.ts';
import type { Explanation } from '../core/types.ts';
import { fixture, readCsv, requestJson, tempDb } from './helpers.ts';

// "How is this figure made?" for a ward's count (/api/explain?route=wards): the MPS ward file and the borough file of
// the same months (test/fixtures/wards), checked against the raw ward file by plain loops.
const WARD_FILE = fixture('wards/mps-ward-2024-03-2026-02.csv');
const BOROUGH_FILE = fixture('wards/mps-borough-2024-2026-barnet-haringey-hillingdon.csv');
const RAW = readCsv(WARD_FILE);
const POPULATION = readCsv(fixture('wards/london-ward-population-2021.csv'));
const LAST_12 = Object.keys(RAW[0]!).filter((k) => /^\d{6}$/.test(k)).slice(-12);
const BURNT_OAK = 'E05013630';

type RowsBody = { total: number | null; value: number; rows: { ward_code: string; month: string; minor: string; count: number }[] };

describe('ward figures explained like every figure', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-15T12:00:00Z'));
  });
  afterAll(() => vi.useRealTimers());

  let db: string;
  beforeAll(async () => {
    db = tempDb();
    await loadFiles([WARD_FILE, BOROUGH_FILE], { db });
  });

  it("explains a ward's count: SQL, parameters, files, Census 2021 arithmetic; its rows add up to it", async () => {
    const q = `area=Barnet&category=burglary&to=2026-02&ward=${BURNT_OAK}`;
    const { status, body: e } = await requestJson<Explanation>(db, `/api/explain?route=wards&${q}`);
    expect(status).toBe(200);
    // the count by a plain loop over the raw file: Burnt Oak's burglary rows, the 12 months to February 2026
    let count = 0;
    const cells: string[] = [];
    for (const r of RAW)
      if (r.WardCode!.trim() === BURNT_OAK && r.MajorText === 'BURGLARY')
        for (const m of LAST_12) {
          count += Number(r[m]);
          if (Number(r[m]) !== 0) cells.push(`${r.MinorText}|${m}`);
        }
    expect(count).toBeGreaterThan(0);
    expect(e.value).toBe(count);
    expect(e.route).toBe('wards');
    expect(e.source).toBe('mpsward');
    expect(e.state).toBe('number');
    expect(e.covered_months).toEqual(LAST_12.map((m) => `${m.slice(0, 4)}-${m.slice(4)}`));
    expect(e.sql.map((s) => s.name)).toContain('queries/wards-counts.sql');
    expect(e.parameters['wards-counts']).toMatchObject({ source: 'mpsward', area: 'E09000003', category: 'burglary' });
    // the loaded files behind it: the ward file and the borough file the unplaced remainder is taken from
    expect(e.files.map((f) => f.file.split('/').pop()).sort()).toEqual(['mps-borough-2024-2026-barnet-haringey-hillingdon.csv', 'mps-ward-2024-03-2026-02.csv']);
    // the rate's arithmetic with the ward's Census 2021 population, from the population file
    const population = Number(POPULATION.find((p) => p.ward_code === BURNT_OAK)!.population_2021);
    expect(e.population_year).toBe(2021);
    expect(e.ward!.population).toBe(population);
    expect(e.ward!.rate_per_1000).toBeCloseTo((1000 * count) / population, 10);
    expect(e.ward!.arithmetic).toContain(`${count.toLocaleString('en-GB')} crimes ÷ ${population.toLocaleString('en-GB')} residents (Census 2021) × 1,000`);
    expect(e.ward!.unplaced.count).toBe((e.ward!.unplaced.borough_count as number) - (e.ward!.unplaced.wards_count as number));
    // the rows link is the rows of exactly this ward figure
    expect(e.rows.offered).toBe(true);
    expect(e.rows.count).toBe(count);
    const url = new URL(e.rows.url!, 'http://x');
    expect(url.pathname).toBe('/api/wards/rows');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ area: 'E09000003', category: 'burglary', to: '2026-02', ward: BURNT_OAK, source: 'mpsward' });
    const rows = (await requestJson<RowsBody>(db, e.rows.url!)).body;
    expect(rows.total).toBe(count);
    expect(rows.value).toBe(count);
    expect(rows.rows.reduce((s, r) => s + r.count, 0)).toBe(count);
    // exactly the raw file's non-zero cells of that ward, category and window
    expect(rows.rows.filter((r) => r.count !== 0).map((r) => `${r.minor}|${r.month.replace('-', '')}`).sort()).toEqual(cells.sort());
    expect(rows.rows.every((r) => r.ward_code === BURNT_OAK)).toBe(true);
    // /api/rows answers the same figure the same way
    const same = (await requestJson<RowsBody>(db, `/api/rows?route=wards&${q}`)).body;
    expect(same.total).toBe(count);
  });

  it('an unknown ward is a 400 naming it and the borough’s wards; ward is required', async () => {
    const bad = await requestJson<{ error: string; detail: { allowed: string[] } }>(db, '/api/explain?route=wards&area=Barnet&category=burglary&ward=E05000001');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('unknown ward of Barnet: "E05000001"');
    expect(bad.body.error).toContain(`${BURNT_OAK} Burnt Oak`);
    const barnet = POPULATION.filter((p) => p.lad_code === 'E09000003').map((p) => p.ward_code).sort();
    expect(bad.body.detail.allowed).toEqual(barnet);
    const none = await requestJson<{ error: string }>(db, '/api/explain?route=wards&area=Barnet&category=burglary');
    expect(none.status).toBe(400);
    expect(none.body.error).toContain('ward is required');
  });

  it('in public mode the explanation shows the count as /api/wards?public=1 does, and offers no rows', async () => {
    const pub = await requestJson<{ rows: { code: string; count: unknown }[] }>(db, '/api/wards?area=Barnet&category=burglary&to=2026-02&public=1');
    expect(pub.status).toBe(200);
    for (const code of [BURNT_OAK, pub.body.rows.find((r) => typeof r.count === 'string')?.code].filter(Boolean)) {
      const { body: e } = await requestJson<Explanation>(db, `/api/explain?route=wards&area=Barnet&category=burglary&to=2026-02&ward=${code}&public=1`);
      expect(e.value).toEqual(pub.body.rows.find((r) => r.code === code)!.count);
      expect(e.rows.offered).toBe(false);
      expect(e.files.every((f) => f.slice_rows === undefined)).toBe(true);
    }
  });
});
