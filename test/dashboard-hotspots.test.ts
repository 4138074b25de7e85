import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { loadFiles } from '../data/load.ts';
import { POLICEUK_SAMPLE, ROOT, readCsv, SAMPLE, tempDb } from './helpers.ts';

// The expected figures, counted from the raw police.uk CSVs with papaparse.
const LSOA_2021 = new Set(readCsv(join(ROOT, 'data/reference/lsoas.csv')).map((r) => r.lsoa_code));
const rows = (months: string[]) =>
  months.flatMap((m) =>
    readCsv(join(POLICEUK_SAMPLE, `2018-${m}/2018-${m}-metropolitan-street.csv`)).filter(
      (r) => r['Crime type'] === 'Burglary' && /^Barnet \d{3}[A-Z]$/.test(r['LSOA name'] ?? ''),
    ),
  );
function expected(months: string[]) {
  const byLsoa = new Map<string, { count: number; places: Map<string, number> }>();
  for (const r of rows(months)) {
    const e = byLsoa.get(r['LSOA code']!) ?? { count: 0, places: new Map() };
    e.count++;
    e.places.set(r.Location!, (e.places.get(r.Location!) ?? 0) + 1);
    byLsoa.set(r['LSOA code']!, e);
  }
  return byLsoa;
}

describe('GET /api/hotspots', () => {
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const path = tempDb();
    await loadFiles([SAMPLE], { db: path });
    db = await Database.open(path, { readOnly: true });
    app = createApp(db);
  });
  afterAll(() => db?.close());
  const get = async (q: string) => {
    const res = await app.request(`/api/hotspots?${q}`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('counts each Barnet LSOA, its repeat locations and the incidents whose 2011 LSOA is not in the 2021 boundaries', async () => {
    const { status, body } = await get('area=barnet&category=burglary&from=2018-01&to=2018-03');
    expect(status).toBe(200);
    const want = expected(['01', '02', '03']);
    expect(body.total).toBe([...want.values()].reduce((s, e) => s + e.count, 0));
    expect(body.rows.length).toBe(want.size);
    for (const r of body.rows) {
      const e = want.get(r.lsoa_code)!;
      expect(r.count, r.lsoa_code).toBe(e.count);
      expect(r.repeat_locations, r.lsoa_code).toBe([...e.places.values()].filter((n) => n >= 2).length);
      expect(r.in_boundaries).toBe(LSOA_2021.has(r.lsoa_code));
    }
    const unmatched = [...want].filter(([code]) => !LSOA_2021.has(code));
    expect(unmatched.length).toBeGreaterThan(0);
    expect(body.not_in_boundaries).toEqual({
      incidents: unmatched.reduce((s, [, e]) => s + e.count, 0),
      lsoas: unmatched.length,
      no_lsoa: 0,
      drawn_by_coordinates: unmatched.reduce((s, [, e]) => s + e.count, 0),
    });
    // nothing loaded for Jan-Mar 2017: the year before is unknown, not zero
    expect(body.previous).toEqual({ from: '2017-01', to: '2017-03', complete: false });
    expect(body.rows[0].previous_count).toBeNull();
    expect(body.note).toMatch(/hotspot proxy/);
    // ordered busiest first
    expect(body.rows.map((r: { count: number }) => r.count)).toEqual([...body.rows.map((r: { count: number }) => r.count)].sort((a, b) => b - a));
  });

  it('defaults to police.uk and its loaded months; one month counts only that month', async () => {
    const { body } = await get('area=E09000003&category=burglary&from=2018-02&to=2018-02');
    expect(body.source).toBe('policeuk');
    expect(body.total).toBe(rows(['02']).length);
    expect((await get('area=Barnet&category=burglary')).body.from).toBe('2018-01');
  });

  it('counts a local extract by its lsoa column: the year before, repeat place ids, and incidents with no LSOA', async () => {
    // the bundled local sample, read raw: Barnet burglary (residential and business) by LSOA, 2018 and 2017
    const raw = Papa.parse<Record<string, string>>(
      gunzipSync(readFileSync(join(SAMPLE, 'local/barnet-local-2017-2018.csv.gz'))).toString('utf8'),
      { header: true, skipEmptyLines: true },
    ).data.filter((r) => r.category!.startsWith('Burglary - '));
    const year = (y: string) => raw.filter((r) => r.date!.startsWith(y));
    const tally = (rs: Record<string, string>[]) => {
      const m = new Map<string | null, { n: number; places: Map<string, number> }>();
      for (const r of rs) {
        const k = r.lsoa || null;
        const e = m.get(k) ?? { n: 0, places: new Map() };
        e.n++;
        if (r.location_id) e.places.set(r.location_id, (e.places.get(r.location_id) ?? 0) + 1);
        m.set(k, e);
      }
      return m;
    };
    const cur = tally(year('2018'));
    const prev = tally(year('2017'));
    const { status, body } = await get('source=local&area=Barnet&category=burglary&from=2018-01&to=2018-12');
    expect(status).toBe(200);
    expect(body.source).toBe('local');
    expect(body.total).toBe(year('2018').length);
    expect(body.previous).toEqual({ from: '2017-01', to: '2017-12', complete: true });
    const keys = new Set([...cur.keys(), ...prev.keys()]);
    expect(body.rows.length).toBe(keys.size);
    for (const r of body.rows) {
      const c = cur.get(r.lsoa_code);
      expect(r.count, r.lsoa_code).toBe(c?.n ?? 0);
      expect(r.previous_count, r.lsoa_code).toBe(prev.get(r.lsoa_code)?.n ?? 0);
      expect(r.change, r.lsoa_code).toBe((c?.n ?? 0) - (prev.get(r.lsoa_code)?.n ?? 0));
      expect(r.repeat_locations, r.lsoa_code).toBe([...(c?.places.values() ?? [])].filter((n) => n >= 2).length);
      if (r.lsoa_code) expect(r.lsoa_name).toMatch(/^Barnet \d{3}[A-Z]$/);
      expect(r.longitude).toBeNull();
    }
    // incidents with no LSOA are a row of their own and counted as not drawn, never dropped
    const none = cur.get(null)!.n;
    expect(none).toBeGreaterThan(0);
    expect(body.not_in_boundaries).toEqual({ incidents: none, lsoas: 0, no_lsoa: none, drawn_by_coordinates: 0 });
    expect(body.note).toMatch(/location ids, pseudonymised/);
    // no raw place id is served
    expect(JSON.stringify(body)).not.toMatch(/"[ABH]\d{4,6}"/);
    expect([body.breaks, body.not_compared]).toEqual([[], null]);
  });

  it('a series break that makes the two windows not like for like: the counts of both years, no change (breaks.ts)', async () => {
    const breaks = join(dirname(tempDb()), 'series-breaks.csv');
    writeFileSync(breaks, 'source,category,month,note,comparable\nlocal,burglary,2018-04,"A test break: local burglary recorded another way from April 2018",no\n');
    process.env.SAFERBOARD_BREAKS = breaks;
    try {
      // (another window than the test above: the app caches answers by URL)
      const { status, body } = await get('source=local&area=Barnet&category=burglary&from=2018-02&to=2018-12');
      expect(status).toBe(200);
      expect(body.not_compared).toBe('a test break: local burglary recorded another way from April 2018');
      expect(body.breaks.map((b: any) => b.month)).toEqual(['2018-04']);
      expect(body.previous.complete).toBe(true);
      expect(body.rows.length).toBeGreaterThan(10);
      for (const r of body.rows) expect(r.change, r.lsoa_code).toBeNull();
      // the year before is still shown as a count; only the comparison is not made
      expect(body.rows.some((r: any) => typeof r.previous_count === 'number' && r.previous_count > 0)).toBe(true);
    } finally {
      delete process.env.SAFERBOARD_BREAKS;
    }
  });

  it('reads a local lsoa given as a code or a name, in any case; an unknown one is kept and counted as not drawn', async () => {
    const path = tempDb();
    const file = join(dirname(path), 'lsoas.csv');
    // E01000171 is "Barnet 006B" in data/reference/lsoas.csv
    const rows = [
      ['L1', 'E01000171', 'P1'],
      ['L2', 'e01000171 ', 'P1'],
      ['L3', 'Barnet 006B', 'P2'],
      ['L4', 'BARNET 006B', 'P3'],
      ['L5', 'E01099999', 'P4'],
      ['L6', '', 'P4'],
      ['L7', '', ''],
    ];
    writeFileSync(file, `incident_id,date,category,area,lsoa,location_id\n${rows.map(([id, lsoa, place]) => `${id},2018-05-0${id!.slice(1)},Burglary - Residential,Barnet,${lsoa},${place}`).join('\n')}\n`);
    await loadFiles([file], { db: path });
    const local = await Database.open(path, { readOnly: true });
    try {
      const body = (await (await createApp(local).request('/api/hotspots?source=local&area=Barnet&category=burglary-residential&from=2018-05&to=2018-05')).json()) as any;
      const by = new Map<string | null, any>(body.rows.map((r: { lsoa_code: string | null }) => [r.lsoa_code, r]));
      expect(body.total).toBe(7);
      expect(by.get('E01000171')).toMatchObject({ lsoa_name: 'Barnet 006B', count: 4, repeat_locations: 1, in_boundaries: true });
      expect(by.get('E01099999')).toMatchObject({ lsoa_name: null, count: 1, in_boundaries: false });
      expect(by.get(null)).toMatchObject({ count: 2, in_boundaries: false });
      expect(body.not_in_boundaries).toEqual({ incidents: 3, lsoas: 1, no_lsoa: 2, drawn_by_coordinates: 0 });
      // no local data a year before: unknown, not zero
      expect(body.previous.complete).toBe(false);
      expect(by.get('E01000171').previous_count).toBeNull();
    } finally {
      local.close();
    }
  });

  it('rejects bad input with a 400 naming the value', async () => {
    for (const [q, msg] of [
      ['area=Barnett&category=burglary', /unknown area: "Barnett"/],
      ['area=Barnet&category=burgalry', /unknown category: "burgalry"/],
      ['area=Barnet&category=burglary&source=mps', /source mps has none \(allowed: policeuk, local\)/],
      ['area=Barnet&category=burglary&to=2018-13', /malformed month/],
      ['area=Barnet&category=burglary&from=2018-03&to=2018-01', /from=2018-03 is after to=2018-01/],
      ['area=Barnet&category=burglary%27%3B%20DROP%20TABLE%20policeuk_incidents%3B--', /unknown category/],
    ] as const) {
      const { status, body } = await get(q);
      expect(status, q).toBe(400);
      expect(body.error, q).toMatch(msg);
    }
  });

  it('serves the dashboard views and boundaries as GeoJSON with the ONS attribution', async () => {
    for (const path of ['/', '/explore', '/assessment']) {
      const res = await app.request(path);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('/assets/app.js');
    }
    expect((await app.request('/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await app.request('/assets/app.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await app.request('/assets/..%2Fpackage.json')).status).toBe(404);
    const boroughs = (await (await app.request('/boundaries/boroughs.json')).json()) as any;
    expect(boroughs.features.length).toBe(33);
    expect(boroughs.attribution).toMatch(/Office for National Statistics/);
    const lsoas = (await (await app.request('/boundaries/lsoas/Barnet.json')).json()) as any;
    expect(lsoas.features.length).toBe(readCsv(join(ROOT, 'data/reference/lsoas.csv')).filter((r) => r.area_code === 'E09000003').length);
    expect((await app.request('/boundaries/lsoas/Narnia.json')).status).toBe(400);
  });
});
